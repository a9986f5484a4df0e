import CMPFR

// Decimal text in and out. Parsing is correctly rounded (the decimal string is an exact rational;
// the result is it rounded once); printing gives the N-digit decimal correctly rounded from the
// binary value. Both work at every exponent MPFR can hold, e.g. "1e-100000000".

extension BigFloat {
    /// Parses a decimal literal ("-12.5", "3e-434295", "0.1") and rounds it correctly to
    /// `precision` bits. Also accepts "inf", "-inf" and "nan".
    ///
    /// - Throws: `MultiprecisionError.malformedNumber` when the whole string is not a number, and
    ///   `.invalidPrecision` for a precision MPFR cannot hold.
    public init(_ text: String, precision: Int, rounding: RoundingMode = .toNearest) throws(MultiprecisionError) {
        try Precision.validate(precision)
        let trimmed = text.trimmingWhitespace
        guard !trimmed.isEmpty else { throw .malformedNumber(text: text, reason: "empty") }
        var parsedWholeString = false
        self.init(precision: precision) { result in
            trimmed.withCString { start in
                var end: UnsafeMutablePointer<CChar>? = nil
                _ = mpfr_strtofr(result, start, &end, 10, rounding.mpfr)
                if let end, end != UnsafeMutablePointer(mutating: start), end.pointee == 0 { parsedWholeString = true }
            }
        }
        guard parsedWholeString else {
            throw .malformedNumber(text: text, reason: "expected a decimal literal such as -1.25e-3")
        }
    }

    /// The value to `digits` significant decimal digits, correctly rounded in direction `rounding`,
    /// in scientific notation ("-1.2345e-434295") or, for decimal exponents in −4 ..< digits,
    /// positional notation ("0.001234", "12.50"). Special values print as "nan", "inf", "-inf";
    /// zeros as "0" or "-0".
    public func formatted(significantDigits digits: Int, rounding: RoundingMode = .toNearest) -> String {
        precondition(digits >= 1, "at least one significant digit")
        if isNaN { return "nan" }
        if isInfinite { return isNegative ? "-inf" : "inf" }
        if isZero { return isNegative ? "-0" : "0" }
        var exponent: mpfr_exp_t = 0
        let raw: String = withMPFR { x in
            guard let chars = mpfr_get_str(nil, &exponent, 10, digits, x, rounding.mpfr) else { return "" }
            defer { mpfr_free_str(chars) }
            return String(cString: chars)
        }
        let negative = raw.hasPrefix("-")
        let mantissaDigits = Array(negative ? raw.dropFirst() : Substring(raw))
        // value = 0.d1d2d3… × 10^exponent = d1.d2d3… × 10^(exponent − 1)
        let decimalExponent = Int(exponent) - 1
        var out = negative ? "-" : ""
        if decimalExponent >= -4 && decimalExponent < digits {
            if decimalExponent >= 0 {
                out += String(mantissaDigits[0...decimalExponent])
                let fraction = mantissaDigits[(decimalExponent + 1)...]
                if !fraction.isEmpty { out += "." + String(fraction) }
            } else {
                out += "0." + String(repeating: "0", count: -decimalExponent - 1) + String(mantissaDigits)
            }
        } else {
            out += String(mantissaDigits[0])
            if mantissaDigits.count > 1 { out += "." + String(mantissaDigits[1...]) }
            out += "e" + String(decimalExponent)
        }
        return out
    }

    /// Decimal digits enough to identify the value at its precision: ⌈p·log10 2⌉ + 1.
    public var roundTripDigits: Int { Precision.decimalDigits(forBits: precision) + 2 }

    /// The exact binary value as (mantissa, exponent) with value = mantissa · 2^exponent and the
    /// mantissa an integer of at most `precision` bits, for finite values; nil for NaN and ±∞.
    public var exactBinary: (mantissa: String, exponent: Int)? {
        guard isFinite else { return nil }
        if isZero { return ("0", 0) }
        return withTemporaryIntegers(1) { integers in
            let integer = integers.baseAddress!
            let exponent = withMPFR { Int(mpfr_get_z_2exp(integer, $0)) }
            return (Rational.decimalString(of: integer), exponent)
        }
    }
}

extension BigFloat: CustomStringConvertible, CustomDebugStringConvertible {
    /// The value with as many digits as its precision carries (round-trip).
    public var description: String { formatted(significantDigits: roundTripDigits) }
    public var debugDescription: String { "BigFloat(\(description), precision: \(precision))" }
}

extension String {
    var trimmingWhitespace: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
