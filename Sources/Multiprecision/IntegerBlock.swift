import CMPFR

/// A block of `count` GMP integers (mpz) in one contiguous allocation, owned and cleared on release.
///
/// The exact kernels of the Limits layer (fraction-free elimination, exact matrix-vector products)
/// work on these in place: GMP allows aliasing (`mpz_mul(a, a, b)`), Swift's exclusivity rules would
/// not allow it on `inout` values, so the integers live behind a pointer the block owns.
package final class IntegerBlock {
    package let base: UnsafeMutablePointer<__mpz_struct>
    package let count: Int

    /// `count` zeros.
    package init(count: Int) {
        self.count = count
        base = .allocate(capacity: Swift.max(count, 1))
        for index in 0..<count { bf_mpz_init(base + index) }
    }

    deinit {
        for index in 0..<count { bf_mpz_clear(base + index) }
        base.deallocate()
    }

    package subscript(index: Int) -> UnsafeMutablePointer<__mpz_struct> { base + index }

    /// The exact rational numerator(index) / denominator.
    package func rational(_ index: Int, over denominator: UnsafePointer<__mpz_struct>) -> Rational {
        Rational { q in
            bf_mpq_set_num(q, base + index)
            bf_mpq_set_den(q, denominator)
            if bf_mpz_sgn(denominator) < 0 {
                __gmpz_neg(bf_mpq_numref(q), bf_mpq_numref(q))
                __gmpz_neg(bf_mpq_denref(q), bf_mpq_denref(q))
            }
            bf_mpq_canonicalize(q)
        }
    }
}
