/// A number as it is reported and stored: a decimal literal carrying only verified significant
/// digits (at least one, so the magnitude is visible), and how many of them are verified (0 means
/// only the order of magnitude is known).
public struct VerifiedDecimal: Codable, Sendable, Equatable, CustomStringConvertible {
    public var value: String
    public var digits: Int

    public init(value: String, digits: Int) {
        self.value = value
        self.digits = digits
    }

    public var description: String { value }
}
