import Asymptotics
import Flow
import Foundation
import Limits
import Datasets
import Multiprecision
import Yams

/// Reads an experiment from YAML. Every scalar is read as text (never through a binary
/// floating-point type); numbers are exact. Errors carry the file, line and column (from Yams)
/// of the offending node.
///
/// ```yaml
/// name: f1-transition        # optional label
/// data: builtin:F1           # builtin:NAME, or a CSV path (relative to this file's folder)
/// loss: exponential          # optional: exponential | logistic | squared
/// quantity: checkpoints      # what each grid point computes
/// depths: [2, 3]             # integers ≥ 2
/// alphas: [1, 3, 10]         # decimals > 0, exact
/// tau: [10, 100]             # τ = −ln L checkpoints, decimals
/// digits: 20                 # verified significant digits per number
/// ```
///
/// `quantity: transition` takes `horizon` (the last τ searched) and optionally `kernel_ratio`
/// (default 1) and `rich_distance` (default 0.1) instead of `tau`.
///
/// `quantity: distances` sweeps a model of the user's own over its scale s
/// (`ExperimentParser+ModelFile`): `model_file` (a path relative to this file's folder),
/// `scales` (decimals > 0), `time` (physical times ≥ 0) and optionally `rich_distance`, instead
/// of `depths`, `alphas` and `tau`.
public enum ExperimentParser {
    static let keys = [
        "name", "data", "loss", "quantity", "depths", "alphas", "tau", "digits", "horizon", "kernel_ratio", "rich_distance", "model_file",
        "scales", "time"
    ]
    static let required = ["data", "quantity", "depths", "alphas", "digits"]
    /// A model-file experiment's required keys (its grid is `scales`, not depths × alphas).
    static let modelRequired = ["data", "quantity", "digits"]
    /// Keys that belong to one quantity only.
    static let quantityKeys: [SweepQuantity: [String]] = [
        .checkpoints: ["tau"], .transition: ["horizon", "kernel_ratio", "rich_distance"],
        .distances: ["model_file", "scales", "time", "rich_distance"]
    ]
    static let quantityRequired: [SweepQuantity: [String]] = [
        .checkpoints: ["tau"], .transition: ["horizon"], .distances: ["model_file", "scales", "time"]
    ]

    /// Reads the experiment file at `path`.
    public static func load(path: String) throws(ExperimentError) -> Experiment {
        let text: String
        do { text = try FileBytes.text(path, maximumBytes: 1 << 24) } catch {
            throw ExperimentError(file: path, problem: error.problem.description)
        }
        guard !text.allSatisfy(\.isWhitespace) else {
            throw ExperimentError(
                file: path, problem: "the file is empty: an experiment file is YAML with the keys " + required.joined(separator: ", "))
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try parse(text, source: path, baseDirectory: folder)
    }

    /// Reads an experiment held in `text`; `source` names it in errors, relative data paths are
    /// resolved against `baseDirectory`.
    public static func parse(_ text: String, source: String, baseDirectory: String) throws(ExperimentError) -> Experiment {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch let error as YamlError {
            throw syntaxError(error, source: source)
        } catch {
            throw ExperimentError(file: source, problem: "YAML syntax error: \(error)")
        }
        guard let root, case let .mapping(mapping) = root else {
            throw ExperimentError(
                file: source, line: root?.mark?.line, column: root?.mark?.column,
                problem: "an experiment is a YAML mapping with the keys " + keys.joined(separator: ", "))
        }
        var fields: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard case let .scalar(key) = keyNode else { throw error(source, keyNode, "keys must be plain words") }
            guard keys.contains(key.string) else {
                throw error(source, keyNode, "unknown key '\(key.string)'; the keys are " + keys.joined(separator: ", "))
            }
            guard fields[key.string] == nil else { throw error(source, keyNode, "'\(key.string)' is given twice") }
            fields[key.string] = value
        }
        let distances =
            fields["model_file"] != nil || fields["quantity"].map { (try? scalar($0, source, "quantity")) == "distances" } == true
        for key in distances ? modelRequired : required where fields[key] == nil {
            throw ExperimentError(file: source, line: root.mark?.line, column: root.mark?.column, problem: "missing key '\(key)'")
        }

        var name: String?
        if let nameNode = fields["name"] { name = try scalar(nameNode, source, "name") }
        // Data.
        let dataNode = fields["data"]!
        let dataText = try scalar(dataNode, source, "data")
        let dataSpec: String
        if dataText.hasPrefix(DataSource.builtinPrefix) || dataText.hasPrefix("/") {
            dataSpec = dataText
        } else {
            dataSpec = URL(fileURLWithPath: baseDirectory).appendingPathComponent(dataText).standardized.path
        }
        let table: CSVTable
        do { table = try DataSource.table(dataSpec) } catch { throw self.error(source, dataNode, "data: \(error)") }
        let labelsArePlusMinusOne = table.rows.allSatisfy { $0.last! == Rational(1) || $0.last! == Rational(-1) }
        // Loss, and whether it fits the data.
        let loss: Loss
        if let lossNode = fields["loss"] {
            let text = try scalar(lossNode, source, "loss")
            guard let value = Loss(rawValue: text) else {
                throw error(source, lossNode, "loss '\(text)' is not one of " + Loss.allCases.map(\.rawValue).joined(separator: ", "))
            }
            if value.isClassification && !labelsArePlusMinusOne {
                do { _ = try ClassificationData(table) } catch {
                    throw self.error(source, lossNode, "the \(text) loss needs labels ±1, but \(error)")
                }
            }
            loss = value
        } else {
            loss = labelsArePlusMinusOne ? .exponential : .squared
        }
        if loss.isClassification {
            let z: [[Rational]]
            do { z = try ClassificationData(table).z } catch {
                throw self.error(source, dataNode, "the \(loss.rawValue) loss needs labels ±1, but \(error)")
            }
            do { try Separability.require(z) } catch {
                throw self.error(source, dataNode, error.description)
            }
        }
        // Quantity.
        let quantityNode = fields["quantity"]!
        let quantityText = try scalar(quantityNode, source, "quantity")
        guard let quantity = SweepQuantity(rawValue: quantityText) else {
            throw error(
                source, quantityNode,
                "quantity '\(quantityText)' is not one of " + SweepQuantity.allCases.map(\.rawValue).joined(separator: ", "))
        }
        for (other, otherKeys) in quantityKeys where other != quantity {
            for key in otherKeys where fields[key] != nil && !(quantityKeys[quantity] ?? []).contains(key) {
                throw error(source, fields[key]!, "'\(key)' belongs to quantity \(other.rawValue), not \(quantity.rawValue)")
            }
        }
        for key in quantityRequired[quantity] ?? [] where fields[key] == nil {
            throw error(source, quantityNode, "quantity \(quantity.rawValue) needs the key '\(key)'")
        }
        if quantity == .distances {
            for key in ["depths", "alphas"] where fields[key] != nil {
                throw error(
                    source, fields[key]!,
                    "'\(key)' does not apply to quantity distances: a model file's grid is its scales s (give 'scales')")
            }
            return try modelExperiment(
                name: name, dataSpec: dataSpec, table: table, loss: loss, fields: fields, source: source, baseDirectory: baseDirectory)
        }
        if quantity == .transition && loss != .exponential {
            throw error(
                source, fields["loss"] ?? quantityNode,
                "quantity transition follows the exponential-loss flow; loss \(loss.rawValue) does not fit it")
        }
        // Grid and checkpoints.
        let depths: [Int] = try list(fields["depths"]!, source, "depths").map { (node, text) throws(ExperimentError) -> Int in
            guard let depth = Int(text), depth >= 2, depth <= 64 else {
                throw error(source, node, "depth '\(text)' is not an integer between 2 and 64")
            }
            return depth
        }
        let alphas: [Rational] = try list(fields["alphas"]!, source, "alphas").map { (node, text) throws(ExperimentError) -> Rational in
            guard let value = exactNumber(text) else {
                throw error(source, node, "alpha '\(text)' is not a decimal number or fraction p/q")
            }
            guard value.signum > 0 else { throw error(source, node, "alpha '\(text)' must be positive") }
            return value
        }
        let tauItems = try fields["tau"].map { node throws(ExperimentError) in try list(node, source, "tau") } ?? []
        let taus: [Rational] = try tauItems.map { (node, text) throws(ExperimentError) -> Rational in
            guard let value = exactNumber(text) else { throw error(source, node, "tau '\(text)' is not a decimal number or fraction p/q") }
            let start = startTau(table, loss: loss)
            guard BigFloat(value, precision: 64).doubleValue > start else {
                throw error(
                    source, node, "tau \(text) is not after the start of the flow, τ(0) = −ln L(0) ≈ \(String(format: "%.6g", start + 0.0))"
                )
            }
            return value
        }
        try requireDistinct(depths.map(String.init), fields["depths"]!, source, "depths")
        try requireDistinct(alphas.map(\.description), fields["alphas"]!, source, "alphas")
        if let tauNode = fields["tau"] { try requireDistinct(taus.map(\.description), tauNode, source, "tau") }
        var settings: [String: Rational] = [:]
        for key in ["horizon", "kernel_ratio", "rich_distance"] {
            guard let node = fields[key] else { continue }
            let text = try scalar(node, source, key)
            guard let value = exactNumber(text), value.signum > 0 else {
                throw error(source, node, "\(key) '\(text)' is not a positive number")
            }
            if key == "horizon" && !(BigFloat(value, precision: 64).doubleValue > startTau(table, loss: loss)) {
                throw error(source, node, "horizon \(text) is not after the start of the flow, τ(0) = −ln L(0)")
            }
            settings[key] = value
        }
        let digits = try digits(fields, source)
        let experiment = Experiment(
            name: name, dataSpec: dataSpec, table: table, loss: loss, quantity: quantity,
            depths: depths, alphas: alphas, taus: taus, digits: digits,
            horizon: settings["horizon"],
            kernelRatio: quantity == .transition ? settings["kernel_ratio"] ?? Rational(1) : nil,
            richDistance: quantity == .transition ? settings["rich_distance"] ?? Rational(1, 10) : nil)
        // Every grid point must make a valid flow problem before anything runs.
        for point in experiment.grid {
            do { _ = try SweepPointComputation.validate(experiment, point) } catch {
                throw ExperimentError(file: source, problem: "\(point.label): \(error)")
            }
        }
        return experiment
    }

    /// The verified digits asked (`digits`, required).
    static func digits(_ fields: [String: Node], _ source: String) throws(ExperimentError) -> Int {
        let digitsNode = fields["digits"]!
        let digitsText = try scalar(digitsNode, source, "digits")
        guard let digits = Int(digitsText), Precision.decimalDigitRange.contains(digits) else {
            throw error(source, digitsNode, "digits '\(digitsText)' is not an integer between 1 and \(Precision.maximumDecimalDigits)")
        }
        return digits
    }

    /// A decimal literal or an exact fraction "p/q".
    static func exactNumber(_ text: String) -> Rational? {
        if let value = try? Rational(decimal: text) { return value }
        return try? Rational(fraction: text)
    }

    /// τ(0) = −ln L(0) at w = 0, to double accuracy (a sanity bound for the checkpoints; the
    /// solver checks exactly): L(0) = N (exponential), N ln 2 (logistic), ½‖y‖² (squared).
    static func startTau(_ table: CSVTable, loss: Loss) -> Double {
        let n = Double(table.rowCount)
        switch loss {
        case .exponential: return -Foundation.log(n)
        case .logistic: return -Foundation.log(n * Foundation.log(2.0))
        case .squared:
            let squares = table.rows.reduce(0.0) { sum, row in
                let y = BigFloat(row.last!, precision: 64).doubleValue
                return sum + y * y
            }
            return -Foundation.log(squares / 2)
        }
    }

    // MARK: nodes

    static func error(_ source: String, _ node: Node, _ problem: String) -> ExperimentError {
        ExperimentError(file: source, line: node.mark?.line, column: node.mark?.column, problem: problem)
    }

    static func scalar(_ node: Node, _ source: String, _ key: String) throws(ExperimentError) -> String {
        guard case let .scalar(value) = node, !value.string.isEmpty else {
            throw error(source, node, "'\(key)' must be a single value")
        }
        return value.string
    }

    /// A sequence of scalars (or one scalar, as a one-element list), each with its node.
    static func list(_ node: Node, _ source: String, _ key: String) throws(ExperimentError) -> [(Node, String)] {
        switch node {
        case let .scalar(value) where !value.string.isEmpty:
            return [(node, value.string)]
        case let .sequence(sequence):
            guard !sequence.isEmpty else { throw error(source, node, "'\(key)' is an empty list") }
            var items: [(Node, String)] = []
            for item in sequence {
                guard case let .scalar(value) = item, !value.string.isEmpty else {
                    throw error(source, item, "'\(key)' must list single values")
                }
                items.append((item, value.string))
            }
            return items
        default:
            throw error(source, node, "'\(key)' must be a list such as [1, 10]")
        }
    }

    static func requireDistinct(_ values: [String], _ node: Node, _ source: String, _ key: String) throws(ExperimentError) {
        var seen = Set<String>()
        for value in values where !seen.insert(value).inserted {
            throw error(source, node, "'\(key)' lists the value \(value) twice")
        }
    }

    static func syntaxError(_ error: YamlError, source: String) -> ExperimentError {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            let where_ = context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
            return ExperimentError(file: source, line: mark.line, column: mark.column, problem: "YAML syntax error: \(problem)\(where_)")
        case let .duplicatedKeysInMapping(duplicates, context):
            return ExperimentError(
                file: source, line: context.mark.line, column: context.mark.column,
                problem: "YAML: duplicated key(s) " + duplicates.sorted().joined(separator: ", "))
        default:
            return ExperimentError(file: source, problem: "YAML syntax error: \(error)")
        }
    }
}
