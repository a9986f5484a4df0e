import Flow
import Foundation
import Multiprecision
import Testing

/// The exact Hessian-vector products of the gradient models against a central difference of
/// their gradients, (∇L(θ+εv) − ∇L(θ−εv))/(2ε) with ε = 2^-120 at 600 bits (truncation O(ε²) ≈
/// 1e-72, rounding ≈ 2^-600/ε ≈ 1e-145): an independent check of every second-derivative term.
@Suite("Hessian-vector products")
struct HessianVectorProductTests {
    static func check(_ model: any GradientModel) {
        let p = 600
        let evaluator = model.evaluator(precision: p)
        var theta = model.initialParameters(precision: p)
        var direction = BigVector(count: model.parameterCount, precision: p)
        for k in 0..<theta.count {
            theta[k] = theta[k] + BigFloat(k % 5 + 1, precision: p) / 7  // away from the symmetric start
            direction[k] = BigFloat((k * 7) % 11 - 5, precision: p) / 3
        }
        let epsilon = BigFloat.scaled(BigFloat(1, precision: p), byPowerOfTwo: -120)
        var plus = theta, minus = theta
        for k in 0..<theta.count {
            plus[k] = theta[k] + epsilon * direction[k]
            minus[k] = theta[k] - epsilon * direction[k]
        }
        let gp = evaluator.gradient(plus), gm = evaluator.gradient(minus)
        let difference = (0..<theta.count).map { (gp[$0] - gm[$0]) / (2 * epsilon) }
        let exact = evaluator.hessianVectorProduct(theta, direction).elements
        #expect(ModelTestSupport.log10RelativeDifference(exact, difference) < -60)
    }

    @Test("diagonal D = 2 and 3, u∘v, two-layer")
    func allModels() throws {
        for depth in [2, 3] {
            let network = try DiagonalNetwork(depth: depth, alpha: Rational(1, 2), dimension: 4)
            Self.check(try DiagonalRegressionModel(network: network, x: ModelTestSupport.t11x, y: ModelTestSupport.t11y))
        }
        let uv = try UVDiagonalModel(alpha: Rational(3, 10), shape: Rational(7, 10), dimension: 4)
        Self.check(try UVRegressionModel(model: uv, x: ModelTestSupport.t11x, y: ModelTestSupport.t11y))
        let y = ModelTestSupport.rationals([["1", "-0.5"], ["0", "2"]])
        Self.check(try TwoLayerLinearNetwork.random(x: ModelTestSupport.t11x, y: y, width: 3, alpha: Rational(1), seed: 5))
    }
}
