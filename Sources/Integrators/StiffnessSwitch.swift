/// The automatic algorithm: start explicit (`GraggBulirschStoer`) and switch to `RadauIIA` for
/// the rest of the solve once the explicit step is bounded by stability rather than accuracy.
///
/// The rule: after `consecutiveSteps` accepted explicit steps in a row with h·‖J(t, y)‖∞ ≥
/// `threshold` (J at the step's end), the problem is stiff; a step below the threshold resets the
/// count. The switch is one-way.
public struct StiffnessSwitch: Sendable, Equatable {
    public var explicit: GraggBulirschStoer
    public var implicit: RadauIIA
    /// h·‖J‖∞ at or above which an explicit step counts as stability-bound (the explicit
    /// method's stability region reaches to about h‖J‖ ≈ 1 and a step-size controller working
    /// at its edge settles somewhat inside).
    public var threshold = 0.25
    public var consecutiveSteps = 3

    public init(explicit: GraggBulirschStoer = GraggBulirschStoer(), implicit: RadauIIA = RadauIIA()) {
        self.explicit = explicit
        self.implicit = implicit
    }

    /// The switch's state along one solve.
    public struct Monitor: Sendable, Equatable {
        public let rule: StiffnessSwitch
        /// Stability-bound steps in a row so far.
        public private(set) var count = 0
        public private(set) var isStiff = false

        public init(rule: StiffnessSwitch) { self.rule = rule }

        /// Records an accepted explicit step of size h with ‖J‖∞ at its end; true once stiff.
        /// `bound` counts the step as stability-bound whatever h·‖J‖∞ is (a caller that knows
        /// another sign of it, such as steps stuck far below the scale of the solution).
        public mutating func observe(stepSize h: Double, jacobianNorm: Double, bound: Bool = false) -> Bool {
            if isStiff { return true }
            count = bound || abs(h) * jacobianNorm >= rule.threshold ? count + 1 : 0
            if count >= rule.consecutiveSteps { isStiff = true }
            return isStiff
        }
    }
}
