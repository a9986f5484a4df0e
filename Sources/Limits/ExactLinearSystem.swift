import CMPFR
import Multiprecision

/// Exact solution of square rational linear systems by fraction-free (Bareiss) elimination.
///
/// Contract: the answer is exact. Each row of [A | B] is first multiplied by the lcm of its
/// denominators (which leaves the solution unchanged), then Bareiss elimination with row pivoting
/// runs in integers: every division is exact and intermediate integers stay bounded by minors of the
/// matrix (Hadamard's bound), so the cost is O(n³) integer operations on numbers of the size of
/// det(A). A singular A is reported as `nil`, never approximated.
public enum ExactLinearSystem {
    /// X with A X = B, column by column; `rightHandSides` are the columns of B. nil when A is singular.
    public static func solve(_ matrix: [[Rational]], rightHandSides: [[Rational]]) -> [[Rational]]? {
        let n = matrix.count
        let r = rightHandSides.count
        if n == 0 { return rightHandSides.map { _ in [] } }
        let width = n + r
        let a = IntegerBlock(count: n * width)
        // Scale each augmented row to integers.
        withTemporaryInteger { lcm in
            withTemporaryInteger { factor in
                for i in 0..<n {
                    precondition(matrix[i].count == n, "exact solve of a non-square system")
                    bf_mpz_set_si(lcm, 1)
                    func value(_ j: Int) -> Rational { j < n ? matrix[i][j] : rightHandSides[j - n][i] }
                    for j in 0..<width { value(j).withMPQ { __gmpz_lcm(lcm, lcm, bf_mpq_denref_const($0)) } }
                    for j in 0..<width {
                        value(j).withMPQ { q in
                            __gmpz_divexact(factor, lcm, bf_mpq_denref_const(q))
                            __gmpz_mul(a[i * width + j], bf_mpq_numref_const(q), factor)
                        }
                    }
                }
            }
        }
        guard let determinant = eliminate(a, rows: n, width: width) else { return nil }
        return backSubstitute(a, n: n, width: width, determinant: determinant)
    }

    /// Bareiss elimination in place on the n × width integer array; returns the determinant
    /// (up to the sign of the row swaps, which does not matter for solving) or nil if singular.
    private static func eliminate(_ a: IntegerBlock, rows n: Int, width: Int) -> IntegerBlock? {
        let previous = IntegerBlock(count: 1)
        bf_mpz_set_si(previous[0], 1)
        for k in 0..<n {
            // Pivot: the non-zero entry of smallest size (keeps numbers small), else singular.
            var pivotRow = -1
            var pivotSize = Int.max
            for i in k..<n where bf_mpz_sgn(a[i * width + k]) != 0 {
                let size = bf_mpz_sizeinbase(a[i * width + k], 2)
                if size < pivotSize {
                    pivotSize = size
                    pivotRow = i
                }
            }
            if pivotRow < 0 { return nil }
            if pivotRow != k {
                for j in k..<width { __gmpz_swap(a[k * width + j], a[pivotRow * width + j]) }
            }
            let pivot = a[k * width + k]
            for i in (k + 1)..<max(n, k + 1) {
                let factor = a[i * width + k]
                let factorIsZero = bf_mpz_sgn(factor) == 0
                for j in (k + 1)..<width {
                    let target = a[i * width + j]
                    // target = (pivot · target − factor · a[k][j]) / previous
                    __gmpz_mul(target, target, pivot)
                    if !factorIsZero { __gmpz_submul(target, factor, a[k * width + j]) }
                    __gmpz_divexact(target, target, previous[0])
                }
                bf_mpz_set_si(factor, 0)
            }
            bf_mpz_set(previous[0], pivot)
        }
        return previous
    }

    /// Fraction-free back substitution on the triangular result of `eliminate`: X_i = det · x_i are
    /// integers (Cramer), so each division below is exact.
    private static func backSubstitute(_ a: IntegerBlock, n: Int, width: Int, determinant: IntegerBlock) -> [[Rational]] {
        let r = width - n
        let x = IntegerBlock(count: n)
        var solutions: [[Rational]] = []
        solutions.reserveCapacity(r)
        for c in 0..<r {
            for i in stride(from: n - 1, through: 0, by: -1) {
                let xi = x[i]
                __gmpz_mul(xi, determinant[0], a[i * width + n + c])
                for j in (i + 1)..<n { __gmpz_submul(xi, a[i * width + j], x[j]) }
                __gmpz_divexact(xi, xi, a[i * width + i])
            }
            solutions.append((0..<n).map { x.rational($0, over: determinant[0]) })
        }
        return solutions
    }
}
