import Multiprecision

/// The output of the saddle-to-saddle algorithm: the jumps, and the proof that the last saddle is
/// the min-l1 interpolator.
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
    /// The min-l1 interpolation certificate of the last saddle (nil when it does not interpolate).
    public let certificate: Certificate?

    /// The last saddle (empty when there is no step, i.e. y = 0).
    public var finalSaddle: [Rational] { steps.last?.saddle ?? [] }

    /// Every step's optimality and, if interpolating, the final certificate, verified exactly.
    public var isVerified: Bool {
        steps.allSatisfy(\.optimalityVerified) && (certificate?.isVerified ?? !interpolates)
    }
}
