import CMPFR

/// An unevaluated sum hi + lo of two binary64 numbers, |lo| ≤ ulp(hi)/2: about 106 significant
/// bits in binary64's exponent range, for `DoubleDoubleLUFactorization`.
///
/// Accuracy (Dekker; Joldes–Muller–Popescu): sums and products are correct to a few units of
/// 2^-104 relative, quotients to about 2^-102, as long as no intermediate over- or underflows (the
/// factorization works on equilibrated entries of size ≤ 1). Products use fused multiply-adds.
struct DoubleDouble {
    var hi: Double
    var lo: Double

    init(_ hi: Double, _ lo: Double = 0) {
        self.hi = hi
        self.lo = lo
    }

    var isZero: Bool { hi == 0 }
    var magnitude: Double { abs(hi) }

    /// s + e = a + b exactly (Knuth's TwoSum).
    @inline(__always) static func twoSum(_ a: Double, _ b: Double) -> (Double, Double) {
        let s = a + b
        let bb = s - a
        return (s, (a - (s - bb)) + (b - bb))
    }

    /// s + e = a + b exactly when |a| ≥ |b| (Dekker's FastTwoSum).
    @inline(__always) static func fastTwoSum(_ a: Double, _ b: Double) -> DoubleDouble {
        let s = a + b
        return DoubleDouble(s, b - (s - a))
    }

    /// p + e = a · b exactly (with a fused multiply-add).
    @inline(__always) static func twoProduct(_ a: Double, _ b: Double) -> (Double, Double) {
        let p = a * b
        return (p, (-p).addingProduct(a, b))
    }

    @inline(__always) static func + (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
        let (s, e) = twoSum(a.hi, b.hi)
        let (t, f) = twoSum(a.lo, b.lo)
        let first = fastTwoSum(s, e + t)
        return fastTwoSum(first.hi, first.lo + f)
    }

    @inline(__always) static prefix func - (a: DoubleDouble) -> DoubleDouble { DoubleDouble(-a.hi, -a.lo) }

    @inline(__always) static func - (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble { a + (-b) }

    @inline(__always) static func * (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
        let (p, e) = twoProduct(a.hi, b.hi)
        return fastTwoSum(p, e + (a.hi * b.lo + a.lo * b.hi))
    }

    @inline(__always) static func / (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
        let q1 = a.hi / b.hi
        let r = a - DoubleDouble(q1) * b
        let q2 = r.hi / b.hi
        let s = r - DoubleDouble(q2) * b
        let q3 = s.hi / b.hi
        return fastTwoSum(q1, q2) + DoubleDouble(q3)
    }

    /// x · 2^exponent rounded to the nearest double-double (exactly: the power of two and, at
    /// `scratch`'s precision of at least x's, the remainder x − hi), through `scratch`.
    static func rounding(
        _ x: UnsafePointer<__mpfr_struct>, timesPowerOfTwo exponent: Int, scratch: UnsafeMutablePointer<__mpfr_struct>
    ) -> DoubleDouble {
        _ = mpfr_mul_2si(scratch, x, exponent, MPFR_RNDN)
        let hi = mpfr_get_d(scratch, MPFR_RNDN)
        _ = mpfr_sub_d(scratch, scratch, hi, MPFR_RNDN)
        return DoubleDouble(hi, mpfr_get_d(scratch, MPFR_RNDN))
    }

    /// Runs `body` with an MPFR scratch number of `precision` bits (at least 53).
    static func withScratch<R>(precision: Int, _ body: (UnsafeMutablePointer<__mpfr_struct>) -> R) -> R {
        let scratch = UnsafeMutablePointer<__mpfr_struct>.allocate(capacity: 1)
        mpfr_init2(scratch, mpfr_prec_t(max(precision, 53)))
        defer {
            mpfr_clear(scratch)
            scratch.deallocate()
        }
        return body(scratch)
    }
}
