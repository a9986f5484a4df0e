import Multiprecision

/// The result of `ODEProblem.solve`: the accepted steps, the states at the targets, the located
/// events and a dense output over the whole interval solved.
///
/// Accuracy: states at the step ends (and so at the targets, which are step ends) carry the
/// method's full order; `solution(at: t)` inside a step carries the dense output's order (Radau
/// IIA: its collocation polynomial, O(h^{s+1}); extrapolation: the full order 2k).
public struct ODESolution {
    /// t₀ and the end of every accepted step, increasing.
    public let times: [BigFloat]
    /// The state at each of `times`.
    public let states: [BigVector]
    /// The targets reached (all of them unless a terminal event stopped the solve) and the
    /// states there.
    public let targets: [Rational]
    public let targetStates: [BigVector]
    public let events: [ODEEventOccurrence]
    /// The terminal event that ended the solve, if one did.
    public let terminalEvent: ODEEventOccurrence?
    public let statistics: Statistics
    public let precision: Int
    public let log10Tolerance: Double
    let dense: [DenseStep]
    let system: ODESystemAdapter

    public struct Statistics: Sendable, Equatable {
        public var acceptedSteps = 0
        public var rejectedSteps = 0
        /// Steps that failed outright (Newton's method, or the state left the domain).
        public var failedSteps = 0
        /// Evaluations of f, including difference quotients and the stiffness switch's Jacobians.
        public var derivativeEvaluations = 0
        /// The accepted steps taken by each method.
        public var explicitSteps = 0
        public var implicitSteps = 0
        /// Radau IIA's stage count and extrapolation's column count, when used.
        public var radauStages: Int?
        public var extrapolationColumns: Int?
        /// Where the stiffness switch handed over to Radau IIA, as a decimal string.
        public var switchedToImplicitAt: String?
    }

    /// The dense output at t (t₀ ≤ t ≤ the last of `times`), at the working precision; nil
    /// outside that interval, or when the full-order evaluation of an extrapolation step leaves
    /// the domain.
    public func callAsFunction(at t: BigFloat) -> BigVector? {
        guard let first = times.first, let last = times.last, t >= first, t <= last else { return nil }
        // The step [times[k], times[k+1]] holding t.
        var low = 0, high = times.count - 1
        while high - low > 1 {
            let middle = (low + high) / 2
            if times[middle] <= t { low = middle } else { high = middle }
        }
        if t == times[low] { return states[low] }
        if t == times[high] { return states[high] }
        return dense[low].state(at: t, system: system)
    }
}

/// What one accepted step keeps for dense output.
enum DenseStep {
    /// A Radau IIA step: its collocation polynomial.
    case collocation(RadauStepper, RadauStepper.History)
    /// An extrapolation step from (x, y) with f(x, y): re-stepped to t on demand.
    case extrapolation(x: BigFloat, y: BigVector, slope: BigVector, columns: Int)

    func state(at t: BigFloat, system: ODESystemAdapter) -> BigVector? {
        switch self {
        case let .collocation(stepper, history):
            return stepper.denseState(history, at: t)
        case let .extrapolation(x, y, slope, columns):
            let h = BigFloat(t, precision: y.precision) - x
            if h.isZero { return y }
            switch ExtrapolationStepper(columns: columns).step(
                system, from: x, y, size: h, initialDerivative: slope,
                log10Tolerance: .infinity)
            {
            case let .accepted(state, _): return state
            case .rejected, .leftDomain: return nil
            }
        }
    }
}
