extension Rational {
    /// 2^exponent, exactly (by repeated squaring).
    public static func powerOfTwo(_ exponent: Int) -> Rational { integerPower(2, exponent) }

    /// 10^exponent, exactly (by repeated squaring).
    public static func powerOfTen(_ exponent: Int) -> Rational { integerPower(10, exponent) }

    /// radix^exponent for a radix ≥ 2, by repeated squaring of radix or 1/radix.
    private static func integerPower(_ radix: Int, _ exponent: Int) -> Rational {
        var result = Rational(1)
        var base = exponent >= 0 ? Rational(radix) : Rational(1, radix)
        var remaining = exponent.magnitude
        while remaining > 0 {
            if remaining & 1 == 1 { result *= base }
            remaining >>= 1
            if remaining > 0 { base *= base }
        }
        return result
    }

    /// The exact value of a finite `BigFloat` (every binary floating-point number is a rational).
    /// Throws `MultiprecisionError.notFinite` for NaN and ±∞.
    public init(exactly value: BigFloat) throws(MultiprecisionError) {
        guard let binary = value.exactBinary else { throw .notFinite(value.description) }
        self = try Rational(fraction: binary.mantissa) * Rational.powerOfTwo(binary.exponent)
    }
}
