import Flow
import Foundation
import Multiprecision
import Testing

/// Gradient descent against gradient flow (Barrett & Dherin 2021; Nacson et al. 2022): at T = 1,
/// η = 2^-6 … 2^-10, the distance to the flow is O(η) and to the modified flow O(η²); fitted
/// orders within 0.05 of 1 and 2.
@Suite("Gradient descent vs gradient flow")
struct GradientDescentTests {
    static func orders(_ model: any GradientModel, counts: [Int]) throws -> StepSizeComparison.Result {
        let result = try StepSizeComparison(model: model, horizon: Rational(1), stepCounts: counts, precision: 160, referenceDigits: 25)
            .run()
        print(
            "orders: flow \(result.flowOrder) local \(result.localFlowOrders); modified \(result.modifiedFlowOrder) local \(result.localModifiedFlowOrders)"
        )
        for row in result.rows {
            print(
                "  K = \(row.steps): \(row.distanceToFlow.formatted(significantDigits: 6))  \(row.distanceToModifiedFlow.formatted(significantDigits: 6))"
            )
        }
        return result
    }

    @Test("diagonal network D = 2: orders 1 and 2")
    func diagonal() throws {
        let network = try DiagonalNetwork(depth: 2, alpha: Rational(1, 2), dimension: 4)
        let model = try DiagonalRegressionModel(network: network, x: ModelTestSupport.t11x, y: ModelTestSupport.t11y)
        let result = try Self.orders(model, counts: [64, 128, 256, 512, 1024])
        #expect(abs(result.flowOrder - 1) < 0.05)
        #expect(abs(result.modifiedFlowOrder - 2) < 0.05)
    }

    @Test("u∘v model: orders 1 and 2")
    func uv() throws {
        let model = try UVRegressionModel(
            model: try UVDiagonalModel(alpha: Rational(3, 10), shape: Rational(7, 10), dimension: 4),
            x: ModelTestSupport.t11x, y: ModelTestSupport.t11y)
        let result = try Self.orders(model, counts: [64, 128, 256, 512, 1024])
        #expect(abs(result.flowOrder - 1) < 0.05)
        #expect(abs(result.modifiedFlowOrder - 2) < 0.05)
    }

    @Test("bad steps are errors")
    func badInput() throws {
        let network = try DiagonalNetwork(depth: 2, alpha: Rational(1, 2), dimension: 4)
        let model = try DiagonalRegressionModel(network: network, x: ModelTestSupport.t11x, y: ModelTestSupport.t11y)
        #expect(throws: FlowError.self) { try GradientDescent(model: model, step: Rational(0), precision: 64) }
        #expect(throws: FlowError.self) { try StepSizeComparison(model: model, horizon: Rational(1), stepCounts: [8]) }
        #expect(throws: FlowError.self) { try GradientFlowSolver(model: model, times: [Rational(2), Rational(1)]) }
        #expect(throws: FlowError.self) { try DiagonalRegressionModel(network: network, x: ModelTestSupport.t11x, y: [Rational(1)]) }
        #expect(try GradientDescent(model: model, step: Rational(1, 8), precision: 64).stepCount(reaching: Rational(3, 4)) == 6)
        #expect(try GradientDescent(model: model, step: Rational(1, 8), precision: 64).stepCount(reaching: Rational(1, 3)) == nil)
    }
}
