import CMPFR

/// A dense row-major matrix of GMP integers together with a positive scale: it stands for the exact
/// rational matrix entries / scale. Made from rational data by multiplying with the least common
/// multiple of all denominators, so that products and Gram matrices of the data run in integer
/// arithmetic (no gcd per operation) and stay exact. Never mutated after initialisation, so
/// it may be shared between threads.
package final class IntegerMatrix: @unchecked Sendable {  // immutable after init
    package let rows: Int
    package let columns: Int
    package let entries: IntegerBlock
    /// The common denominator (one integer, > 0).
    package let scale: IntegerBlock

    package init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
        entries = IntegerBlock(count: rows * columns)
        scale = IntegerBlock(count: 1)
        bf_mpz_set_si(scale[0], 1)
    }

    /// The rational matrix `values` (rows of equal length) over the lcm of its denominators.
    package convenience init(_ values: [[Rational]]) {
        let columns = values.first?.count ?? 0
        self.init(rows: values.count, columns: columns)
        let s = scale[0]
        for row in values { for value in row { value.withMPQ { __gmpz_lcm(s, s, bf_mpq_denref_const($0)) } } }
        withTemporaryInteger { factor in
            for (i, row) in values.enumerated() {
                for (j, value) in row.enumerated() {
                    value.withMPQ { q in
                        __gmpz_divexact(factor, s, bf_mpq_denref_const(q))
                        __gmpz_mul(entries[i * columns + j], bf_mpq_numref_const(q), factor)
                    }
                }
            }
        }
    }

    @inline(__always) package func entry(_ i: Int, _ j: Int) -> UnsafeMutablePointer<__mpz_struct> { entries[i * columns + j] }

    /// The exact product A v (A = this matrix as rationals), as rationals.
    package func multiply(_ v: [Rational]) -> [Rational] {
        precondition(v.count == columns, "matrix with \(columns) columns times vector of \(v.count)")
        let common = CommonDenominatorVector(v)
        let sums = IntegerBlock(count: rows)
        for i in 0..<rows {
            for j in 0..<columns where bf_mpz_sgn(common.numerators[j]) != 0 {
                __gmpz_addmul(sums[i], entry(i, j), common.numerators[j])
            }
        }
        return withTemporaryInteger { denominator in
            __gmpz_mul(denominator, scale[0], common.denominator[0])
            return (0..<rows).map { sums.rational($0, over: denominator) }
        }
    }

    /// The exact product Aᵀ v, as rationals.
    package func multiplyTransposed(_ v: [Rational]) -> [Rational] {
        precondition(v.count == rows, "transpose of matrix with \(rows) rows times vector of \(v.count)")
        let common = CommonDenominatorVector(v)
        let sums = IntegerBlock(count: columns)
        for i in 0..<rows where bf_mpz_sgn(common.numerators[i]) != 0 {
            let coefficient = common.numerators[i]
            for j in 0..<columns {
                __gmpz_addmul(sums[j], entry(i, j), coefficient)
            }
        }
        return withTemporaryInteger { denominator in
            __gmpz_mul(denominator, scale[0], common.denominator[0])
            return (0..<columns).map { sums.rational($0, over: denominator) }
        }
    }

    /// The exact Gram matrix A Aᵀ (rows × rows), as rationals.
    package func gram() -> [[Rational]] {
        let products = IntegerBlock(count: rows * rows)
        for i in 0..<rows {
            for k in i..<rows {
                let target = products[i * rows + k]
                for j in 0..<columns { __gmpz_addmul(target, entry(i, j), entry(k, j)) }
                if k != i { bf_mpz_set(products[k * rows + i], target) }
            }
        }
        return withTemporaryInteger { denominator in
            __gmpz_mul(denominator, scale[0], scale[0])
            return (0..<rows).map { i in (0..<rows).map { k in products.rational(i * rows + k, over: denominator) } }
        }
    }
}
