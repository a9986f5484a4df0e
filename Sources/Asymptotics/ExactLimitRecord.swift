/// An exact limit as reported: "p/q" coordinates and their decimals (correctly rounded).
public struct ExactLimitRecord: Codable, Sendable, Equatable {
    public var w: [String]
    public var decimal: [String]
    public var certificateVerified: Bool

    enum CodingKeys: String, CodingKey {
        case w, decimal
        case certificateVerified = "certificate_verified"
    }

    public init(w: [String], decimal: [String], certificateVerified: Bool) {
        self.w = w
        self.decimal = decimal
        self.certificateVerified = certificateVerified
    }
}
