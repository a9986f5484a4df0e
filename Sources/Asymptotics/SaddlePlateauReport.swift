import Multiprecision

/// The flow at one α compared with the saddles of the α → 0 algorithm.
public struct SaddlePlateauReport: Sendable {
    /// α as given (decimal text) and exactly.
    public let alphaText: String
    public let alpha: Rational
    /// ln(1/α).
    public let logInverseAlpha: BigFloat
    /// One entry per saddle, the origin first.
    public let plateaus: [SaddlePlateau]
    /// The ‖·‖∞ threshold that defines the observed plateau intervals.
    public let threshold: Rational
    /// Grid points per unit of rescaled time.
    public let samplesPerUnit: Int
    /// Working precision (bits) and accepted steps of the more accurate run.
    public let precision: Int
    public let steps: Int
}
