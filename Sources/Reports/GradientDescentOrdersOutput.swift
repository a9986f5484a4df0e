import Datasets
import Flow
import Foundation
import Multiprecision

/// The output of `biasflow flow --optimizer gd --step η1,η2,… --time T` (Docs/models.md): the
/// distances of gradient descent to the gradient flow and to the modified flow at T for each η,
/// and the fitted orders (1 and 2 expected), global and between consecutive steps
/// (`StepSizeComparison`).
///
/// JSON: `{"model", "optimizer": "gd", "horizon", "flow_order", "modified_flow_order",
/// "local_flow_orders", "local_modified_flow_orders", "rows": [{"step", "steps",
/// "distance_to_flow", "distance_to_modified_flow"}, …]}`; orders with 4 decimals, `null` when
/// undetermined (not finite); distances with 6 significant digits.
public struct GradientDescentOrdersOutput: Sendable {
    /// The model's name as the command line spells it (diagonal, uv, two-layer).
    public let model: String
    public let horizon: Rational
    public let result: StepSizeComparison.Result

    public init(model: String, horizon: Rational, result: StepSizeComparison.Result) {
        self.model = model
        self.horizon = horizon
        self.result = result
    }

    private static func order(_ x: Double) -> String { JSONText.decimal(x.isFinite ? String(format: "%.4f", x) : nil) }
    private static func orderText(_ x: Double) -> String { x.isFinite ? String(format: "%.4f", x) : "undetermined" }
    private static func distance(_ value: BigFloat) -> String { JSONText.decimal(value.formatted(significantDigits: 6)) }

    public func json() -> String {
        let rows = result.rows.map { row in
            JSONText.object([
                ("step", JSONText.decimal(row.eta.description)), ("steps", JSONText.integer(row.steps)),
                ("distance_to_flow", Self.distance(row.distanceToFlow)),
                ("distance_to_modified_flow", Self.distance(row.distanceToModifiedFlow))
            ])
        }
        return JSONText.object(
            [
                ("model", JSONText.string(model)), ("optimizer", JSONText.string("gd")), ("horizon", JSONText.decimal(horizon.description)),
                ("flow_order", Self.order(result.flowOrder)), ("modified_flow_order", Self.order(result.modifiedFlowOrder)),
                ("local_flow_orders", JSONText.array(result.localFlowOrders.map(Self.order))),
                ("local_modified_flow_orders", JSONText.array(result.localModifiedFlowOrders.map(Self.order)))
            ], rows: "rows", rows)
    }

    public func csv() -> String {
        (["step,steps,distance_to_flow,distance_to_modified_flow"]
            + result.rows.map {
                "\($0.eta),\($0.steps),\($0.distanceToFlow.formatted(significantDigits: 6)),\($0.distanceToModifiedFlow.formatted(significantDigits: 6))"
            }).joined(separator: "\n")
    }

    public func table() -> String {
        var lines = ["gradient descent vs flows at T = \(horizon), model \(model)"]
        for row in result.rows {
            lines.append(
                "  η = \(row.eta)\t ‖θ_GD − θ_flow‖ = \(row.distanceToFlow.formatted(significantDigits: 6))\t ‖θ_GD − θ_modified‖ = \(row.distanceToModifiedFlow.formatted(significantDigits: 6))"
            )
        }
        lines.append(
            "fitted order vs flow: \(Self.orderText(result.flowOrder))  (local: \(result.localFlowOrders.map(Self.orderText).joined(separator: ", ")))"
        )
        lines.append(
            "fitted order vs modified flow: \(Self.orderText(result.modifiedFlowOrder))  (local: \(result.localModifiedFlowOrders.map(Self.orderText).joined(separator: ", ")))"
        )
        return lines.joined(separator: "\n")
    }
}
