import CMPFR

/// A vector of rationals written over one common denominator: value_i = numerators_i / denominator,
/// with denominator > 0 the least common multiple of the entries' denominators. Exact.
package struct CommonDenominatorVector {
    package let numerators: IntegerBlock
    package let denominator: IntegerBlock  // one integer

    package init(_ values: [Rational]) {
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

    package var count: Int { numerators.count }

    /// Σ_i a_i b_i, exact, in integer arithmetic over the two common denominators (one gcd at the
    /// end instead of one per term).
    package static func dot(_ a: [Rational], _ b: [Rational]) -> Rational {
        precondition(a.count == b.count, "dot of \(a.count) and \(b.count) entries")
        let x = CommonDenominatorVector(a), y = CommonDenominatorVector(b)
        return withTemporaryInteger { sum in
            for i in 0..<a.count { __gmpz_addmul(sum, x.numerators[i], y.numerators[i]) }
            return withTemporaryInteger { denominator in
                __gmpz_mul(denominator, x.denominator[0], y.denominator[0])
                return Rational { q in
                    bf_mpq_set_num(q, sum)
                    bf_mpq_set_den(q, denominator)
                    bf_mpq_canonicalize(q)
                }
            }
        }
    }

    /// Σ_i |a_i|, exact, over the common denominator.
    package static func sumOfMagnitudes(_ a: [Rational]) -> Rational {
        let x = CommonDenominatorVector(a)
        return withTemporaryInteger { sum in
            withTemporaryInteger { magnitude in
                for i in 0..<a.count {
                    __gmpz_abs(magnitude, x.numerators[i])
                    __gmpz_add(sum, sum, magnitude)
                }
            }
            return Rational { q in
                bf_mpq_set_num(q, sum)
                bf_mpq_set_den(q, x.denominator[0])
                bf_mpq_canonicalize(q)
            }
        }
    }
}
