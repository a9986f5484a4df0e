/// What a sweep computes at each grid point (depth D, scale α).
public enum SweepQuantity: String, Sendable, CaseIterable {
    /// The verified flow checkpoint table (`VerifiedFlowSolver`): at each τ of the experiment,
    /// log10 t, γ (classification), w̃ (w for regression) and the verified digits.
    case checkpoints
}
