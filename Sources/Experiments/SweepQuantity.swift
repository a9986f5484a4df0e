/// What a sweep computes at each grid point (depth D, scale α; or the scale s of a model file).
public enum SweepQuantity: String, Sendable, CaseIterable {
    /// The verified flow checkpoint table (`VerifiedFlowSolver`): at each τ of the experiment,
    /// log10 t, γ (classification), w̃ (w for regression) and the verified digits.
    case checkpoints
    /// The transition points of the analyzer (`TransitionFinder`, root-finding along the flow
    /// with the exponential loss): the accuracies log10(1/ε*) at which the flow leaves the kernel
    /// regime and enters the rich one (`RegimeRule`), and μ* = α^D/γ* there, up to τ = horizon.
    case transition
    /// A model of the user's own (`model_file`) over scales s: at each physical time, the loss,
    /// the distances of its predictor k to the limits that apply and the regime
    /// (`ModelRegimeAnalysis`), k and the verified digits.
    case distances
}
