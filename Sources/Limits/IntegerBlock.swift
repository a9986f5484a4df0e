import CMPFR
import Multiprecision

/// A block of `count` GMP integers (mpz) in one contiguous allocation, owned and cleared on release.
///
/// The exact kernels of the Limits layer (fraction-free elimination, exact matrix-vector products)
/// work on these in place: GMP allows aliasing (`mpz_mul(a, a, b)`), Swift's exclusivity rules would
/// not allow it on `inout` values, so the integers live behind a pointer the block owns.
final class IntegerBlock {
    let base: UnsafeMutablePointer<__mpz_struct>
    let count: Int

    /// `count` zeros.
    init(count: Int) {
        self.count = count
        base = .allocate(capacity: Swift.max(count, 1))
        for index in 0..<count { bf_mpz_init(base + index) }
    }

    deinit {
        for index in 0..<count { bf_mpz_clear(base + index) }
        base.deallocate()
    }

    subscript(index: Int) -> UnsafeMutablePointer<__mpz_struct> { base + index }

    /// The exact rational numerator(index) / denominator.
    func rational(_ index: Int, over denominator: UnsafePointer<__mpz_struct>) -> Rational {
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

/// A vector of rationals written over one common denominator: value_i = numerators_i / denominator,
/// with denominator > 0 the least common multiple of the entries' denominators. Exact.
struct CommonDenominatorVector {
    let numerators: IntegerBlock
    let denominator: IntegerBlock  // one integer

    init(_ values: [Rational]) {
        numerators = IntegerBlock(count: values.count)
        denominator = IntegerBlock(count: 1)
        let d = denominator[0]
        bf_mpz_set_si(d, 1)
        for value in values {
            value.withMPQ { q in __gmpz_lcm(d, d, bf_mpq_denref_const(q)) }
        }
        withTemporaryInteger { factor in
            for (index, value) in values.enumerated() {
                value.withMPQ { q in
                    __gmpz_divexact(factor, d, bf_mpq_denref_const(q))
                    __gmpz_mul(numerators[index], bf_mpq_numref_const(q), factor)
                }
            }
        }
    }

    var count: Int { numerators.count }
}

/// Runs `body` with one scratch GMP integer.
func withTemporaryInteger<R>(_ body: (UnsafeMutablePointer<__mpz_struct>) throws -> R) rethrows -> R {
    let integer = UnsafeMutablePointer<__mpz_struct>.allocate(capacity: 1)
    bf_mpz_init(integer)
    defer { bf_mpz_clear(integer); integer.deallocate() }
    return try body(integer)
}
