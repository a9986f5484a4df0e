/// The two transition points of a trajectory (see `RegimeRule`).
public enum TransitionKind: String, Codable, Sendable, CaseIterable {
    /// The first τ at which ρ = ‖w‖∞/α^D reaches the kernel ratio: the flow leaves the kernel regime.
    case kernelExit = "kernel_exit"
    /// The first τ at which ‖w̃ − ŵ₁‖₂ comes down to δ: the flow enters the rich regime.
    case richEntry = "rich_entry"
}
