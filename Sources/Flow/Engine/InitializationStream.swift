import Foundation
import Multiprecision

/// A seeded stream of standard-normal samples rounded to exact six-decimal rationals, for
/// reproducible random initializations (`TwoLayerLinearNetwork.random`): SplitMix64 (Steele, Lea,
/// Flood 2014) for the bits, Box–Muller for the normal, then round(g·10⁶)/10⁶ (so a last-ulp
/// difference in the C library's log/cos between machines almost never changes a value).
struct InitializationStream {
    private var bits: SplitMix64

    init(seed: UInt64) { bits = SplitMix64(seed: seed) }

    mutating func nextBits() -> UInt64 { bits.next() }

    mutating func nextUnit() -> Double { bits.nextUnit() }

    mutating func nextGaussianRational() -> Rational {
        var u = nextUnit()
        while u == 0 { u = nextUnit() }
        let v = nextUnit()
        let g = (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v)
        return Rational(Int((g * 1_000_000).rounded()), 1_000_000)
    }
}
