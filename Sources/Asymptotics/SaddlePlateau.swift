import Multiprecision

/// What the flow at a finite α does near one saddle of the α → 0 algorithm (MATH.md §7.1, T11).
///
/// Rescaled time is T = t / (½ ln(1/α)) (Woodworth's depth-2 parametrization, in which the
/// algorithm's jump times T_k are the limits of the flow's jump times).
public struct SaddlePlateau: Sendable {
    /// k = 0 (the origin) … K (the last saddle).
    public let index: Int
    /// β⁽ᵏ⁾, exact.
    public let saddle: [Rational]
    /// [T_k, T_{k+1}] from the algorithm (T_0 = 0; the last plateau has no end).
    public let predictedStart: Rational
    public let predictedEnd: Rational?
    /// The rescaled time where the distance is probed: the middle of the predicted plateau
    /// (T_K + 1 for the last one).
    public let probeTime: Rational
    /// ‖β(t) − β⁽ᵏ⁾‖∞ at the probe time.
    public let distanceAtProbe: BigFloat
    /// The smallest ‖β − β⁽ᵏ⁾‖∞ over the sampling grid and the probe.
    public let minimumDistance: BigFloat
    /// The maximal run of grid times around the probe where ‖β − β⁽ᵏ⁾‖∞ ≤ the threshold, in
    /// rescaled time (nil when even the probe is farther than the threshold).
    public let observedStart: Double?
    public let observedEnd: Double?
    /// The rescaled time at which the loss first falls to (L(β⁽ᵏ⁻¹⁾) + L(β⁽ᵏ⁾))/2: the flow's
    /// jump onto this saddle (nil for k = 0).
    public let measuredJumpTime: BigFloat?
    /// Significant digits on which two runs (digits and digits + 10, higher precision) agree, for
    /// the distance at the probe and for the measured jump time.
    public let distanceDigits: Int
    public let jumpTimeDigits: Int?
}
