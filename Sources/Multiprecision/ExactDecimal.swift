import CMPFR

/// Decimal text of exact rationals, rounded exactly (no binary intermediate).
public enum ExactDecimal {
    /// `value` to `digits` significant decimal digits, correctly rounded (ties away from zero),
    /// computed in integer arithmetic from the exact fraction: every printed digit is correct.
    /// Scientific notation ("1.25e-7") outside 1e-4 ≤ |value| < 10^digits, positional otherwise.
    public static func format(_ value: Rational, significantDigits digits: Int) -> String {
        precondition(digits >= 1, "at least one significant digit")
        if value.isZero { return "0" }
        let negative = value.signum < 0
        let magnitude = value.magnitude
        // Decimal exponent e with 10^e ≤ |value| < 10^(e+1), estimated from sizes then corrected.
        var e = estimateExponent(magnitude)
        while Rational.powerOfTen(e) > magnitude { e -= 1 }
        while Rational.powerOfTen(e + 1) <= magnitude { e += 1 }
        // Integer round(|value| · 10^(digits − 1 − e)), half away from zero.
        let scaled = magnitude * Rational.powerOfTen(digits - 1 - e)
        var integer = roundHalfUp(scaled)
        if integer.count > digits {  // rounding carried to a new digit (…999 → 1000…)
            e += 1
            integer = roundHalfUp(magnitude * Rational.powerOfTen(digits - 1 - e))
        }
        var mantissa = integer
        while mantissa.count < digits { mantissa = "0" + mantissa }
        let sign = negative ? "-" : ""
        if e >= -4 && e < digits {
            if e >= 0 {
                let cut = mantissa.index(mantissa.startIndex, offsetBy: e + 1)
                let fraction = mantissa[cut...]
                return sign + mantissa[..<cut] + (fraction.isEmpty ? "" : "." + fraction)
            }
            return sign + "0." + String(repeating: "0", count: -e - 1) + mantissa
        }
        let first = mantissa.prefix(1), rest = mantissa.dropFirst()
        return sign + first + (rest.isEmpty ? "" : "." + rest) + "e" + String(e)
    }

    /// `value` for a message: `format` to `significantDigits` digits with the trailing zeros of
    /// the mantissa dropped, so a decimal the user typed reads back as typed (1/64 → "0.015625",
    /// 10^-30 → "1e-30"); a non-terminating fraction shows its first digits (1/3 → "0.333333333333").
    public static func brief(_ value: Rational, significantDigits digits: Int = 12) -> String {
        let text = format(value, significantDigits: Swift.max(1, digits))
        let parts = text.split(separator: "e", maxSplits: 1, omittingEmptySubsequences: false)
        var mantissa = String(parts[0])
        if mantissa.contains(".") {
            while mantissa.hasSuffix("0") { mantissa.removeLast() }
            if mantissa.hasSuffix(".") { mantissa.removeLast() }
        }
        return parts.count > 1 ? mantissa + "e" + parts[1] : mantissa
    }

    static func estimateExponent(_ magnitude: Rational) -> Int {
        magnitude.numeratorString.count - magnitude.denominatorString.count
    }

    /// ⌊x + 1/2⌋ for x ≥ 0, in decimal.
    static func roundHalfUp(_ x: Rational) -> String {
        let shifted = x + Rational(1, 2)
        return shifted.withMPQ { q in
            withTemporaryInteger { quotient in
                __gmpz_tdiv_q(quotient, bf_mpq_numref_const(q), bf_mpq_denref_const(q))
                guard let chars = bf_mpz_get_str(nil, 10, quotient) else { return "0" }
                defer { bf_gmp_free_string(chars) }
                return String(cString: chars)
            }
        }
    }
}
