import Foundation
import Multiprecision

/// A seeded stream of standard-normal samples rounded to exact six-decimal rationals, for
/// reproducible random initializations (`TwoLayerLinearNetwork.random`): SplitMix64 (Steele, Lea,
/// Flood 2014) for the bits, Box–Muller for the normal, then round(g·10⁶)/10⁶ (so a last-ulp
/// difference in the C library's log/cos between machines almost never changes a value).
struct InitializationStream {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func nextBits() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func nextUnit() -> Double { Double(nextBits() >> 11) * 0x1.0p-53 }

    mutating func nextGaussianRational() -> Rational {
        var u = nextUnit()
        while u == 0 { u = nextUnit() }
        let v = nextUnit()
        let g = (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v)
        return Rational(Int((g * 1_000_000).rounded()), 1_000_000)
    }
}
