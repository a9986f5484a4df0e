import CMPFR

/// A `BigVector` in binary64 with one shared power of two: x_i ≈ values[i] · 2^exponent, the
/// exponent that of the largest |x_i|, so that every entry within 2^-1074 of the largest keeps
/// about 53 bits whatever its own exponent (far outside binary64's range included); smaller ones
/// become 0. For norms and estimates, where a few digits suffice; never for results.
public struct ScaledBinary64Vector: Sendable {
    public let values: [Double]
    /// The shared binary exponent (MPFR's convention: the largest |values[i]| lies in [1/2, 1)).
    public let exponent: Int
    /// Whether an entry of the vector was NaN or infinite (then `values` are not meaningful).
    public let isFinite: Bool

    public init(_ x: BigVector) {
        var exponents = [Int](repeating: Int.min, count: x.count)
        var mantissas = [Double](repeating: 0, count: x.count)
        var finite = true
        var largest = Int.min
        x.withMPFR { base in
            for i in 0..<x.count {
                let entry = base + i
                if bf_mpfr_zero_p(entry) != 0 { continue }
                guard bf_mpfr_regular_p(entry) != 0 else {
                    finite = false
                    continue
                }
                var e = 0
                mantissas[i] = mpfr_get_d_2exp(&e, entry, MPFR_RNDN)
                exponents[i] = e
                largest = max(largest, e)
            }
        }
        exponent = largest == Int.min ? 0 : largest
        isFinite = finite
        let shared = exponent
        values = (0..<x.count).map { i in
            exponents[i] == Int.min ? 0 : mantissas[i] * scale(exponents[i] - shared)
        }
    }
}

/// 2^k for k ≤ 0 in binary64 (0 below the subnormal range).
private func scale(_ k: Int) -> Double { k < -1100 ? 0 : Double(sign: .plus, exponent: k, significand: 1) }
