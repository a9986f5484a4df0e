import CMPFR

// Elementary functions. Each is MPFR's and therefore correctly rounded: the exact value of the
// function at the (exact) argument, rounded once to `precision` bits (default: the argument's
// precision) in direction `rounding`. Domains are the mathematical ones; outside them the result
// is NaN (log of a negative number) or ±∞ (log 0 = −∞), as IEEE 754 prescribes.

extension BigFloat {
    /// e^x. Overflows to +∞ only beyond 2^(2^62), underflows to 0 only below 2^-(2^62).
    public static func exp(_ x: BigFloat, precision: Int? = nil, rounding: RoundingMode = .toNearest) -> BigFloat {
        unary(x, precision: precision, rounding: rounding, mpfr_exp)
    }

    /// e^x − 1, accurate (correctly rounded) also for tiny |x|.
    public static func expm1(_ x: BigFloat, precision: Int? = nil, rounding: RoundingMode = .toNearest) -> BigFloat {
        unary(x, precision: precision, rounding: rounding, mpfr_expm1)
    }

    /// Natural logarithm; domain x ≥ 0 (log 0 = −∞, NaN for x < 0).
    public static func log(_ x: BigFloat, precision: Int? = nil, rounding: RoundingMode = .toNearest) -> BigFloat {
        unary(x, precision: precision, rounding: rounding, mpfr_log)
    }

    /// log(1 + x), correctly rounded also for tiny |x|; domain x ≥ −1.
    public static func log1p(_ x: BigFloat, precision: Int? = nil, rounding: RoundingMode = .toNearest) -> BigFloat {
        unary(x, precision: precision, rounding: rounding, mpfr_log1p)
    }

    /// Decimal logarithm; domain x ≥ 0.
    public static func log10(_ x: BigFloat, precision: Int? = nil, rounding: RoundingMode = .toNearest) -> BigFloat {
        unary(x, precision: precision, rounding: rounding, mpfr_log10)
    }

    public static func sinh(_ x: BigFloat, precision: Int? = nil, rounding: RoundingMode = .toNearest) -> BigFloat {
        unary(x, precision: precision, rounding: rounding, mpfr_sinh)
    }

    public static func cosh(_ x: BigFloat, precision: Int? = nil, rounding: RoundingMode = .toNearest) -> BigFloat {
        unary(x, precision: precision, rounding: rounding, mpfr_cosh)
    }

    /// (sinh x, cosh x) in one evaluation (MPFR's `mpfr_sinh_cosh`: one exponential for both),
    /// each correctly rounded as `sinh` and `cosh` would round it.
    public static func sinhCosh(_ x: BigFloat, precision: Int? = nil, rounding: RoundingMode = .toNearest) -> (
        sinh: BigFloat, cosh: BigFloat
    ) {
        let bits = precision ?? x.precision
        var cosh: BigFloat? = nil
        let sinh = BigFloat(precision: bits) { s in
            cosh = BigFloat(precision: bits) { c in x.withMPFR { a in _ = mpfr_sinh_cosh(s, c, a, rounding.mpfr) } }
        }
        return (sinh, cosh!)
    }

    public static func tanh(_ x: BigFloat, precision: Int? = nil, rounding: RoundingMode = .toNearest) -> BigFloat {
        unary(x, precision: precision, rounding: rounding, mpfr_tanh)
    }

    public static func asinh(_ x: BigFloat, precision: Int? = nil, rounding: RoundingMode = .toNearest) -> BigFloat {
        unary(x, precision: precision, rounding: rounding, mpfr_asinh)
    }

    public static func atanh(_ x: BigFloat, precision: Int? = nil, rounding: RoundingMode = .toNearest) -> BigFloat {
        unary(x, precision: precision, rounding: rounding, mpfr_atanh)
    }

    /// sin x (x in radians), correctly rounded for every finite x (MPFR reduces the argument
    /// with as many bits of π as it needs).
    public static func sin(_ x: BigFloat, precision: Int? = nil, rounding: RoundingMode = .toNearest) -> BigFloat {
        unary(x, precision: precision, rounding: rounding, mpfr_sin)
    }

    /// cos x (x in radians), correctly rounded for every finite x.
    public static func cos(_ x: BigFloat, precision: Int? = nil, rounding: RoundingMode = .toNearest) -> BigFloat {
        unary(x, precision: precision, rounding: rounding, mpfr_cos)
    }

    /// Square root; domain x ≥ 0 (√−0 = −0, NaN for x < 0).
    public static func sqrt(_ x: BigFloat, precision: Int? = nil, rounding: RoundingMode = .toNearest) -> BigFloat {
        unary(x, precision: precision, rounding: rounding, mpfr_sqrt)
    }

    /// x^y with IEEE 754 special cases (MPFR's `mpfr_pow`); precision defaults to the larger one.
    public static func pow(_ x: BigFloat, _ y: BigFloat, precision: Int? = nil, rounding: RoundingMode = .toNearest) -> BigFloat {
        BigFloat(precision: precision ?? Swift.max(x.precision, y.precision)) { r in
            x.withMPFR { a in y.withMPFR { b in _ = mpfr_pow(r, a, b, rounding.mpfr) } }
        }
    }

    /// x^n for an integer n, correctly rounded (not by repeated multiplication).
    public static func pow(_ x: BigFloat, _ n: Int, precision: Int? = nil, rounding: RoundingMode = .toNearest) -> BigFloat {
        BigFloat(precision: precision ?? x.precision) { r in x.withMPFR { _ = mpfr_pow_si(r, $0, n, rounding.mpfr) } }
    }

    /// π rounded to `precision` bits.
    public static func pi(precision: Int, rounding: RoundingMode = .toNearest) -> BigFloat {
        BigFloat(precision: precision) { _ = mpfr_const_pi($0, rounding.mpfr) }
    }

    /// ln 2 rounded to `precision` bits.
    public static func ln2(precision: Int, rounding: RoundingMode = .toNearest) -> BigFloat {
        BigFloat(precision: precision) { _ = mpfr_const_log2($0, rounding.mpfr) }
    }
}
