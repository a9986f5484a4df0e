/// A number as it is reported and stored: a decimal literal carrying only verified significant
/// digits (at least one, so the magnitude is visible), and how many of them are verified (0 means
/// only the order of magnitude is known).
public struct VerifiedDecimal: Codable, Sendable, Equatable, CustomStringConvertible {
    public var value: String
    public var digits: Int

    /// `value` as given, except that a negative zero ("-0", "-0.00") is stored as "0".
    public init(value: String, digits: Int) {
        let body = value.hasPrefix("-") ? value.dropFirst() : Substring(value)
        let mantissa = body.split(separator: "e", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        self.value = value.hasPrefix("-") && !mantissa.isEmpty && mantissa.allSatisfy({ $0 == "0" || $0 == "." }) ? "0" : value
        self.digits = digits
    }

    public var description: String { value }
}
