import Integrators
import Multiprecision

/// The gradient flow θ′ = −∇L(θ) of a `GradientModel` in physical time, or, with a step η, the
/// modified flow of implicit gradient regularization (Barrett & Dherin 2021),
///
///     θ′ = −∇L̃(θ),   L̃ = L + (η/4)‖∇L‖²,   ∇L̃ = ∇L + (η/2) H∇L,
///
/// with the Hessian-vector product H∇L evaluated exactly (`GradientEvaluator`). Explicit
/// integration only (no Jacobian). Error norm: the largest change of any θ_k relative to ‖θ‖∞.
final class GradientFlowSystem: StiffSystem {
    let evaluator: any GradientEvaluator
    let dimension: Int
    /// η/2, or nil for plain gradient flow.
    let regularizationWeight: BigFloat?

    init(model: any GradientModel, precision: Int, modifiedStep: Rational?) {
        evaluator = model.evaluator(precision: precision)
        dimension = model.parameterCount
        regularizationWeight = modifiedStep.map { BigFloat($0 / Rational(2), precision: precision) }
    }

    var precision: Int { evaluator.precision }

    func derivative(at x: BigFloat, _ y: BigVector) -> BigVector? {
        let gradient = evaluator.gradient(y)
        var result = BigVector(count: dimension, precision: precision)
        if let weight = regularizationWeight {
            let curvature = evaluator.hessianVectorProduct(y, gradient)
            for k in 0..<dimension { result[k] = -BigFloat.fusedMultiplyAdd(weight, curvature[k], gradient[k]) }
        } else {
            for k in 0..<dimension { result[k] = -gradient[k] }
        }
        return result
    }

    func jacobian(at x: BigFloat, _ y: BigVector) -> BigMatrix? { nil }

    func jacobianGrowth(from x: BigFloat, to other: BigFloat) -> BigFloat { BigFloat(1, precision: precision) }

    func errorNorm(at y: BigVector) -> ((BigVector) -> Double)? {
        var scale = BigFloat(precision: precision)
        for k in 0..<y.count { scale = BigFloat.maximum(scale, y[k].magnitude) }
        if scale.isZero { scale = BigFloat(1, precision: precision) }
        let p = precision
        return { difference in
            var worst = BigFloat(precision: p)
            for k in 0..<difference.count { worst = BigFloat.maximum(worst, difference[k].magnitude) }
            return (worst / scale).log10Magnitude ?? -Double.infinity
        }
    }
}
