import Multiprecision

/// An ordinary differential equation y′ = f(t, y) in ℝⁿ as a user states it: its dimension, its
/// right-hand side, optionally its Jacobian, and the error norm that says when a step is
/// accurate enough. It carries no integrator policy (no method, order, step or tolerance) and no
/// precision: every function computes at the precision of the values it is given (use
/// `y.precision` for constants), so one system serves runs at any precision, and the two runs of
/// `TwoRunVerification`.
///
/// Contract: `derivative` and `jacobian` return nil outside the system's domain (the step is then
/// shrunk and retried); they must not depend on state outside their arguments.
public protocol ODESystem {
    /// n, the number of components of y.
    var dimension: Int { get }
    /// f(t, y), with n entries at the precision of y; nil when (t, y) is outside the domain.
    func derivative(at t: BigFloat, _ y: BigVector) -> BigVector?
    /// ∂f/∂y at (t, y), n × n at the precision of y; nil when not provided (the default), in which
    /// case the implicit method uses forward difference quotients with steps 2^(−p/2)·max(|y_b|, 1)
    /// (about p/2 correct bits: the Newton matrix only sets the iteration's rate, not its result).
    func jacobian(at t: BigFloat, _ y: BigVector) -> BigMatrix?
    /// The error norm near state y: a function mapping a state difference Δ to log10 of its size
    /// relative to the quantities of interest. A step is accepted when its error estimate's norm
    /// is ≤ log10(tolerance). Nil outside the domain. The default is the mixed absolute/relative
    /// norm `ODEErrorNorm.mixed`: log10 maxₐ |Δₐ| / max(|yₐ|, 1).
    func errorNorm(at y: BigVector) -> ((BigVector) -> Double)?
}

extension ODESystem {
    public func jacobian(at t: BigFloat, _ y: BigVector) -> BigMatrix? { nil }
    public func errorNorm(at y: BigVector) -> ((BigVector) -> Double)? { ODEErrorNorm.mixed(at: y) }
}

/// Error norms for `ODESystem.errorNorm`, computed in log10 so that no scale under- or overflows.
public enum ODEErrorNorm {
    /// log10 maxₐ |Δₐ| / sₐ with sₐ = max(|yₐ|, 1): relative error for components above 1,
    /// absolute below (−∞ for Δ = 0; +∞ for a non-finite Δ).
    public static func mixed(at y: BigVector) -> (BigVector) -> Double {
        scaled(log10Scales: y.elements.map { max($0.log10Magnitude ?? 0, 0) })
    }

    /// log10 maxₐ |Δₐ| / sₐ with the given positive scales sₐ (log10 sₐ given), for users who know
    /// the size of each component.
    public static func scaled(log10Scales: [Double]) -> (BigVector) -> Double {
        { difference in
            var worst = -Double.infinity
            for a in 0..<min(difference.count, log10Scales.count) {
                let entry = difference[a]
                if !entry.isFinite { return .infinity }
                if let size = entry.log10Magnitude { worst = max(worst, size - log10Scales[a]) }
            }
            return worst
        }
    }
}
