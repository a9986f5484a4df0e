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
/// (`loss_digits`), at most the digits on which the two runs agree on it), as decimal strings through
/// `JSONText.decimal` (never NaN, ±∞ or −0).
public enum ModelFileFlowJSON {
    public static func render(
        _ result: ModelFlowRun.Result, model: ExpressionModel, modelFile: String, scale: String, loss: Loss,
        optimizer: String, digits: Int
    ) -> String {
        let p = model.parameterCountPerCoordinate
        func text(_ x: BigFloat, _ shown: Int) -> String { x.isZero ? "0" : x.formatted(significantDigits: Swift.max(1, shown)) }
        func numbers(_ values: [BigFloat], _ shown: Int, entries: [Int]? = nil) -> String {
            JSONText.decimals(values.indices.map { text(values[$0], Swift.min(shown, entries?[$0] ?? shown)) })
        }
        func imbalances(_ values: [[BigFloat]?], _ shown: Int) -> String {
            JSONText.array(values.map { entry in entry.map { numbers($0, shown) } ?? "null" })
        }
        let checkpoints = result.checkpoints.map { c -> String in
            let shown = Swift.min(digits, c.verifiedDigits ?? digits)
            var pairs: [(String, String)] = []
            switch c.target {
            case .time: break
            case let .tau(tau): pairs.append(("tau", JSONText.decimal(ExactDecimal.brief(tau))))
            case let .log10Loss(x): pairs.append(("log10_loss", JSONText.decimal(ExactDecimal.brief(x))))
            case let .margin(gamma): pairs.append(("margin", JSONText.decimal(ExactDecimal.brief(gamma))))
            }
            pairs += [
                ("time", JSONText.decimal(c.exactTime.map { $0.description } ?? text(c.time, shown))),
                ("loss", JSONText.decimal(text(c.loss, Swift.min(shown, c.lossDigits ?? shown)))),
                ("w", numbers(c.predictor.elements, shown, entries: c.predictorDigits)),
                (
                    "theta",
                    JSONText.array(
                        (0..<model.dimension).map { i in
                            numbers(
                                (0..<p).map { c.theta[i * p + $0] }, shown, entries: c.thetaDigits.map { Array($0[(i * p)..<(i * p + p)]) })
                        })
                )
            ]
            if let v = c.verifiedDigits { pairs.append(("verified_digits", JSONText.integer(v))) }
            if let v = c.lossDigits { pairs.append(("loss_digits", JSONText.integer(v))) }
            if let k = c.iterations { pairs.append(("iterations", JSONText.integer(k))) }
            if c.imbalances.contains(where: { $0 != nil }) { pairs.append(("imbalances", imbalances(c.imbalances, shown))) }
            return JSONText.object(pairs)
        }
        var pairs: [(String, String)] = [
            ("model_file", JSONText.string(modelFile)), ("parameters", JSONText.strings(model.parameters)),
            ("scale", JSONText.decimal(scale)), ("loss", JSONText.string(loss.rawValue)), ("optimizer", JSONText.string(optimizer)),
            ("precision_bits", JSONText.integer(result.precisionBits)), ("steps", JSONText.array(result.steps.map(JSONText.integer)))
        ]
        if result.initialImbalances.contains(where: { $0 != nil }) {
            pairs.append(("initial_imbalances", imbalances(result.initialImbalances, digits)))
        }
        pairs.append(("checkpoints", JSONText.array(checkpoints)))
        if !result.events.isEmpty {
            let events = result.events.map { e in
                let shown = Swift.min(digits, e.verifiedDigits)
                return JSONText.object([
                    ("event", JSONText.string(e.kind.rawValue)), ("coordinate", JSONText.integer(e.coordinate + 1)),
                    ("time", JSONText.decimal(text(e.time, shown))),
                    ("w", numbers(e.predictor.elements, shown, entries: e.predictorDigits)),
                    ("verified_digits", JSONText.integer(e.verifiedDigits))
                ])
            }
            pairs.append(("events", JSONText.array(events)))
        }
        return JSONText.object(pairs)
    }
}
