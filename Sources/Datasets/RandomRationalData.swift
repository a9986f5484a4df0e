import Multiprecision

/// Deterministic random rational data sets for tests and benchmarks (not for science).
///
/// Entries are decimal numbers with `decimals` digits after the point, as a CSV file would hold
/// them: round(g · 10^decimals) / 10^decimals with g standard normal (Box–Muller on a SplitMix64
/// stream seeded by `seed`). The same seed gives the same data on every machine.
public struct RandomRationalData: Sendable {
    public let rows: [[Rational]]
    public let targets: [Rational]

    /// N × d standard-normal entries; targets y = X β* + 0.1·noise with β* 5-sparse (entries
    /// 0.447 ≈ 1/√5 on the first min(5, d) coordinates of a seeded permutation), all rounded to
    /// `decimals` digits: the sparse-regression design of MATH.md §3.6 in exact decimals.
    public init(samples n: Int, features d: Int, seed: UInt64, decimals: Int = 3) {
        var generator = SplitMix64(seed: seed)
        let scale = (0..<decimals).reduce(1) { acc, _ in acc * 10 }
        var gaussians: [[Double]] = []
        gaussians.reserveCapacity(n)
        for _ in 0..<n { gaussians.append((0..<d).map { _ in generator.nextGaussian() }) }
        rows = gaussians.map { row in row.map { Rational(Int(($0 * Double(scale)).rounded()), scale) } }
        var support = Array(0..<d)
        for i in stride(from: d - 1, to: 0, by: -1) { support.swapAt(i, Int(generator.next() % UInt64(i + 1))) }
        let chosen = Array(support.prefix(Swift.min(5, d)))
        targets = gaussians.map { row in
            let value = chosen.reduce(0.0) { $0 + 0.447 * row[$1] } + 0.1 * generator.nextGaussian()
            return Rational(Int((value * Double(scale)).rounded()), scale)
        }
    }

}
