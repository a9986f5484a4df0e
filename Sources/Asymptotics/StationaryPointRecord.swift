/// The l_{2/D} KKT point found near a checkpoint (D > 2), as reported: its coordinates with their
/// verified digits, its support and tight set (1-based, as printed), its multipliers and the
/// largest KKT residual of `KKTResidualCheck`, and the Lyu–Li margin limit (Σ|w*_i|^{2/D})^{−D/2}
/// at it (`LyuLiMargin.limit`, to the point's verified digits).
public struct StationaryPointRecord: Codable, Sendable, Equatable {
    public var w: [String]
    public var verifiedDigits: Int
    public var support: [Int]
    public var tight: [Int]
    public var multipliers: [String]
    public var kktResidual: String
    /// (Σ|w*_i|^{2/D})^{−D/2}: the limit of γ̃ = ln(1/L)/‖u‖₂^D if the flow converges to this point
    /// (absent in reports saved before it was added).
    public var lyuLiLimit: String?

    enum CodingKeys: String, CodingKey {
        case w
        case verifiedDigits = "verified_digits"
        case support, tight, multipliers
        case kktResidual = "kkt_residual"
        case lyuLiLimit = "lyu_li_limit"
    }

    public init(_ result: StationaryPointSearch.Result, depth: Int? = nil) {
        let shown = Swift.max(1, result.verifiedDigits)
        w = result.reference.w.map { $0.formatted(significantDigits: shown) }
        verifiedDigits = result.verifiedDigits
        support = result.support.map { $0 + 1 }
        tight = result.tight.map { $0 + 1 }
        multipliers = result.multipliers.map { $0.formatted(significantDigits: shown) }
        kktResidual = result.kktResidual.formatted(significantDigits: 3)
        lyuLiLimit = depth.map { LyuLiMargin.limit(result.reference.w, depth: $0).formatted(significantDigits: shown) }
    }
}
