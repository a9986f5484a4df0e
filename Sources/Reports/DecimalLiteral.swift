/// A decimal literal split into sign, mantissa and exponent, exactly as written (no rounding):
/// `-?digits(.digits)?([eE][+-]?digits)?`, or the same with no digits before the point.
struct DecimalLiteral: Equatable {
    var negative: Bool
    /// The mantissa digits as written, with the decimal point if there was one ("1.2345").
    var mantissa: String
    /// The power of ten written after `e`, 0 if none.
    var exponent: Int
    var hasExponent: Bool

    init?(_ text: String) {
        var rest = Substring(text)
        negative = rest.hasPrefix("-")
        if rest.hasPrefix("-") || rest.hasPrefix("+") { rest = rest.dropFirst() }
        var exponentText: Substring = ""
        if let e = rest.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponentText = rest[rest.index(after: e)...]
            rest = rest[..<e]
            hasExponent = true
        } else {
            hasExponent = false
        }
        let pieces = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard pieces.count <= 2, pieces.allSatisfy({ $0.allSatisfy(\.isASCIIDigitCharacter) }),
            pieces.contains(where: { !$0.isEmpty })
        else { return nil }
        mantissa = String(rest)
        if hasExponent {
            var digits = exponentText
            let negativeExponent = digits.hasPrefix("-")
            if digits.hasPrefix("-") || digits.hasPrefix("+") { digits = digits.dropFirst() }
            guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigitCharacter), let magnitude = Int(digits) else { return nil }
            exponent = negativeExponent ? -magnitude : magnitude
        } else {
            exponent = 0
        }
    }
}
