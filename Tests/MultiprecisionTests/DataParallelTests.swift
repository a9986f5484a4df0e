import Multiprecision
import Testing

extension MultiprecisionLayer {
    /// `DataParallel.map` puts item i's result in slot i whatever the thread count.
    @Suite struct DataParallelTests {
        @Test("map equals the sequential map for 1 … 8 threads, with items of unequal cost", arguments: [0, 1, 7, 64])
        func map(count: Int) {
            // Each item does an MPFR computation of its own size (own precision, own scratch).
            func item(_ i: Int) -> String {
                let p = 64 + 32 * (i % 5)
                var x = BigFloat(i + 1, precision: p)
                for _ in 0..<(10 * (i % 7)) { x = BigFloat.sqrt(x + 1) }
                return x.formatted(significantDigits: 15)
            }
            let expected = (0..<count).map(item)
            for threads in 1...8 {
                #expect(DataParallel.map(count: count, threads: threads, item) == expected)
            }
        }
    }
}
