import Flow
import Multiprecision

/// The Lyu–Li smoothed normalized margin γ̃ = ln(1/L)/‖u‖₂^D of a depth-D diagonal network, with
/// u = (u₊, u₋) ∈ R^{2d} all parameters (MATH.md §1.4, §7.5, §9 T9), and its limit at a
/// margin-normalised KKT point.
///
/// Lyu and Li: once L < 1 (sum loss, τ > 0), γ̃ is non-decreasing along gradient flow. Its limit:
/// (a² + b²)^{D/2} ≥ |a|^D + |b|^D ≥ |a^D − b^D| gives ‖u‖₂² ≥ Σ_i |w_i|^{2/D}, with equality iff one
/// of u₊,i, u₋,i is 0. Along the flow the smaller factor of each pair stays bounded (α²/u_big → 0
/// for D = 2; below α for D > 2) while the larger grows like γ^{1/D} on the support, so
/// ‖u‖₂² = Σ|w_i|^{2/D}(1 + o(1)), and ln(1/L) = γ(1 + o(1)) (τ ≤ γ ≤ τ + ln N). Hence, if
/// w̃ = w/γ → w*, γ̃ → (Σ|w*_i|^{2/D})^{−D/2}: 1/‖ŵ₁‖₁ for D = 2 (`limitL1`), and at an l_{2/D}
/// KKT point for D > 2 (`limit`; 323/500 on F1, D = 3, w* = (500/323)e₁).
public enum LyuLiMargin {
    /// γ̃ at one checkpoint of an unbiased scalar-α network, with a propagated error bound.
    ///
    /// Contract: u₊,i, u₋,i come from the closed form at G = Zᵀν (`DiagonalClosedForm.factors`:
    /// α e^{±2G} for D = 2, ξ±^{−1/(D−2)} for D > 2), evaluated at `precision` (the checkpoint's own,
    /// which the flow's precision schedule sized for the subtraction ξ₊ = α^{2−D} − D(D−2)G);
    /// ‖u‖₂² is a sum of positive terms (no cancellation). Error (first order): on the conservation
    /// law (u₊u₋ = α², or u₊^{2−D} + u₋^{2−D} = 2α^{2−D}) one has
    /// |∂(u₊,i² + u₋,i²)/∂w_i| = (2/D) M_i^{2−D} (1 − t^D)/(1 + t^{2D−2}) ≤ (2/D) M_i^{2−D}, with
    /// M_i = max(u₊,i, u₋,i) and t = min/max, so e(‖u‖²) ≤ Σ_i (2/D) M_i^{2−D} e(w_i) from the error
    /// bounds of w; then e(γ̃) ≤ |γ̃|·(e(τ)/|τ| + (D/2) e(‖u‖²)/‖u‖²), plus a few roundings.
    /// `tau` is ln(1/L) of the same state (the checkpoint's τ recomputed from ν). Returns nil when
    /// the closed form is outside its domain (cannot happen on a flow the engine produced).
    static func value(
        tau: BoundedValue, w: [BoundedValue], nu: [BigFloat], z: [[Rational]],
        network: DiagonalNetwork, precision p: Int
    ) -> BoundedValue? {
        let form = network.closedForm(precision: p)
        let depth = network.depth, d = network.dimension
        let nuAtP = nu.map { BigFloat($0, precision: p) }
        var squares = BigFloat(precision: p), squaresError = BigFloat(precision: p)
        let twoOverD = BigFloat(2, precision: p) / depth
        for i in 0..<d {
            var g = BigFloat(precision: p)
            for (n, row) in z.enumerated() where !row[i].isZero { g += BigFloat(row[i], precision: p) * nuAtP[n] }
            guard let (plus, minus) = form.factors(i, at: g, initialPlus: network.initialPlus[i], initialMinus: network.initialMinus[i])
            else {
                return nil
            }
            squares += plus * plus + minus * minus
            let larger = BigFloat.maximum(plus, minus)
            let slope = depth == 2 ? twoOverD : twoOverD * BigFloat.pow(larger, 2 - depth)
            squaresError += slope * BigFloat(w[i].error, precision: p)
        }
        // A few roundings of the factors and of the sum, relative 2^(−p+8) (the flow's precision
        // already pays for the cancellation in ξ₊, whose effect on w the two runs measured).
        let rounding = BigFloat.pow(BigFloat(2, precision: p), 8 - p)
        let tauValue = BigFloat(tau.value, precision: p)
        let value = tauValue / BigFloat.pow(squares, BigFloat(depth, precision: p) / 2)
        var relative = BigFloat(depth, precision: p) / 2 * (squaresError / squares) + rounding
        if !tauValue.isZero { relative += BigFloat(tau.error, precision: p) / tauValue.magnitude }
        return BoundedValue(value: value, error: value.magnitude * relative)
    }

    /// (Σ|w*_i|^{2/D})^{−D/2} at a margin-normalised point w* (min_n z_nᵀw* = 1): the limit of γ̃ when
    /// w/γ → w*. Correctly rounded up to a few ulps at `w*`'s precision.
    public static func limit(_ point: [BigFloat], depth: Int) -> BigFloat {
        let p = point.first?.precision ?? 64
        let exponent = BigFloat(2, precision: p) / depth
        var sum = BigFloat(precision: p)
        for x in point where !x.isZero { sum += BigFloat.pow(x.magnitude, exponent) }
        return BigFloat.pow(sum, -(BigFloat(depth, precision: p) / 2))
    }

    /// The D = 2 limit 1/‖ŵ₁‖₁, exact, from the exact l1 max-margin solution.
    public static func limitL1(_ l1Margin: [Rational]) -> Rational {
        var norm = Rational(0)
        for x in l1Margin { norm = norm + (x.signum < 0 ? -x : x) }
        return Rational(1) / norm
    }
}
