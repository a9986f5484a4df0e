import Asymptotics
import Flow
import Multiprecision

/// The CSV and readable table of `biasflow flow --model-file M.yaml` (`--format csv|table`; the JSON
/// is `ModelFileFlowJSON`), with the numbers of the JSON exactly (`ModelFileFlowDecimals`: each with
/// the digits verified for it).
///
/// CSV: a header row, then one row per checkpoint in the order asked, columns `target` (`time`,
/// `tau`, `log10_loss` or `margin`), `level` (the level's value; empty for a time), `time`, `loss`,
/// `w1`…`wd` (the predictor k), `theta{i}_{name}` (θ of coordinate i, per parameter), for each
/// product coordinate `imbalance{i}_{a_j}_{a_L}` (a_j² − a_L²), `verified_digits`, `loss_digits`
/// and `iterations` (empty where the run has none: the digits for gradient descent, the iterations
/// for the flow). Events are not checkpoints and are left to the table and the JSON.
///
/// Table: the run (model, parameters, scale, loss, precision, steps), the imbalances at t = 0, then
/// per checkpoint its level and time, verified digits, the loss, each k_i, θ per coordinate and the
/// imbalances, then the events with the k where each happened. An entry on which the two runs agree
/// on no digit is marked `~` (its one printed digit is below the runs' accuracy).
public struct ModelFileFlowText: Sendable {
    public let result: ModelFlowRun.Result
    public let model: ExpressionModel
    /// The model file and the scale s as the user wrote them.
    public let modelFile: String
    public let scale: String
    public let loss: Loss
    /// `flow` or `gd`.
    public let optimizer: String
    /// The significant digits asked.
    public let digits: Int

    public init(
        _ result: ModelFlowRun.Result, model: ExpressionModel, modelFile: String, scale: String, loss: Loss, optimizer: String,
        digits: Int
    ) {
        self.result = result
        self.model = model
        self.modelFile = modelFile
        self.scale = scale
        self.loss = loss
        self.optimizer = optimizer
        self.digits = digits
    }

    /// The names of coordinate i's imbalances, as (the layer a_j, the reference layer a_L); empty
    /// for a coordinate that is no product.
    private func imbalanceLayers(_ i: Int) -> [(String, String)] {
        guard let layers = model.productLayers(coordinate: i) else { return [] }
        let last = model.referenceLayer(coordinate: i, layers: layers)
        return layers.filter { $0 != last }.map { (model.parameters[$0], model.parameters[last]) }
    }

    public func csv() -> String {
        let decimals = ModelFileFlowDecimals(result, model: model, digits: digits)
        let d = model.dimension
        let products = (0..<d).filter { decimals.initialImbalances[$0] != nil }
        var header = ["target", "level", "time", "loss"] + (1...d).map { "w\($0)" }
        header += (0..<d).flatMap { i in model.parameters.map { "theta\(i + 1)_\($0)" } }
        header += products.flatMap { i in imbalanceLayers(i).map { "imbalance\(i + 1)_\($0.0)_\($0.1)" } }
        header += ["verified_digits", "loss_digits", "iterations"]
        var lines = [header.map(CSVTableRenderer.field).joined(separator: ",")]
        for c in decimals.checkpoints {
            var row = [c.level?.key ?? "time", c.level?.value ?? "", c.time, c.loss] + c.w + c.theta.flatMap { $0 }
            for i in products {
                row += c.imbalances[i] ?? Array(repeating: "", count: decimals.initialImbalances[i]?.count ?? 0)
            }
            row += [c.verifiedDigits, c.lossDigits, c.iterations].map { $0.map(String.init) ?? "" }
            lines.append(row.map(CSVTableRenderer.field).joined(separator: ","))
        }
        return lines.joined(separator: "\n")
    }

    public func table() -> String {
        let decimals = ModelFileFlowDecimals(result, model: model, digits: digits)
        let descent = optimizer == "gd"
        func marked(_ text: String, _ agreed: Int?) -> String { agreed == 0 ? "~" + text : text }
        func imbalances(_ i: Int, _ values: [String]) -> String {
            zip(imbalanceLayers(i), values).map { "\($0.0)² − \($0.1)² = \($1)" }.joined(separator: ", ")
        }
        let steps =
            descent ? "\(result.steps.last ?? 0) iterations" : "\(result.steps.map(String.init).joined(separator: "/")) steps"
        var out = [
            "\(descent ? "gradient descent" : "gradient flow") of \(modelFile) (parameters \(model.parameters.joined(separator: ", "))) "
                + "from θ(0) = s·θ*, s = \(scale), \(loss.rawValue) loss: \(result.precisionBits) bits, \(steps)"
        ]
        for (i, values) in decimals.initialImbalances.enumerated() {
            if let values { out.append("imbalances of coordinate \(i + 1) at t = 0: \(imbalances(i, values))") }
        }
        let products = decimals.initialImbalances.contains { $0 != nil }
        let width = Swift.max(6, (products ? "imbalance \(model.dimension)" : "k\(model.dimension)").count + 2)
        func line(_ label: String, _ value: String) -> String {
            "  " + label + String(repeating: " ", count: Swift.max(1, width - label.count)) + value
        }
        for c in decimals.checkpoints {
            let place: String
            switch c.level?.kind {
            case .tau?: place = "τ = \(c.level?.value ?? "") at t = \(c.time)"
            case .log10Loss?: place = "log10 L = \(c.level?.value ?? "") at t = \(c.time)"
            case .margin?: place = "γ = \(c.level?.value ?? "") at t = \(c.time)"
            case nil: place = "t = \(c.time)"
            }
            let verified =
                c.verifiedDigits.map { "\($0) digits verified" }
                ?? "K = \(c.iterations ?? 0) iterations, \(c.shownDigits) digits shown, not verified by a second run"
            out.append("checkpoint \(place)   (\(verified))")
            let agreement = c.lossDigits.map { $0 < c.shownDigits ? "   (\($0) digits agree)" : "" } ?? ""
            out.append(line("loss", marked(c.loss, c.lossDigits) + agreement))
            for (i, value) in c.w.enumerated() { out.append(line("k\(i + 1)", marked(value, c.wDigits?[i]))) }
            for (i, values) in c.theta.enumerated() {
                let entries = zip(model.parameters, values).enumerated().map { j, pair in
                    "\(pair.0) = \(marked(pair.1, c.thetaDigits?[i][j]))"
                }
                out.append(line("θ\(i + 1)", entries.joined(separator: ", ")))
            }
            for (i, values) in c.imbalances.enumerated() {
                if let values { out.append(line("imbalance \(i + 1)", imbalances(i, values))) }
            }
        }
        for e in decimals.events {
            let what =
                e.kind == .sign
                ? "k\(e.coordinate) changes sign" : "|k\(e.coordinate)| crosses κ = 2·max_j |k_j(0)| (support)"
            let k = zip(e.w, e.wDigits).map { marked($0, $1) }.joined(separator: ", ")
            out.append("event: \(what) at t = \(e.time) (\(e.verifiedDigits) digits verified); k = (\(k))")
        }
        return out.joined(separator: "\n")
    }
}
