import Multiprecision

/// An ODE y′ = f(x, y) as the integrators see it: values, Jacobian and the error norm that
/// defines "accurate enough", all at one working precision.
package protocol StiffSystem: AnyObject {
    var dimension: Int { get }
    var precision: Int { get }
    /// f(x, y), or nil when y is outside the model's domain (the step is then rejected).
    func derivative(at x: BigFloat, _ y: BigVector) -> BigVector?
    /// f(x_j, y_j) for every j, in order (nil entries outside the domain): the stage evaluations
    /// of an implicit step. Each entry equals `derivative(at: x_j, y_j)` bit for bit whatever
    /// `threads` is; the default evaluates them one after another.
    func derivatives(at clocks: [BigFloat], _ states: [BigVector]) -> [BigVector?]
    /// ∂f/∂y at every (x_j, y_j), in order (nil entries outside the domain): the stage Jacobians
    /// of a Newton refresh. Each entry is independent of `threads`; the default computes them one
    /// after another with `jacobian(at:_:)`.
    func jacobians(at clocks: [BigFloat], _ states: [BigVector]) -> [BigMatrix?]
    /// The threads the system's data-parallel work may use (1: the calling thread only). Results
    /// never depend on it.
    var threads: Int { get }
    /// ∂f/∂y at (x, y), or nil outside the domain.
    func jacobian(at x: BigFloat, _ y: BigVector) -> BigMatrix?
    /// The scalar s with ∂f/∂y(x′, ·) ≈ s · ∂f/∂y(x, ·) for the known explicit dependence on the
    /// clock (e^{x′−x} in the σ = ln τ clock, 1 for an autonomous clock).
    func jacobianGrowth(from x: BigFloat, to other: BigFloat) -> BigFloat
    /// The error norm near state `y`, with its weights computed once: the returned function maps a
    /// state difference to log10 of the relative error it causes in the reported quantities. A
    /// step is accurate when this is ≤ log10(tol). Nil outside the domain.
    func errorNorm(at y: BigVector) -> ((BigVector) -> Double)?
    /// Whether Radau's Newton iterations should rebuild their matrix from the Jacobians at the
    /// stage values when convergence is slow: worth it when the rounds it saves cost more than s
    /// Jacobians and one factorization of the (s·n)² matrix (measured: yes for `MarginGapSystem`,
    /// whose f solves for ν; yes for `DualFlowSystem` below the Schur-form dimension since that
    /// matrix is factored in binary64).
    var refreshesJacobian: Bool { get }
    /// Whether, without an earlier step to extrapolate, Radau starts Newton's method from the
    /// slope at the step's start (right when the drift grows with the clock, as ν's does) rather
    /// than from the start value itself (right for coordinates that stay O(1) on the slow
    /// manifold, where the slope only magnifies the start's tiny distance from it by the
    /// stiffness, τ in the σ clock).
    var predictsFromSlope: Bool { get }
    /// Whether Radau's Newton iterations go on past the tolerance by the digits of the stiffness
    /// h‖J‖∞ (`RadauStepper.settledNewtonTarget`), so that the step ends on the slow manifold to
    /// about 1/(h‖J‖) of its tolerance. Needed where the Jacobian depends strongly on the fast
    /// modes' distance from that manifold: on a deep product's plateau (h‖J‖ ≈ 1e24) the next
    /// step's Newton matrix, at a start only as settled as the tolerance, is far from the one at
    /// its stages, and steps fail and stay short. The default is no (the diagonal dual flows
    /// converge without it and the extra rounds cost them).
    var settlesStiffModes: Bool { get }
    /// Whether an explicit step may start from y with Euler predictor y + `change`: the step's
    /// substeps sample the field only inside the step, so a step whose predictor already reaches a
    /// different regime of the field could leap over a fast transient that no substep sees. The
    /// default asks that the predictor change the reported quantities by at most their own scale
    /// (`norm(change)` ≤ 0, in the system's error norm).
    func admitsPredictor(from y: BigVector, change: BigVector, norm: (BigVector) -> Double) -> Bool
}

extension StiffSystem {
    package func derivatives(at clocks: [BigFloat], _ states: [BigVector]) -> [BigVector?] {
        zip(clocks, states).map { derivative(at: $0, $1) }
    }
    package func jacobians(at clocks: [BigFloat], _ states: [BigVector]) -> [BigMatrix?] {
        zip(clocks, states).map { jacobian(at: $0, $1) }
    }
    package var threads: Int { 1 }
    package var refreshesJacobian: Bool { false }
    package var predictsFromSlope: Bool { true }
    package var settlesStiffModes: Bool { false }
    package func admitsPredictor(from y: BigVector, change: BigVector, norm: (BigVector) -> Double) -> Bool { norm(change) <= 0 }
}
