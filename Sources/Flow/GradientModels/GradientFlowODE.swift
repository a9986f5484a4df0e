import Integrators
import Multiprecision

/// The gradient flow θ′ = −∇L(θ) of a `GradientModel`, or the modified flow θ′ = −∇L̃(θ) with
/// L̃ = L + (η/4)‖∇L‖² (see `GradientFlowSystem`), as a public `ODESystem` for
/// `ODEProblem.solve`: it computes at the precision of the state it is given (one evaluator per
/// precision, made on first use).
///
/// Jacobian: −H (`GradientEvaluator.hessian`, exact second derivatives) for gradient
/// flow; none for the modified flow (whose Jacobian needs third derivatives: the implicit method
/// then uses difference quotients). Error norm: the evaluator's (`GradientEvaluator.flowErrorNorm`).
/// Not thread-safe (its evaluators are cached): one solve at a time.
final class GradientFlowODE: ODESystem {
    let model: any GradientModel
    let modifiedStep: Rational?
    private var evaluators: [Int: any GradientEvaluator] = [:]

    init(model: any GradientModel, modifiedStep: Rational?) {
        self.model = model
        self.modifiedStep = modifiedStep
    }

    var dimension: Int { model.parameterCount }

    private func evaluator(_ precision: Int) -> any GradientEvaluator {
        if let cached = evaluators[precision] { return cached }
        let made = model.evaluator(precision: precision)
        evaluators[precision] = made
        return made
    }

    func derivative(at t: BigFloat, _ y: BigVector) -> BigVector? {
        let p = y.precision, n = dimension
        let evaluator = evaluator(p)
        let gradient = evaluator.gradient(y)
        var result = BigVector(count: n, precision: p)
        if let modifiedStep {
            let weight = BigFloat(modifiedStep / Rational(2), precision: p)
            let curvature = evaluator.hessianVectorProduct(y, gradient)
            for k in 0..<n { result[k] = -BigFloat.fusedMultiplyAdd(weight, curvature[k], gradient[k]) }
        } else {
            for k in 0..<n { result[k] = -gradient[k] }
        }
        return result
    }

    func jacobian(at t: BigFloat, _ y: BigVector) -> BigMatrix? {
        guard modifiedStep == nil else { return nil }
        var matrix = evaluator(y.precision).hessian(y)
        for a in 0..<matrix.rows {
            for b in 0..<matrix.columns { matrix[a, b] = -matrix[a, b] }
        }
        return matrix
    }

    func errorNorm(at y: BigVector) -> ((BigVector) -> Double)? { evaluator(y.precision).flowErrorNorm(at: y) }
}
