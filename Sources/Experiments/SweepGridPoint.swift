import Multiprecision

/// One point of an experiment's grid: its index in the normalised grid order (depths ascending,
/// then α ascending), the depth and the exact scale α.
public struct SweepGridPoint: Sendable, Equatable {
    public let index: Int
    public let depth: Int
    public let alpha: Rational
    /// α as a normalised decimal literal or "p/q" (the key used in files and tables).
    public let alphaText: String

    /// "D = 2, α = 10" (for messages).
    public var label: String { "D = \(depth), α = \(alphaText)" }
}
