// The binary64 factorization of Newton matrices (`Binary64LUFactorization`) at the sizes the flow
// engine's dense stage solves reach ((s·(N+1))² with s = 24: N = 10 → 264, 50 → 1224,
// 100 → 2424), on 1 and 2 threads: seconds, binary64 GFlop/s ((2/3)n³ over the time) and whether
// the threaded factors solve to the same bits; then the double-double factorization
// (`DoubleDoubleLUFactorization`, for Newton matrices with entries from 2^40 to 2^91) and, up to
// n = 600, the MPFR one at 128 bits (`LUFactorization`) that it replaces, with their ratio. The
// matrix is a seeded random ±1 one with 4 added to its diagonal, held in MPFR at 128 bits, as the
// engine holds its Newton matrices.
//
//   swift run -c release FactorizationBenchmark [n1,n2,…] [rounds]
import Foundation
import LinearAlgebra
import Multiprecision

let arguments = CommandLine.arguments.dropFirst()
let sizes = arguments.first.map { $0.split(separator: ",").compactMap { Int($0) } } ?? [264, 1224, 2424]
let rounds = arguments.dropFirst().first.flatMap { Int($0) } ?? 3
guard !sizes.isEmpty, sizes.allSatisfy({ $0 > 0 }), rounds > 0 else {
    FileHandle.standardError.write("usage: FactorizationBenchmark [n1,n2,…] [rounds]\n".data(using: .utf8)!)
    exit(2)
}

for n in sizes {
    var matrix = BigMatrix(rows: n, columns: n, precision: 128)
    var generator = SplitMix64(seed: UInt64(n))
    for i in 0..<n {
        for j in 0..<n {
            let entry = Double(generator.next() % 10_000) / 5_000 - 1 + (i == j ? 4 : 0)
            matrix[i, j] = BigFloat(exactly: entry, precision: 128)
        }
    }
    var right = BigVector(count: n, precision: 128)
    for i in 0..<n { right[i] = BigFloat(i % 7 - 3, precision: 128) }
    var solutions: [BigVector] = []
    for threads in [1, 2] {
        var best = Double.infinity
        var solution = right
        for _ in 0..<rounds {
            let start = Date()
            guard let factors = Binary64LUFactorization(matrix, threads: threads) else {
                print("n = \(n): not factorable")
                exit(1)
            }
            best = min(best, Date().timeIntervalSince(start))
            solution = right
            factors.solve(&solution)
        }
        solutions.append(solution)
        let rate = 2.0 / 3.0 * pow(Double(n), 3) / best / 1e9
        print(
            "n = \(n), \(threads) thread\(threads == 1 ? "" : "s"): \(String(format: "%.4f", best)) s (best of \(rounds)), \(String(format: "%.2f", rate)) GFlop/s"
        )
    }
    print("n = \(n): threaded solve identical: \(solutions[0].isIdentical(to: solutions[1]))")
    func best(_ factor: () -> Bool) -> Double {
        var fastest = Double.infinity
        for _ in 0..<rounds {
            let start = Date()
            guard factor() else {
                print("n = \(n): not factorable")
                exit(1)
            }
            fastest = min(fastest, Date().timeIntervalSince(start))
        }
        return fastest
    }
    let doubleDouble = best { DoubleDoubleLUFactorization(matrix) != nil }
    print("n = \(n), double-double: \(String(format: "%.4f", doubleDouble)) s (best of \(rounds))")
    if n <= 600 {
        let mpfr = best { LUFactorization(matrix) != nil }
        print(
            "n = \(n), MPFR at 128 bits: \(String(format: "%.4f", mpfr)) s (best of \(rounds)), \(String(format: "%.1f", mpfr / doubleDouble))× the double-double time"
        )
    }
}
