/// SplitMix64 (Steele, Lea, Flood 2014): BiasFlow's one seedable generator of uniform bits, pure
/// 64-bit integer arithmetic, so a seed gives the same stream on every machine. The built-in data
/// sets, random initializations and random test problems draw from it.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The next 64 uniform bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1): the top 53 bits of `next()` times 2^−53 (exact).
    public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}
