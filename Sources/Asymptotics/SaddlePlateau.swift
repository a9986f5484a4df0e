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
    /// At the probe: max |β_i| over the coordinates where β⁽ᵏ⁾_i = 0. Computed from the closed
    /// form β_i = 2α² sinh(4G_i), so it has relative accuracy however small it is.
    public let offSupportDistance: BigFloat
    /// At the probe: max |β_i − β⁽ᵏ⁾_i| over the support of β⁽ᵏ⁾ (0 for the origin). Absolute
    /// accuracy only (a difference of O(1) numbers): see `onSupportDigits`.
    public let onSupportDistance: BigFloat
    /// The exponent e with offSupportDistance ≈ α^e predicted by the algorithm: coordinate i off
    /// the support grows like α^{2(1 − |s_i(T)|)} with s(T) = s⁽ᵏ⁾ + (T − T_k)u⁽ᵏ⁺¹⁾, so
    /// e = 2(1 − max_{i off support} |s_i(T_probe)|), exact.
    public let predictedExponent: Rational?
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
    public let offSupportDigits: Int
    public let onSupportDigits: Int
    public let jumpTimeDigits: Int?
}
