import Multiprecision

/// The growth-time integral of a deep diagonal layer stack (MATH.md §12.1):
///
///     G(c) = ∫_c^∞ dx / Π_j sqrt(x² + μ_j²),   μ_j > 0, at least two factors,
///
/// so that F(+∞) = G(a*_L) and −F(−∞) = G(−a*_L) (the integrand is even).
///
/// Method: the exp-sinh substitution x = c + exp((π/2) sinh u) and the trapezoidal rule in u,
/// whose error falls double-exponentially in 1/h because the integrand is analytic in a strip
/// (its poles ±iμ_j are off the real axis) and decays at least like x^{-2}. The step halves
/// until two successive sums agree to the working precision; the sum is cut where the terms
/// fall below 2^-p of it on both sides.
///
/// Accuracy: to about 2^-(p−16) relatively at p bits (the rounding of the O(1/h) terms);
/// `GrowthTimeWeights` reports the digits on which the values at two precisions agree.
public struct DeepLayerIntegral: Sendable {
    /// μ_j² (exact, positive).
    public let squaredOffsets: [Rational]

    public init(squaredOffsets: [Rational]) {
        precondition(squaredOffsets.count >= 2 && squaredOffsets.allSatisfy { $0.signum > 0 }, "need ≥ 2 positive μ²")
        self.squaredOffsets = squaredOffsets
    }

    /// G(c) at `precision` bits; nil when the step halvings do not converge (never observed).
    public func tail(from c: Rational, precision p: Int) -> BigFloat? {
        let work = p + 32
        let lower = BigFloat(c, precision: work)
        let mu2 = squaredOffsets.map { BigFloat($0, precision: work) }
        let halfPi = BigFloat.pi(precision: work) / 2
        let epsilon = BigFloat.scaled(BigFloat(1, precision: work), byPowerOfTwo: -(work - 8))
        // The weighted term at u: f(x(u)) · x′(u).
        func term(_ u: BigFloat) -> BigFloat {
            let (sh, ch) = BigFloat.sinhCosh(u)
            let e = BigFloat.exp(halfPi * sh)
            let x = lower + e
            var f = BigFloat(1, precision: work)
            for m in mu2 { f = f / BigFloat.sqrt(BigFloat.fusedMultiplyAdd(x, x, m)) }
            return f * halfPi * ch * e
        }
        func sum(step h: BigFloat, odd: Bool) -> BigFloat {
            // Σ over u = k·h (odd k only when refining), in both directions until negligible.
            var total = odd ? BigFloat(precision: work) : term(BigFloat(precision: work))
            for direction in [1, -1] {
                var k = odd ? 1 : 1
                var small = 0
                while k < 100_000 {
                    let value = term(BigFloat(direction * k, precision: work) * h)
                    total += value
                    if value.magnitude <= epsilon * total.magnitude { small += 1 } else { small = 0 }
                    if small >= 2 || !value.isFinite { break }
                    k += odd ? 2 : 1
                }
            }
            return total
        }
        var h = BigFloat(1, precision: work) / 2
        var raw = sum(step: h, odd: false)  // Σ at step h (without the factor h)
        var estimate = h * raw
        for _ in 0..<20 {
            let half = h / 2
            raw += sum(step: half, odd: true)
            h = half
            let refined = h * raw
            let change = (refined - estimate).magnitude
            estimate = refined
            if change <= BigFloat.scaled(refined.magnitude, byPowerOfTwo: -(p + 8)) {
                return BigFloat(estimate, precision: p)
            }
        }
        return nil
    }
}
