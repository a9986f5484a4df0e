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
    /// A model of the user's own on regression data (`ModelRegimeAnalysis`): the min-ℓ2
    /// interpolator argmin ‖k‖₂ s.t. Xk = y (exact rational), the kernel end of the rule.
    case l2Interpolation = "l2_interpolation"
    /// The min-ℓ1 interpolator argmin ‖k‖₁ s.t. Xk = y (exact rational; Pesme–Flammarion's t ≡ 1).
    case l1Interpolation = "l1_interpolation"
    /// The weighted-ℓ1 limit argmin Σ t_i⁺k_i⁺ + t_i⁻k_i⁻ s.t. Xk = y of the model's growth-time
    /// weights (`ModelSaddleAnalysis`, the s → 0 limit, MATH.md §12.2; exact rational), the rich end.
    case weightedL1 = "weighted_l1"
    /// Classification with a model of the user's own: ‖k/‖k‖₂ − ŵ₂/‖ŵ₂‖₂‖₂, the direction of ŵ₂.
    case l2MarginDirection = "l2_margin_direction"
    /// ‖k/‖k‖₂ − ŵ₁/‖ŵ₁‖₂‖₂, the direction of ŵ₁.
    case l1MarginDirection = "l1_margin_direction"

    public var title: String {
        switch self {
        case .l2Margin: return "ŵ₂ (l2 max margin)"
        case .l1Margin: return "ŵ₁ (l1 max margin)"
        case .qMu: return "argmin Q^D_μ"
        case .sweep: return "sweep path T(μ)"
        case .l2dStationary: return "nearest l_{2/D} KKT point"
        case .l2dRichLimit: return "ŵ_{2/D} (sweep-end l_{2/D} KKT point)"
        case .l2Interpolation: return "ŵ₂ (min-ℓ2 interpolator)"
        case .l1Interpolation: return "ŵ₁ (min-ℓ1 interpolator)"
        case .weightedL1: return "ŵ_t (weighted-ℓ1 limit)"
        case .l2MarginDirection: return "ŵ₂/‖ŵ₂‖₂ (l2 max-margin direction)"
        case .l1MarginDirection: return "ŵ₁/‖ŵ₁‖₂ (l1 max-margin direction)"
        }
    }

    public static func < (a: ReferenceKind, b: ReferenceKind) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
