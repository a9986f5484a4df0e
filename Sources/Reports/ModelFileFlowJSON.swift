import Datasets
import Asymptotics
import Flow
import Foundation
import Multiprecision

/// The JSON of `biasflow flow --model-file M.yaml` (Docs/model-files.md): the flow (or gradient
/// descent) of a model of the user's own (`ModelFlowRun`).
///
/// `{"model_file", "parameters", "scale", "loss", "optimizer", "precision_bits", "steps",
/// "initial_imbalances"?, "checkpoints": [{"time", "loss", "w", "theta", "verified_digits"?,
/// "iterations"?, "imbalances"?, "loss_digits"?}, …], "events"?: [{"event", "coordinate", "time",
/// "w", "verified_digits"}, …]}`; a checkpoint placed by a level first names it (`"tau"`,
/// `"log10_loss"` or `"margin"`) and then gives the located time. Per checkpoint the predictor k as `w`, θ per coordinate as
/// `theta` (one array of the model's parameters per coordinate), the loss and the conserved layer
/// imbalances of product coordinates (`null` for a coordinate without one). Numbers carry the
/// checkpoint's verified digits (at most the digits asked; each entry of k and θ, and the loss
/// (`loss_digits`), at most the digits on which the two runs agree on it: `ModelFileFlowDecimals`),
/// as decimal strings through `JSONText.decimal` (never NaN, ±∞ or −0).
public enum ModelFileFlowJSON {
    public static func render(
        _ result: ModelFlowRun.Result, model: ExpressionModel, modelFile: String, scale: String, loss: Loss,
        optimizer: String, digits: Int
    ) -> String {
        let decimals = ModelFileFlowDecimals(result, model: model, digits: digits)
        func imbalances(_ values: [[String]?]) -> String { JSONText.array(values.map { $0.map(JSONText.decimals) ?? "null" }) }
        let checkpoints = decimals.checkpoints.map { c -> String in
            var pairs: [(String, String)] = []
            if let level = c.level { pairs.append((level.key, JSONText.decimal(level.value))) }
            pairs += [
                ("time", JSONText.decimal(c.time)), ("loss", JSONText.decimal(c.loss)), ("w", JSONText.decimals(c.w)),
                ("theta", JSONText.array(c.theta.map(JSONText.decimals)))
            ]
            if let v = c.verifiedDigits { pairs.append(("verified_digits", JSONText.integer(v))) }
            if let v = c.lossDigits { pairs.append(("loss_digits", JSONText.integer(v))) }
            if let k = c.iterations { pairs.append(("iterations", JSONText.integer(k))) }
            if c.imbalances.contains(where: { $0 != nil }) { pairs.append(("imbalances", imbalances(c.imbalances))) }
            return JSONText.object(pairs)
        }
        var pairs: [(String, String)] = [
            ("model_file", JSONText.string(modelFile)), ("parameters", JSONText.strings(model.parameters)),
            ("scale", JSONText.decimal(scale)), ("loss", JSONText.string(loss.rawValue)), ("optimizer", JSONText.string(optimizer)),
            ("precision_bits", JSONText.integer(result.precisionBits)), ("steps", JSONText.array(result.steps.map(JSONText.integer)))
        ]
        if decimals.initialImbalances.contains(where: { $0 != nil }) {
            pairs.append(("initial_imbalances", imbalances(decimals.initialImbalances)))
        }
        pairs.append(("checkpoints", JSONText.array(checkpoints)))
        if !decimals.events.isEmpty {
            let events = decimals.events.map { e in
                JSONText.object([
                    ("event", JSONText.string(e.kind.rawValue)), ("coordinate", JSONText.integer(e.coordinate)),
                    ("time", JSONText.decimal(e.time)),
                    ("w", JSONText.decimals(e.w)), ("verified_digits", JSONText.integer(e.verifiedDigits))
                ])
            }
            pairs.append(("events", JSONText.array(events)))
        }
        return JSONText.object(pairs)
    }
}
