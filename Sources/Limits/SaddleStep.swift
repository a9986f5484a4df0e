import Multiprecision

/// One jump of the saddle-to-saddle algorithm (Pesme & Flammarion 2023; MATH.md §7.1, T11), exact.
///
/// Step k starts at the previous saddle β⁽ᵏ⁻¹⁾ (β⁽⁰⁾ = 0), moves s along u⁽ᵏ⁾ = Xᵀ(y − Xβ⁽ᵏ⁻¹⁾)
/// for the rescaled time δ⁽ᵏ⁾ until some coordinate of s reaches ±1 (with growth-time weights:
/// t_i^+ or −t_i^-, MATH.md §12.2), then lands on the saddle
/// β⁽ᵏ⁾, the exact minimizer of ½‖Xβ − y‖² under the sign constraints s fixes.
public struct SaddleStep: Sendable {
    /// k = 1, 2, …
    public let index: Int
    /// u⁽ᵏ⁾ = Xᵀ(y − Xβ⁽ᵏ⁻¹⁾), the negative gradient at the previous saddle.
    public let direction: [Rational]
    /// δ⁽ᵏ⁾ = min_i δ_i, δ_i = (sign(u_i) − s_i)/u_i over u_i ≠ 0: the rescaled time spent on the
    /// previous saddle.
    public let duration: Rational
    /// T_k = δ⁽¹⁾ + … + δ⁽ᵏ⁾, the rescaled jump time (GF time t ≈ T_k·½·ln(1/α) in Woodworth's
    /// parametrization, T_k·ln(1/α) in Pesme–Flammarion's, MATH.md §7.1).
    public let jumpTime: Rational
    /// s⁽ᵏ⁾ = s⁽ᵏ⁻¹⁾ + δ⁽ᵏ⁾ u⁽ᵏ⁾ (|s_i| ≤ 1; |s_i| = 1 marks the coordinates allowed to be non-zero;
    /// with weights −t_i^- ≤ s_i ≤ t_i^+ and the thresholds mark them).
    public let s: [Rational]
    /// Coordinates (0-based) whose s_i reached its threshold at this jump.
    public let entering: [Int]
    /// Coordinates (0-based) non-zero at β⁽ᵏ⁻¹⁾ and zero at β⁽ᵏ⁾.
    public let leaving: [Int]
    /// The saddle β⁽ᵏ⁾.
    public let saddle: [Rational]
    /// ½‖Xβ⁽ᵏ⁾ − y‖².
    public let loss: Rational
    /// The exact KKT conditions of the step's constrained least squares hold (see
    /// `SignConstrainedLeastSquares`), and |s_i| ≤ 1 for every i.
    public let optimalityVerified: Bool
}
