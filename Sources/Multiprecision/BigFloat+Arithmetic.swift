import CMPFR

// Arithmetic: each result is correctly rounded to nearest at the larger of the operands'
// precisions (for mixed operations with `Int`, the BigFloat's precision).

extension BigFloat {
    @inlinable
    static func binary(
        _ lhs: BigFloat, _ rhs: BigFloat,
        _ operation: (UnsafeMutablePointer<__mpfr_struct>, UnsafePointer<__mpfr_struct>, UnsafePointer<__mpfr_struct>, mpfr_rnd_t) -> Int32
    ) -> BigFloat {
        BigFloat(precision: Swift.max(lhs.precision, rhs.precision)) { result in
            lhs.withMPFR { a in rhs.withMPFR { b in _ = operation(result, a, b, MPFR_RNDN) } }
        }
    }

    @inlinable
    static func unary(
        _ x: BigFloat, precision: Int?, rounding: RoundingMode,
        _ operation: (UnsafeMutablePointer<__mpfr_struct>, UnsafePointer<__mpfr_struct>, mpfr_rnd_t) -> Int32
    ) -> BigFloat {
        BigFloat(precision: precision ?? x.precision) { result in
            x.withMPFR { a in _ = operation(result, a, rounding.mpfr) }
        }
    }

    @inlinable
    public static func + (lhs: BigFloat, rhs: BigFloat) -> BigFloat { binary(lhs, rhs, mpfr_add) }
    @inlinable
    public static func - (lhs: BigFloat, rhs: BigFloat) -> BigFloat { binary(lhs, rhs, mpfr_sub) }
    @inlinable
    public static func * (lhs: BigFloat, rhs: BigFloat) -> BigFloat { binary(lhs, rhs, mpfr_mul) }
    @inlinable
    public static func / (lhs: BigFloat, rhs: BigFloat) -> BigFloat { binary(lhs, rhs, mpfr_div) }

    @inlinable
    public static prefix func - (x: BigFloat) -> BigFloat { unary(x, precision: nil, rounding: .toNearest, bf_mpfr_neg) }

    public static func + (lhs: BigFloat, rhs: Int) -> BigFloat {
        BigFloat(precision: lhs.precision) { r in lhs.withMPFR { _ = mpfr_add_si(r, $0, rhs, MPFR_RNDN) } }
    }
    public static func + (lhs: Int, rhs: BigFloat) -> BigFloat { rhs + lhs }
    public static func - (lhs: BigFloat, rhs: Int) -> BigFloat {
        BigFloat(precision: lhs.precision) { r in lhs.withMPFR { _ = mpfr_sub_si(r, $0, rhs, MPFR_RNDN) } }
    }
    public static func - (lhs: Int, rhs: BigFloat) -> BigFloat {
        BigFloat(precision: rhs.precision) { r in rhs.withMPFR { _ = mpfr_si_sub(r, lhs, $0, MPFR_RNDN) } }
    }
    public static func * (lhs: BigFloat, rhs: Int) -> BigFloat {
        BigFloat(precision: lhs.precision) { r in lhs.withMPFR { _ = mpfr_mul_si(r, $0, rhs, MPFR_RNDN) } }
    }
    public static func * (lhs: Int, rhs: BigFloat) -> BigFloat { rhs * lhs }
    public static func / (lhs: BigFloat, rhs: Int) -> BigFloat {
        BigFloat(precision: lhs.precision) { r in lhs.withMPFR { _ = mpfr_div_si(r, $0, rhs, MPFR_RNDN) } }
    }
    public static func / (lhs: Int, rhs: BigFloat) -> BigFloat {
        BigFloat(precision: rhs.precision) { r in rhs.withMPFR { _ = mpfr_si_div(r, lhs, $0, MPFR_RNDN) } }
    }

    public static func += (lhs: inout BigFloat, rhs: BigFloat) { lhs = lhs + rhs }
    public static func -= (lhs: inout BigFloat, rhs: BigFloat) { lhs = lhs - rhs }
    public static func *= (lhs: inout BigFloat, rhs: BigFloat) { lhs = lhs * rhs }
    public static func /= (lhs: inout BigFloat, rhs: BigFloat) { lhs = lhs / rhs }

    /// lhs + rhs rounded to `precision` bits in direction `rounding`.
    public static func sum(_ lhs: BigFloat, _ rhs: BigFloat, precision: Int, rounding: RoundingMode = .toNearest) -> BigFloat {
        BigFloat(precision: precision) { r in lhs.withMPFR { a in rhs.withMPFR { b in _ = mpfr_add(r, a, b, rounding.mpfr) } } }
    }

    /// lhs · rhs rounded to `precision` bits in direction `rounding`.
    public static func product(_ lhs: BigFloat, _ rhs: BigFloat, precision: Int, rounding: RoundingMode = .toNearest) -> BigFloat {
        BigFloat(precision: precision) { r in lhs.withMPFR { a in rhs.withMPFR { b in _ = mpfr_mul(r, a, b, rounding.mpfr) } } }
    }

    /// lhs / rhs rounded to `precision` bits in direction `rounding`.
    public static func quotient(_ lhs: BigFloat, _ rhs: BigFloat, precision: Int, rounding: RoundingMode = .toNearest) -> BigFloat {
        BigFloat(precision: precision) { r in lhs.withMPFR { a in rhs.withMPFR { b in _ = mpfr_div(r, a, b, rounding.mpfr) } } }
    }

    /// a · b + c with a single rounding, at the largest operand precision unless given.
    public static func fusedMultiplyAdd(
        _ a: BigFloat, _ b: BigFloat, _ c: BigFloat, precision: Int? = nil, rounding: RoundingMode = .toNearest
    ) -> BigFloat {
        let p = precision ?? Swift.max(a.precision, b.precision, c.precision)
        return BigFloat(precision: p) { r in
            a.withMPFR { x in b.withMPFR { y in c.withMPFR { z in _ = mpfr_fma(r, x, y, z, rounding.mpfr) } } }
        }
    }

    /// x · 2^n, exact unless it leaves the exponent range.
    public static func scaled(_ x: BigFloat, byPowerOfTwo n: Int) -> BigFloat {
        BigFloat(precision: x.precision) { r in x.withMPFR { _ = mpfr_mul_2si(r, $0, n, MPFR_RNDN) } }
    }

    /// |x|, exact.
    public var magnitude: BigFloat { BigFloat.unary(self, precision: nil, rounding: .toNearest, bf_mpfr_abs) }
}

// MARK: Comparison

extension BigFloat: Comparable {
    /// Numeric equality: +0 == −0, and NaN equals nothing (IEEE 754 semantics).
    public static func == (lhs: BigFloat, rhs: BigFloat) -> Bool {
        lhs.withMPFR { a in rhs.withMPFR { b in mpfr_equal_p(a, b) != 0 } }
    }

    /// Numeric order; every comparison with NaN is false.
    public static func < (lhs: BigFloat, rhs: BigFloat) -> Bool {
        lhs.withMPFR { a in rhs.withMPFR { b in mpfr_less_p(a, b) != 0 } }
    }

    public static func <= (lhs: BigFloat, rhs: BigFloat) -> Bool {
        lhs.withMPFR { a in rhs.withMPFR { b in mpfr_lessequal_p(a, b) != 0 } }
    }

    public static func > (lhs: BigFloat, rhs: BigFloat) -> Bool { rhs < lhs }
    public static func >= (lhs: BigFloat, rhs: BigFloat) -> Bool { rhs <= lhs }

    /// Same value and same precision bit for bit (NaN is identical to NaN); used by tests that
    /// demand correctly rounded results.
    public func isIdentical(to other: BigFloat) -> Bool {
        guard precision == other.precision else { return false }
        if isNaN || other.isNaN { return isNaN && other.isNaN }
        return self == other && isNegative == other.isNegative
    }

    /// The larger of two values (NaN if either is NaN).
    public static func maximum(_ a: BigFloat, _ b: BigFloat) -> BigFloat {
        if a.isNaN || b.isNaN { return .nan(precision: Swift.max(a.precision, b.precision)) }
        return a < b ? b : a
    }

    /// The smaller of two values (NaN if either is NaN).
    public static func minimum(_ a: BigFloat, _ b: BigFloat) -> BigFloat {
        if a.isNaN || b.isNaN { return .nan(precision: Swift.max(a.precision, b.precision)) }
        return b < a ? b : a
    }
}
