import Limits
import Multiprecision

/// A `RichLimit` as reported: its depth, which limit (`l1` or `kkt`), the point ("p/q" strings when
/// exact, else decimals with every verified digit), and for `kkt` its support, tight set (1-based)
/// and largest KKT residual.
public struct RichLimitRecord: Codable, Sendable, Equatable {
    public var depth: Int
    public var limit: RichLimitChoice
    public var w: [String]
    public var exact: Bool
    public var verifiedDigits: Int?
    public var support: [Int]?
    public var tight: [Int]?
    public var kktResidual: String?

    enum CodingKeys: String, CodingKey {
        case depth, limit, w, exact
        case verifiedDigits = "verified_digits"
        case support, tight
        case kktResidual = "kkt_residual"
    }

    public init(_ limit: RichLimit) {
        depth = limit.depth
        self.limit = limit.choice
        exact = limit.isExact
        if limit.isExact {
            w = limit.w.map(\.description)
        } else {
            let shown = Swift.max(1, limit.verifiedDigits)
            w = limit.w.map { ExactDecimal.format($0, significantDigits: shown) }
            verifiedDigits = limit.verifiedDigits
        }
        if limit.choice == .kkt {
            support = limit.support.map { $0 + 1 }
            tight = limit.tight.map { $0 + 1 }
            kktResidual = limit.kktResidual?.formatted(significantDigits: 3)
        }
    }

    /// One line: "D = 3: ŵ_{2/3} = (500/323, 0, 0, 0, 0, 0) (exact; support [1], tight set [1], KKT residual 0)".
    public var summary: String {
        let name = limit == .kkt ? "ŵ_{2/\(depth)}, the l_{2/\(depth)} KKT point at the μ → 0 end of the sweep path," : "ŵ₁ (l1 max margin)"
        var details = [exact ? "exact" : "\(verifiedDigits ?? 0) digits"]
        if let support, let tight { details.append("support \(support), tight set \(tight)") }
        if let kktResidual { details.append("KKT residual \(kktResidual)") }
        return "D = \(depth): rich limit \(name) = (\(w.joined(separator: ", "))) (\(details.joined(separator: "; ")))"
    }
}
