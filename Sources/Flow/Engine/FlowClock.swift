/// The clock a flow is integrated in (MATH.md §1.5, DESIGN.md §2.2-2.3). The path of w is the
/// same in every clock; only the parameterisation changes.
public enum FlowClock: String, Sendable {
    /// τ = −ln L: every quantity is O(1)-scaled; stiff at large τ.
    case loss
    /// σ = ln τ (τ > 0): the late-phase solution varies on an O(1) scale in σ.
    case logLoss
}
