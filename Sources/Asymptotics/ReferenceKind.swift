/// The limits a trajectory is compared with (MATH.md §2.2-2.5). The raw values are the JSON keys
/// of the `distance` object of `biasflow analyze`.
public enum ReferenceKind: String, Codable, Sendable, CaseIterable, Comparable {
    /// ŵ₂ = argmin ‖w‖₂ s.t. Zw ≥ 1: the kernel limit (exact rational).
    case l2Margin = "l2_margin"
    /// ŵ₁ = argmin ‖w‖₁ s.t. Zw ≥ 1: the rich limit (exact rational).
    case l1Margin = "l1_margin"
    /// argmin Q^D_μ s.t. Zw ≥ 1 at the checkpoint's μ = α^D/γ (dual Newton, MPFR).
    case qMu = "q_mu"
    /// The sweep path T(μ) at the checkpoint's μ (the joint-limit target, MATH.md T6).
    case sweep = "sweep"
    /// D > 2: the l_{2/D} KKT point nearest to w̃ found by `StationaryPointSearch`.
    case l2dStationary = "l2d_stationary"
    /// D > 2: the l_{2/D} KKT point at the μ → 0 end of the sweep path (`RichLimit`, the rich limit
    /// of `--rich-limit kkt`, the default for D > 2).
    case l2dRichLimit = "l2d_rich_limit"

    public var title: String {
        switch self {
        case .l2Margin: return "ŵ₂ (l2 max margin)"
        case .l1Margin: return "ŵ₁ (l1 max margin)"
        case .qMu: return "argmin Q^D_μ"
        case .sweep: return "sweep path T(μ)"
        case .l2dStationary: return "nearest l_{2/D} KKT point"
        case .l2dRichLimit: return "ŵ_{2/D} (sweep-end l_{2/D} KKT point)"
        }
    }

    public static func < (a: ReferenceKind, b: ReferenceKind) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
