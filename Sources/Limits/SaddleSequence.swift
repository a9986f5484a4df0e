import Multiprecision

/// The output of the saddle-to-saddle algorithm: the jumps, and the proof that the last saddle is
/// the min-l1 interpolator (unit weights) or the weighted-l1 interpolator (MATH.md §12.2).
///
/// `dual` is θ = Σ_k δ⁽ᵏ⁾ (y − Xβ⁽ᵏ⁻¹⁾), for which s = Xᵀθ exactly; when the last saddle
/// interpolates, `certificate` checks exactly (from X, y, β and θ alone) that ‖Xᵀθ‖∞ ≤ 1 and
/// (Xᵀθ)_i = sign β_i on the support, which proves β the minimum-l1 interpolator with
/// ‖β‖₁ = yᵀθ (MATH.md T11).
public struct SaddleSequence: Sendable {
    public let steps: [SaddleStep]
    /// θ with s⁽ᵏ⁾ = Xᵀθ at the last step.
    public let dual: [Rational]
    /// True when the last saddle interpolates (Xβ = y).
    public let interpolates: Bool
    /// The min-l1 interpolation certificate of the last saddle (nil when it does not interpolate,
    /// or when the weights are not unit).
    public let certificate: Certificate?
    /// The weights t^± the algorithm ran with.
    public let weights: SaddleWeights
    /// The weighted-l1 certificate of the last saddle: s = Xᵀθ with −t^- ≤ s ≤ t^+, s_i = t_i^±
    /// on the support by sign, Xβ = y and Σ t^±β^± = yᵀθ (nil when it does not interpolate).
    public let weightedCertificate: WeightedL1Certificate?

    public init(
        steps: [SaddleStep], dual: [Rational], interpolates: Bool, certificate: Certificate?,
        weights: SaddleWeights, weightedCertificate: WeightedL1Certificate?
    ) {
        self.steps = steps
        self.dual = dual
        self.interpolates = interpolates
        self.certificate = certificate
        self.weights = weights
        self.weightedCertificate = weightedCertificate
    }

    /// The last saddle (empty when there is no step, i.e. y = 0).
    public var finalSaddle: [Rational] { steps.last?.saddle ?? [] }

    /// Every step's optimality and, if interpolating, the final certificate, verified exactly.
    public var isVerified: Bool {
        steps.allSatisfy(\.optimalityVerified) && (weightedCertificate?.isVerified ?? !interpolates)
            && (!weights.isUnit || (certificate?.isVerified ?? !interpolates))
    }
}
