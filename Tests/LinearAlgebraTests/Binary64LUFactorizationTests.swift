import LinearAlgebra
import Multiprecision
import Testing

/// `Binary64LUFactorization` against exact rational solutions: a matrix whose rows and columns
/// are scaled by powers of two far outside binary64's range (2^±3000), so that only the
/// equilibration makes it factorable, and the refinement iteration that uses the factors as an
/// approximate inverse (as Radau's simplified Newton iterations do).
@Suite struct Binary64LUFactorizationTests {
    static let rowExponents = [0, 1500, -1500, 700, -3000, 40, -40]
    static let columnExponents = [-2000, 0, 2500, -100, 100, 900, -900]

    /// A well-conditioned integer matrix (strictly diagonally dominant).
    static func core(_ i: Int, _ j: Int) -> Rational {
        i == j ? Rational(20 + i) : Rational((i * 3 + j * 5) % 7 - 3)
    }

    /// A = 2^r_i · core_ij · 2^c_j, the exact solution x_j = (j + 1)/3 · 2^−c_j and b = A x.
    static func problem(precision: Int) throws -> (matrix: BigMatrix, exact: [Rational], rhs: BigVector) {
        let n = rowExponents.count
        let entries = (0..<n).map { i in
            (0..<n).map { j in Rational.powerOfTwo(rowExponents[i]) * core(i, j) * Rational.powerOfTwo(columnExponents[j]) }
        }
        let exact = (0..<n).map { j in Rational(j + 1) / Rational(3) * Rational.powerOfTwo(-columnExponents[j]) }
        let rhs = (0..<n).map { i in (0..<n).reduce(Rational()) { $0 + entries[i][$1] * exact[$1] } }
        return (try BigMatrix(entries, precision: precision), exact, BigVector(rhs, precision: precision))
    }

    static func relativeErrors(_ solution: BigVector, _ exact: [Rational]) throws -> [Rational] {
        try exact.indices.map { j in
            let difference = try Rational(exactly: solution[j]) - exact[j]
            return (difference < Rational() ? -difference : difference) / (exact[j] < Rational() ? -exact[j] : exact[j])
        }
    }

    @Test("one solve is accurate to binary64 after equilibration across 2^±3000")
    func oneSolve() throws {
        let (matrix, exact, rhs) = try Self.problem(precision: 256)
        let lu = try #require(Binary64LUFactorization(matrix))
        var solution = rhs
        lu.solve(&solution)
        // κ(core) < 3 and n = 7: the binary64 solve is good to a few hundred ulps at most.
        for error in try Self.relativeErrors(solution, exact) { #expect(error < Rational.powerOfTwo(-40)) }
    }

    @Test("refinement with the binary64 factors converges to working precision")
    func refinementConvergesToWorkingPrecision() throws {
        let precision = 256
        let (matrix, exact, rhs) = try Self.problem(precision: precision)
        let lu = try #require(Binary64LUFactorization(matrix))
        var solution = rhs
        lu.solve(&solution)
        let workspace = KernelWorkspace(precision: precision)
        for _ in 0..<8 {
            var product = BigVector(count: rhs.count, precision: precision)
            Kernels.multiply(matrix, solution, into: &product, workspace: workspace)
            var residual = rhs
            for k in 0..<rhs.count { residual[k] = rhs[k] - product[k] }
            lu.solve(&residual)
            for k in 0..<rhs.count { solution[k] = solution[k] + residual[k] }
        }
        // Each round gains about 40 bits; eight rounds reach the rounding level of b and A x.
        for error in try Self.relativeErrors(solution, exact) { #expect(error < Rational.powerOfTwo(-precision + 12)) }
    }

    /// A random integer matrix (entries in [−9, 9], so that the elimination must pivot) of
    /// dimension 400: several panels of the blocked elimination, and trailing updates wider than
    /// one tile; the exact solution x_j = (j + 1)/3 and b = A x.
    static func largeProblem() throws -> (matrix: BigMatrix, exact: [Rational], rhs: BigVector) {
        let n = 400
        var generator = SplitMix64(seed: 2026)
        let entries = (0..<n).map { _ in (0..<n).map { _ in Int(generator.next() % 19) - 9 } }
        let exact = (0..<n).map { j in Rational(j + 1) / Rational(3) }
        let rhs = (0..<n).map { i in Rational((0..<n).reduce(0) { $0 + entries[i][$1] * ($1 + 1) }) / Rational(3) }
        let matrix = try BigMatrix(entries.map { $0.map { Rational($0) } }, precision: 128)
        return (matrix, exact, BigVector(rhs, precision: 128))
    }

    @Test("the blocked elimination solves a pivoting 400 × 400 system, the same on 1 and 2 threads")
    func blockedElimination() throws {
        let (matrix, exact, rhs) = try Self.largeProblem()
        let one = try #require(Binary64LUFactorization(matrix, threads: 1))
        let two = try #require(Binary64LUFactorization(matrix, threads: 2))
        var solution = rhs, other = rhs
        one.solve(&solution)
        two.solve(&other)
        // κ of a random ±9 matrix of this size is of order 10^3–10^4: κ · n · 2^-53 < 2^-30.
        for error in try Self.relativeErrors(solution, exact) { #expect(error < Rational.powerOfTwo(-30)) }
        for k in 0..<rhs.count { #expect(solution[k].isIdentical(to: other[k])) }
    }

    @Test("a matrix given in binary64 with a shared power of two factors as its MPFR copy does")
    func scaledBinary64Matrix() throws {
        let (matrix, _, rhs) = try Self.largeProblem()
        let n = matrix.rows
        // The entries times 2^-700, the shared exponent 700: the same matrix.
        let values = (0..<(n * n)).map { matrix[$0 / n, $0 % n].doubleValue * 0x1p-700 }
        let scaled = ScaledBinary64Matrix(rows: n, columns: n, values: values, exponent: 700)
        let fromScaled = try #require(Binary64LUFactorization(scaled))
        let fromMPFR = try #require(Binary64LUFactorization(matrix))
        var solution = rhs, other = rhs
        fromScaled.solve(&solution)
        fromMPFR.solve(&other)
        for k in 0..<n { #expect(solution[k].isIdentical(to: other[k])) }
        #expect(scaled.bigMatrix(precision: 128)[3, 5] == matrix[3, 5])
    }

    @Test("a zero right-hand side gives zero")
    func zeroRightHandSide() throws {
        let (matrix, _, _) = try Self.problem(precision: 128)
        let lu = try #require(Binary64LUFactorization(matrix))
        var zero = BigVector(count: matrix.rows, precision: 128)
        lu.solve(&zero)
        #expect(zero.elements.allSatisfy { $0.isZero })
    }

    @Test("NaN, a zero row or column and exactly repeated rows are refused")
    func refusals() throws {
        let one = Rational(1), two = Rational(2), zero = Rational()
        var withNaN = try BigMatrix([[one, two], [two, one]], precision: 64)
        withNaN[0, 1] = BigFloat.nan(precision: 64)
        #expect(Binary64LUFactorization(withNaN) == nil)
        #expect(Binary64LUFactorization(try BigMatrix([[one, two], [zero, zero]], precision: 64)) == nil)
        #expect(Binary64LUFactorization(try BigMatrix([[one, zero], [two, zero]], precision: 64)) == nil)
        #expect(Binary64LUFactorization(try BigMatrix([[one, two, one], [two, one, one], [one, two, one]], precision: 64)) == nil)
        #expect(Binary64LUFactorization(try BigMatrix([[one, two], [two, one]], precision: 64)) != nil)
    }
}
