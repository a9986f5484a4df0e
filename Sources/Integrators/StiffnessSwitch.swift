/// The automatic algorithm: start explicit (`GraggBulirschStoer`) and switch to `RadauIIA` for
/// the rest of the solve once the explicit step is bounded by stability rather than accuracy.
///
/// The rule: after `consecutiveSteps` accepted explicit steps in a row with h·‖J(t, y)‖∞ ≥
/// `threshold` (J at the step's end), and, when `largestQuietChange` is set, a change of the
/// solution over the step of at most 10^largestQuietChange in the system's error norm, the
/// problem is stiff; any other step resets the count. The switch is one-way.
public struct StiffnessSwitch: Sendable, Equatable {
    public var explicit: GraggBulirschStoer
    public var implicit: RadauIIA
    /// h·‖J‖∞ at or above which an explicit step counts as stability-bound (the explicit
    /// method's stability region reaches to about h‖J‖ ≈ 1 and a step-size controller working
    /// at its edge settles somewhat inside).
    public var threshold = 0.25
    public var consecutiveSteps = 3
    /// log10 of the largest change y₁ − y₀ over a step (in the system's error norm) for which
    /// h·‖J‖∞ ≥ `threshold` counts; nil: h·‖J‖∞ alone decides. With it, only a solution resting on
    /// a slow manifold while the fast modes of J set the explicit step (a plateau) is stiff, not a
    /// fast transient whose steps meet h·‖J‖∞ ≈ 1 because the solution itself moves at that rate.
    public var largestQuietChange: Double?

    public init(explicit: GraggBulirschStoer = GraggBulirschStoer(), implicit: RadauIIA = RadauIIA(), largestQuietChange: Double? = nil) {
        self.explicit = explicit
        self.implicit = implicit
        self.largestQuietChange = largestQuietChange
    }

    /// The switch's state along one solve.
    public struct Monitor: Sendable, Equatable {
        public let rule: StiffnessSwitch
        /// Stability-bound steps in a row so far.
        public private(set) var count = 0
        public private(set) var isStiff = false

        public init(rule: StiffnessSwitch) { self.rule = rule }

        /// Records an accepted explicit step of size h with ‖J‖∞ at its end and, for a rule with
        /// `largestQuietChange`, log10 of the step's change in the error norm (`log10Change`,
        /// called only when h·‖J‖∞ reaches the threshold); true once stiff. `bound` counts the step
        /// as stability-bound whatever h·‖J‖∞ is (a caller that knows another sign of it, such as
        /// steps stuck far below the scale of the solution).
        public mutating func observe(
            stepSize h: Double, jacobianNorm: Double, bound: Bool = false, log10Change: () -> Double = { -.infinity }
        ) -> Bool {
            if isStiff { return true }
            let stable = abs(h) * jacobianNorm >= rule.threshold && rule.largestQuietChange.map { log10Change() <= $0 } ?? true
            count = bound || stable ? count + 1 : 0
            if count >= rule.consecutiveSteps { isStiff = true }
            return isStiff
        }
    }
}
