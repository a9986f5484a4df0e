/// The training losses of BiasFlow (DESIGN.md §3).
///
/// Classification losses are sums over samples of ℓ(m_n) with margins m_n = z_nᵀw, so L(0) = N;
/// the squared loss is L = ½‖Xw − y‖².
public enum Loss: String, Sendable, CaseIterable {
    /// ℓ(m) = e^{−m}.
    case exponential
    /// ℓ(m) = ln(1 + e^{−m}).
    case logistic
    /// L = ½‖Xw − y‖² (regression).
    case squared

    /// True for the margin losses that need labels ±1.
    public var isClassification: Bool { self != .squared }
}
