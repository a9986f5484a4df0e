/// What a sweep computes at each grid point (depth D, scale α).
public enum SweepQuantity: String, Sendable, CaseIterable {
    /// The verified flow checkpoint table (`VerifiedFlowSolver`): at each τ of the experiment,
    /// log10 t, γ (classification), w̃ (w for regression) and the verified digits.
    case checkpoints
    /// The transition points of the analyzer (`TransitionFinder`, root-finding along the flow
    /// with the exponential loss): the accuracies log10(1/ε*) at which the flow leaves the kernel
    /// regime and enters the rich one (`RegimeRule`), and μ* = α^D/γ* there, up to τ = horizon.
    case transition
}
