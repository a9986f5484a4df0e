import LinearAlgebra
import Multiprecision
import Testing

@testable import LinearAlgebra

/// `DoubleDoubleLUFactorization` against exact rational solutions: the equilibrated 2^±3000
/// matrix of the binary64 tests, Hilbert matrices (κ up to 1e19, where binary64 factors lose every
/// digit), a pivoting random integer system; and the double-double arithmetic it rests on.
@Suite struct DoubleDoubleLUFactorizationTests {
    static func largest(_ errors: [Rational]) -> Rational { errors.reduce(Rational()) { $0 < $1 ? $1 : $0 } }

    @Test("one solve is accurate to about 2^-100 after equilibration across 2^±3000")
    func oneSolve() throws {
        let (matrix, exact, rhs) = try Binary64LUFactorizationTests.problem(precision: 256)
        let lu = try #require(DoubleDoubleLUFactorization(matrix))
        var solution = rhs
        lu.solve(&solution)
        // κ(core) < 3 and n = 7.
        #expect(Self.largest(try Binary64LUFactorizationTests.relativeErrors(solution, exact)) < Rational.powerOfTwo(-95))
    }

    /// The Hilbert matrix H_ij = 1/(i + j + 1) of order n, x_j = (−1)^j (j + 1)/3 and b = H x,
    /// all exact; the matrix and b rounded to 320 bits (a relative perturbation of κ · 2^-320).
    static func hilbert(_ n: Int) throws -> (matrix: BigMatrix, exact: [Rational], rhs: BigVector) {
        let entries = (0..<n).map { i in (0..<n).map { j in Rational(1) / Rational(i + j + 1) } }
        let exact = (0..<n).map { j in Rational(j % 2 == 0 ? j + 1 : -(j + 1)) / Rational(3) }
        let rhs = (0..<n).map { i in (0..<n).reduce(Rational()) { $0 + entries[i][$1] * exact[$1] } }
        return (try BigMatrix(entries, precision: 320), exact, BigVector(rhs, precision: 320))
    }

    @Test("Hilbert matrices of order 10 and 14 (κ ≈ 1.6e13, 2.6e19): κ · 2^-104 accuracy where binary64 has none")
    func hilbertMatrices() throws {
        for (n, bound) in [(10, Rational.powerOfTwo(-50)), (14, Rational.powerOfTwo(-30))] {
            let (matrix, exact, rhs) = try Self.hilbert(n)
            let lu = try #require(DoubleDoubleLUFactorization(matrix))
            var solution = rhs
            lu.solve(&solution)
            #expect(Self.largest(try Binary64LUFactorizationTests.relativeErrors(solution, exact)) < bound, "order \(n)")
        }
        // The regime the factorization is for: binary64 factors of order 14 miss by more than 1 %.
        let (matrix, exact, rhs) = try Self.hilbert(14)
        let binary64 = try #require(Binary64LUFactorization(matrix))
        var solution = rhs
        binary64.solve(&solution)
        #expect(Self.largest(try Binary64LUFactorizationTests.relativeErrors(solution, exact)) > Rational(1) / Rational(100))
    }

    @Test("a pivoting random integer system of order 120 is solved to about κ · n · 2^-104")
    func randomPivotingSystem() throws {
        let n = 120
        var generator = SplitMix64(seed: 7)
        let entries = (0..<n).map { _ in (0..<n).map { _ in Int(generator.next() % 19) - 9 } }
        let exact = (0..<n).map { j in Rational(j + 1) / Rational(3) }
        let rhs = (0..<n).map { i in Rational((0..<n).reduce(0) { $0 + entries[i][$1] * ($1 + 1) }) / Rational(3) }
        let matrix = try BigMatrix(entries.map { $0.map { Rational($0) } }, precision: 192)
        let lu = try #require(DoubleDoubleLUFactorization(matrix))
        var solution = BigVector(rhs, precision: 192)
        lu.solve(&solution)
        #expect(Self.largest(try Binary64LUFactorizationTests.relativeErrors(solution, exact)) < Rational.powerOfTwo(-80))
    }

    @Test("a zero right-hand side gives zero; NaN, zero rows or columns and repeated rows are refused")
    func edgeCases() throws {
        let (matrix, _, _) = try Binary64LUFactorizationTests.problem(precision: 128)
        let lu = try #require(DoubleDoubleLUFactorization(matrix))
        var zero = BigVector(count: matrix.rows, precision: 128)
        lu.solve(&zero)
        #expect(zero.elements.allSatisfy { $0.isZero })
        let one = Rational(1), two = Rational(2), nothing = Rational()
        var withNaN = try BigMatrix([[one, two], [two, one]], precision: 64)
        withNaN[0, 1] = BigFloat.nan(precision: 64)
        #expect(DoubleDoubleLUFactorization(withNaN) == nil)
        #expect(DoubleDoubleLUFactorization(try BigMatrix([[one, two], [nothing, nothing]], precision: 64)) == nil)
        #expect(DoubleDoubleLUFactorization(try BigMatrix([[one, nothing], [two, nothing]], precision: 64)) == nil)
        #expect(DoubleDoubleLUFactorization(try BigMatrix([[one, two, one], [two, one, one], [one, two, one]], precision: 64)) == nil)
    }

    @Test("double-double sums, products and quotients against exact rationals")
    func arithmetic() throws {
        func exactly(_ value: DoubleDouble) throws -> Rational {
            try Rational(exactly: BigFloat(exactly: value.hi, precision: 53))
                + Rational(exactly: BigFloat(exactly: value.lo, precision: 53))
        }
        // (1 + 2^-30)² = 1 + 2^-29 + 2^-60 exactly.
        let a = DoubleDouble(1 + 0x1p-30)
        #expect(try exactly(a * a) == Rational(1) + Rational.powerOfTwo(-29) + Rational.powerOfTwo(-60))
        // 1 + 2^-80 − 1 = 2^-80 exactly.
        #expect(try exactly(DoubleDouble(1, 0x1p-80) - DoubleDouble(1)) == Rational.powerOfTwo(-80))
        // 1/3 and 2/7 to 2^-100 relative.
        for (p, q) in [(1, 3), (2, 7), (-5, 11)] {
            let quotient = DoubleDouble(Double(p)) / DoubleDouble(Double(q))
            let exact = Rational(p) / Rational(q)
            let error = try exactly(quotient) - exact
            #expect((error < Rational() ? -error : error) < Rational.powerOfTwo(-100) * (exact < Rational() ? -exact : exact))
        }
    }
}
