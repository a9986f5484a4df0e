/// SplitMix64 (Steele, Lea, Flood 2014): a small, fast, seedable generator.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1.0p-53 }
    mutating func nextGaussian() -> Double {
        var u = nextUnit()
        while u == 0 { u = nextUnit() }
        let v = nextUnit()
        return (-2 * libmLog(u)).squareRoot() * libmCos(2 * Double.pi * v)
    }
}

// Box–Muller needs log and cos of doubles (from the C library).
#if canImport(Glibc)
import Glibc
@inline(__always) func libmLog(_ x: Double) -> Double { Glibc.log(x) }
@inline(__always) func libmCos(_ x: Double) -> Double { Glibc.cos(x) }
#else
import Darwin
@inline(__always) func libmLog(_ x: Double) -> Double { Darwin.log(x) }
@inline(__always) func libmCos(_ x: Double) -> Double { Darwin.cos(x) }
#endif
