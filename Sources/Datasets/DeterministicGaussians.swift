import Multiprecision

/// Standard-normal samples that are the same on every machine, for the built-in data sets.
///
/// Uniform bits come from SplitMix64 (Steele, Lea, Flood 2014; pure 64-bit integer arithmetic).
/// Each sample is one accepted pair of the Marsaglia polar method: u = (a − 2^52)/2^52 and
/// v = (b − 2^52)/2^52 with a, b the top 53 bits of two draws (exact dyadic rationals in [−1, 1)),
/// s = u² + v² (exact at 128 bits), the pair accepted iff 0 < s < 1, and the sample
/// u·√(−2 ln s / s) evaluated at 128 bits in MPFR. MPFR rounds every operation correctly, so the
/// sample is a function of the seed alone, whatever the machine, libm or compiler; `rounded`
/// then rounds it to a fixed number of decimals exactly (half away from zero).
struct DeterministicGaussians {
    static let precision = 128
    private var bits: SplitMix64

    init(seed: UInt64) { bits = SplitMix64(seed: seed) }

    /// The next 64-bit output of SplitMix64.
    mutating func nextBits() -> UInt64 { bits.next() }

    /// A uniform in [−1, 1) as an exact 128-bit value: (top 53 bits − 2^52) · 2^−52.
    private mutating func nextSignedUnit() -> BigFloat {
        let k = Int(nextBits() >> 11) - (1 << 52)
        return BigFloat.scaled(BigFloat(k, precision: Self.precision), byPowerOfTwo: -52)
    }

    /// The next standard-normal sample at 128 bits.
    mutating func next() -> BigFloat {
        while true {
            let u = nextSignedUnit(), v = nextSignedUnit()
            let s = u * u + v * v
            guard !s.isZero, s < BigFloat(1, precision: Self.precision) else { continue }
            let factor = BigFloat.sqrt(BigFloat.log(s) * -2 / s)
            return u * factor
        }
    }

    /// The next sample rounded to `decimals` decimals: the integer k = round(g · 10^decimals).
    mutating func nextRounded(decimals: Int) -> Int { Self.round(next(), decimals: decimals) }

    /// round(x · 10^decimals), half away from zero, decided by exact comparisons (|x · 10^decimals| < 2^62).
    static func round(_ x: BigFloat, decimals: Int) -> Int {
        var scale = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaled = BigFloat(x, precision: precision + 64) * scale  // exact: 128 + 64 bits hold x · 10^decimals
        let magnitude = scaled.magnitude
        var k = Int(magnitude.doubleValue.rounded())
        let half = BigFloat(1, precision: 8) / 2
        // k − ½ ≤ |x·10^m| < k + ½
        while magnitude >= BigFloat(k, precision: precision + 64) + half { k += 1 }
        while k > 0 && magnitude < BigFloat(k, precision: precision + 64) - half { k -= 1 }
        return scaled.isNegative ? -k : k
    }
}
