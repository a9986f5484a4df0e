import CMPFR
import Multiprecision

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
