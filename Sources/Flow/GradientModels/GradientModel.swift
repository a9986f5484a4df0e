import Integrators
import Multiprecision

/// A model trained by minimising a smooth loss L(θ) over a flat parameter vector θ: what gradient
/// flow, gradient descent and the modified flow of implicit gradient regularization need
/// (`GradientFlowSolver`, `GradientDescent`, `StepSizeComparison`).
///
/// The model holds its data and initialization exactly; `evaluator(precision:)` rounds them once
/// to a working precision and returns an object that evaluates L, ∇L and Hessian-vector products
/// there. Implementations: `DiagonalRegressionModel`, `UVDiagonalModel`, `TwoLayerLinearNetwork`.
public protocol GradientModel: Sendable {
    /// The number of parameters P (the length of θ).
    var parameterCount: Int { get }
    /// θ(0) correctly rounded to `precision` bits (entries defined exactly, possibly as square
    /// roots of rationals: each is then rounded once, to nearest).
    func initialParameters(precision: Int) -> BigVector
    /// An evaluator of L, ∇L and H·v at `precision` bits.
    func evaluator(precision: Int) -> any GradientEvaluator
    /// Bits an integration of the flow adds to the working precision of its states (0 by
    /// default): a model whose trajectory is decided by combinations of parameters far below
    /// ‖θ‖∞ (small initializations) needs them to hold those combinations' digits.
    var integrationGuardBits: Int { get }
    /// The algorithm `GradientFlowSolver` integrates the flow with unless told otherwise. The
    /// default, explicit extrapolation, suits flows without long stiff rests (the built-in models:
    /// the squared loss's residual decays exponentially and the end phase is short).
    var flowAlgorithm: IntegrationAlgorithm { get }
}

extension GradientModel {
    public var integrationGuardBits: Int { 0 }
    public var flowAlgorithm: IntegrationAlgorithm { .extrapolation() }
}

/// Evaluates a `GradientModel`'s loss and its first two derivatives at one working precision.
///
/// Numerical contract: every method is a straight-line evaluation of the closed-form expression in
/// MPFR at `precision` bits (round to nearest in each operation): L to a relative error of a few
/// ulps times the cancellation in the residual, ∇L and H·v componentwise to a few ulps of the
/// largest term of each sum. No finite differences anywhere: H·v is the exact directional
/// derivative of ∇L.
public protocol GradientEvaluator: AnyObject {
    var precision: Int { get }
    /// L(θ) (½‖residual‖² for the squared loss).
    func loss(_ theta: BigVector) -> BigFloat
    /// ∇L(θ).
    func gradient(_ theta: BigVector) -> BigVector
    /// H(θ)·v, with H = ∇²L(θ).
    func hessianVectorProduct(_ theta: BigVector, _ v: BigVector) -> BigVector
    /// H(θ), P × P. The default assembles it from P Hessian-vector products; an evaluator that
    /// forms H directly overrides it.
    func hessian(_ theta: BigVector) -> BigMatrix
    /// The error norm of an integration of the flow near θ (`ODESystem.errorNorm`): a state
    /// difference Δ to log10 of its size. The default is normwise, log10 ‖Δ‖∞/‖θ‖∞.
    func flowErrorNorm(at theta: BigVector) -> (BigVector) -> Double
}

extension GradientEvaluator {
    public func hessian(_ theta: BigVector) -> BigMatrix {
        let n = theta.count, p = precision
        var matrix = BigMatrix(rows: n, columns: n, precision: p)
        for b in 0..<n {
            var direction = BigVector(count: n, precision: p)
            direction[b] = BigFloat(1, precision: p)
            let column = hessianVectorProduct(theta, direction)
            for a in 0..<n { matrix[a, b] = column[a] }
        }
        return matrix
    }

    public func flowErrorNorm(at theta: BigVector) -> (BigVector) -> Double {
        let p = theta.precision
        var scale = BigFloat(precision: p)
        for k in 0..<theta.count { scale = BigFloat.maximum(scale, theta[k].magnitude) }
        if scale.isZero { scale = BigFloat(1, precision: p) }
        return { difference in
            var worst = BigFloat(precision: p)
            for k in 0..<difference.count {
                if !difference[k].isFinite { return .infinity }
                worst = BigFloat.maximum(worst, difference[k].magnitude)
            }
            return (worst / scale).log10Magnitude ?? -Double.infinity
        }
    }
}
