import Multiprecision

/// A checkpoint defined by the state rather than by a clock value: the first τ after the start at
/// which `function` changes sign, located inside the integrator's step by the Illinois method (so
/// to the working precision of the run, not to the step resolution), and verified like every other
/// checkpoint by the two runs of `VerifiedFlowSolver` (the digits of its τ say how well the
/// crossing is located).
///
/// `function` sees the `Checkpoint` the flow would report at that point (τ, γ, w, w/γ, ν, margins)
/// and must be continuous along the trajectory; it must not be zero at the start. The crossing must
/// happen before τ = `horizon` (a decimal literal): a run that reaches the horizon first throws
/// `FlowError.levelNotCrossed`, so a caller that is not sure brackets the crossing first with τ
/// checkpoints.
///
/// Two crossings are equal when their names and horizons are (functions cannot be compared).
public struct LevelCrossing: Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var horizon: String
    public var function: @Sendable (Checkpoint) -> BigFloat

    public init(name: String, horizon: String, function: @escaping @Sendable (Checkpoint) -> BigFloat) {
        self.name = name
        self.horizon = horizon
        self.function = function
    }

    public static func == (a: LevelCrossing, b: LevelCrossing) -> Bool { a.name == b.name && a.horizon == b.horizon }

    public var description: String { "\(name) = 0 (before τ = \(horizon))" }
}
