/// Which point "rich" is measured against (`--rich-limit`).
///
/// * `l1`: ŵ₁ = argmin ‖w‖₁ s.t. Zw ≥ 1, the rich limit of D = 2 at fixed α and of the joint limit
///   α → ∞, μ → 0 at every depth (MATH.md §2.3 items 3-4).
/// * `kkt`: the l_{2/D} KKT point at the μ → 0 end of the sweep path (`RichLimit`), where gradient
///   flow at fixed α goes as τ → ∞ for D > 2 (MATH.md §2.3 item 5, T8). For D = 2 the l_{2/D} = l1
///   problem is convex and its KKT point is ŵ₁, so `kkt` is ŵ₁ there.
/// * `auto` (the default): `l1` for D = 2, `kkt` for D > 2.
public enum RichLimitChoice: String, Codable, Sendable, CaseIterable {
    case auto, l1, kkt

    /// `l1` or `kkt` for the given depth.
    public func resolved(depth: Int) -> RichLimitChoice {
        switch self {
        case .auto, .kkt: return depth > 2 ? .kkt : .l1
        case .l1: return .l1
        }
    }
}
