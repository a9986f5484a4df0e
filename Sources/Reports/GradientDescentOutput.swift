import Datasets
import Flow
import Foundation
import Multiprecision

/// The output of `biasflow flow --optimizer gd --step η` with one step (Docs/models.md): the
/// gradient-descent iterates at each time t = Kη with their distances to the gradient flow and to
/// the modified flow of L + (η/4)‖∇L‖² (`GradientDescentComparison`).
///
/// JSON: `{"model", "optimizer": "gd", "step", "precision_bits", "checkpoints": [{"time", "steps",
/// "w", "loss", "distance_to_flow", "distance_to_modified_flow", "flow_verified_digits"}, …]}`;
/// w and the loss with the shown digits, distances with 6 significant digits, all decimal strings
/// through `JSONText.decimal` (never NaN, ±∞ or −0).
public struct GradientDescentOutput: Sendable {
    /// The model's name as the command line spells it (diagonal, uv, two-layer).
    public let model: String
    public let step: Rational
    public let precision: Int
    /// Significant digits shown for w and the loss.
    public let digits: Int
    public let entries: [GradientDescentComparison.Entry]
    /// The predictor (w, or Θ = UVᵀ) of each entry's parameters, in the order of `entries`.
    public let predictors: [[BigFloat]]

    public init(
        model: String, step: Rational, precision: Int, digits: Int, entries: [GradientDescentComparison.Entry], predictors: [[BigFloat]]
    ) {
        self.model = model
        self.step = step
        self.precision = precision
        self.digits = digits
        self.entries = entries
        self.predictors = predictors
    }

    private func number(_ value: BigFloat, digits: Int) -> String {
        JSONText.decimal(value.formatted(significantDigits: Swift.max(1, digits)))
    }

    public func json() -> String {
        let items = zip(entries, predictors).map { e, w in
            JSONText.object([
                ("time", JSONText.decimal(e.time.description)), ("steps", JSONText.integer(e.steps)),
                ("w", JSONText.array(w.map { number($0, digits: digits) })), ("loss", number(e.loss, digits: digits)),
                ("distance_to_flow", number(e.distanceToFlow, digits: 6)),
                ("distance_to_modified_flow", number(e.distanceToModifiedFlow, digits: 6)),
                ("flow_verified_digits", JSONText.integer(e.flowVerifiedDigits))
            ])
        }
        return JSONText.object(
            [
                ("model", JSONText.string(model)), ("optimizer", JSONText.string("gd")), ("step", JSONText.decimal(step.description)),
                ("precision_bits", JSONText.integer(precision))
            ], rows: "checkpoints", items)
    }

    public func csv() -> String {
        (["time,steps,loss,distance_to_flow,distance_to_modified_flow,flow_verified_digits"]
            + entries.map { e in
                "\(e.time),\(e.steps),\(e.loss.formatted(significantDigits: digits)),\(e.distanceToFlow.formatted(significantDigits: 6)),\(e.distanceToModifiedFlow.formatted(significantDigits: 6)),\(e.flowVerifiedDigits)"
            }).joined(separator: "\n")
    }

    public func table() -> String {
        var lines = ["gradient descent, η = \(step), \(precision) bits, model \(model)"]
        for e in entries {
            lines.append(
                "t = \(e.time) (K = \(e.steps) steps)  L = \(e.loss.formatted(significantDigits: 10))  ‖θ_GD − θ_flow‖ = \(e.distanceToFlow.formatted(significantDigits: 6))  ‖θ_GD − θ_modified‖ = \(e.distanceToModifiedFlow.formatted(significantDigits: 6))"
            )
        }
        return lines.joined(separator: "\n")
    }
}
