import Flow
import Datasets
import Multiprecision

/// A sweep experiment: data, loss, depths, α grid, τ checkpoints, digits and the quantity to
/// compute at each grid point, normalised (lists sorted, numbers exact) so that two files that
/// describe the same computation have the same canonical text and hash.
///
/// The grid is depths × alphas in ascending order, depth outermost; a point's index in that
/// order identifies it in result stores, shards and merges. A model-file experiment (quantity
/// `distances`, `model`) has no depths or alphas: its grid is the scales s, ascending.
public struct Experiment: Sendable {
    /// Free label from the file (not part of the identity).
    public let name: String?
    /// `--data` as written in the file (`builtin:NAME` or a path, resolved against the file's folder).
    public let dataSpec: String
    public let table: CSVTable
    public let loss: Loss
    public let quantity: SweepQuantity
    public let depths: [Int]
    public let alphas: [Rational]
    /// τ checkpoints, ascending, as normalised decimal text.
    public let taus: [String]
    public let digits: Int
    /// Transition quantity: the last τ searched, and the `RegimeRule` thresholds (normalised text).
    public let horizon: String?
    public let kernelRatio: String?
    public let richDistance: String?
    /// Quantity `distances`: the model file and the checkpoint times; `scales` is its grid.
    public let model: ModelSweep?
    public let scales: [Rational]

    public init(
        name: String?, dataSpec: String, table: CSVTable, loss: Loss, quantity: SweepQuantity,
        depths: [Int], alphas: [Rational], taus: [Rational], digits: Int,
        horizon: Rational? = nil, kernelRatio: Rational? = nil, richDistance: Rational? = nil,
        model: ModelSweep? = nil, scales: [Rational] = []
    ) {
        self.name = name
        self.dataSpec = dataSpec
        self.table = table
        self.loss = loss
        self.quantity = quantity
        self.depths = depths.sorted()
        self.alphas = alphas.sorted(by: <)
        self.taus = taus.sorted(by: <).map(Experiment.text)
        self.digits = digits
        self.horizon = horizon.map(Experiment.text)
        self.kernelRatio = kernelRatio.map(Experiment.text)
        self.richDistance = richDistance.map(Experiment.text)
        self.model = model
        self.scales = scales.sorted(by: <)
    }

    public var isClassification: Bool { loss.isClassification }

    /// Every grid point, in index order.
    public var grid: [SweepGridPoint] {
        var points: [SweepGridPoint] = []
        if model != nil {
            return scales.enumerated().map { SweepGridPoint(index: $0, depth: 0, alpha: $1, alphaText: Experiment.text($1)) }
        }
        for depth in depths {
            for alpha in alphas {
                points.append(SweepGridPoint(index: points.count, depth: depth, alpha: alpha, alphaText: Experiment.text(alpha)))
            }
        }
        return points
    }

    /// The exact content of the data (column names and exact entries), as hashed.
    public var dataFingerprint: String {
        var text = table.columnNames.joined(separator: ",") + "\n"
        for row in table.rows { text += row.map(\.description).joined(separator: ",") + "\n" }
        return FNV1a.hex(text)
    }

    /// The normalised experiment: everything that determines the results, one `key: value` a line.
    /// The data enter by their content fingerprint, so a file and the equal built-in set agree.
    public var canonicalText: String {
        if let model {
            return [
                "biasflow-sweep-experiment/1",
                "data: \(dataFingerprint) (\(table.rowCount)×\(table.columnCount))",
                "model: \(model.fingerprint)",
                "loss: \(loss.rawValue)",
                "quantity: \(quantity.rawValue)",
                "scales: " + scales.map(Experiment.text).joined(separator: ","),
                "time: " + model.timeTexts.joined(separator: ","),
                "digits: \(digits)",
                "rich_distance: \(richDistance ?? "0.1")"
            ].joined(separator: "\n") + "\n"
        }
        return [
            "biasflow-sweep-experiment/1",
            "data: \(dataFingerprint) (\(table.rowCount)×\(table.columnCount))",
            "loss: \(loss.rawValue)",
            "quantity: \(quantity.rawValue)",
            "depths: " + depths.map(String.init).joined(separator: ","),
            "alphas: " + alphas.map(Experiment.text).joined(separator: ","),
            "tau: " + taus.joined(separator: ","),
            "digits: \(digits)"
        ]
        .filter { !($0 == "tau: " && quantity == .transition) }
        .joined(separator: "\n") + "\n" + transitionLines
    }

    /// The transition quantity's settings (empty for other quantities, so their hashes stay). With a
    /// depth D > 2 the rich limit is the sweep-end l_{2/D} KKT point (`RichLimit`, since it replaced
    /// ŵ₁ there): that is part of what the results mean, so such experiments hash differently from
    /// stores computed against ŵ₁; D = 2 experiments (rich limit ŵ₁ throughout) keep their hash.
    var transitionLines: String {
        guard quantity == .transition else { return "" }
        var lines = "horizon: \(horizon ?? "")\nkernel_ratio: \(kernelRatio ?? "")\nrich_distance: \(richDistance ?? "")\n"
        if depths.contains(where: { $0 > 2 }) { lines += "rich_limit: auto (l1 for D = 2, sweep-end l_{2/D} KKT point for D > 2)\n" }
        return lines
    }

    /// FNV-1a 64 of `canonicalText`, 16 hex digits.
    public var hash: String { FNV1a.hex(canonicalText) }

    /// A rational as the shortest exact text: a finite decimal when it has one ("0.001", "30"),
    /// "p/q" otherwise.
    public static func text(_ value: Rational) -> String {
        var denominator = value.denominatorString
        guard var d = Int(denominator) else { return value.description }
        var twos = 0, fives = 0
        while d % 2 == 0 {
            d /= 2
            twos += 1
        }
        while d % 5 == 0 {
            d /= 5
            fives += 1
        }
        guard d == 1 else { return value.description }
        let places = max(twos, fives)
        if places == 0 { return value.numeratorString }
        var scale = Rational(1)
        for _ in 0..<places { scale = scale * Rational(10) }
        let scaled = (value * scale).numeratorString
        let negative = scaled.hasPrefix("-")
        let digits = negative ? String(scaled.dropFirst()) : scaled
        let padded = String(repeating: "0", count: max(0, places + 1 - digits.count)) + digits
        let cut = padded.index(padded.endIndex, offsetBy: -places)
        denominator = String(padded[cut...])
        return (negative ? "-" : "") + padded[..<cut] + "." + denominator
    }
}
