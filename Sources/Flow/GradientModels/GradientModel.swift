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
}
