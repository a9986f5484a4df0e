import CMPFR

// Exact text forms of rationals: decimal literals in ("0.1", "-3.25e-7"), "p/q" in and out.

extension Rational {
    /// Decimal exponents beyond this magnitude are refused: 10^(10^7) already has 33 million bits.
    public static let maximumDecimalExponent = 10_000_000

    /// The exact value of a decimal literal: optional sign, digits with an optional point, and an
    /// optional exponent ("12", "-0.125", ".5", "3.", "1e-5", "2.5E+3"). "0.1" is exactly 1/10.
    ///
    /// - Throws: `MultiprecisionError.malformedNumber` saying what is wrong (NaN and infinities are
    ///   not decimal literals and are refused by name).
    public init(decimal text: String) throws(MultiprecisionError) {
        let literal = text.trimmingWhitespace
        let parsed = try DecimalLiteral(parsing: literal, original: text)
        let exponent = parsed.exponent
        let signedDigits = (parsed.negative ? "-" : "") + parsed.digits
        self.init()
        storage = withTemporaryIntegers(2) { integers in
            let integer = integers.baseAddress!, power = integer + 1
            _ = bf_mpz_set_str(integer, signedDigits, 10)
            bf_mpz_ui_pow_ui(power, 10, UInt(exponent.magnitude))
            return Rational { q in
                if exponent >= 0 {
                    bf_mpz_mul(integer, integer, power)
                    bf_mpq_set_z(q, integer)
                } else {
                    bf_mpq_set_num(q, integer)
                    bf_mpq_set_den(q, power)
                    bf_mpq_canonicalize(q)
                }
            }.storage
        }
    }

    /// The exact value of "p/q" or "p" (decimal integers, optional sign on p).
    /// - Throws: `MultiprecisionError.malformedNumber`, or `.divisionByZero` for q = 0.
    public init(fraction text: String) throws(MultiprecisionError) {
        let literal = text.trimmingWhitespace
        let parts = literal.split(separator: "/", omittingEmptySubsequences: false)
        func isInteger(_ s: Substring, signed: Bool) -> Bool {
            var body = s
            if signed, let first = body.first, first == "-" || first == "+" { body = body.dropFirst() }
            return !body.isEmpty && body.allSatisfy { $0.isASCII && $0.isNumber }
        }
        guard parts.count <= 2, isInteger(parts[0], signed: true),
            parts.count == 1 || isInteger(parts[1], signed: false)
        else {
            throw .malformedNumber(text: text, reason: "expected a fraction p/q of decimal integers")
        }
        if parts.count == 2, parts[1].allSatisfy({ $0 == "0" }) { throw .divisionByZero }
        let numerator = parts[0].hasPrefix("+") ? String(parts[0].dropFirst()) : String(parts[0])
        let normalized = parts.count == 2 ? numerator + "/" + parts[1] : numerator
        self.init { q in
            _ = bf_mpq_set_str(q, normalized, 10)
            bf_mpq_canonicalize(q)
        }
    }
}

extension Rational: CustomStringConvertible {
    /// "p/q" in lowest terms, or "p" for integers.
    public var description: String {
        withMPQ { q in
            guard let chars = bf_mpq_get_str(nil, 10, q) else { return "" }
            defer { bf_gmp_free_string(chars) }
            return String(cString: chars)
        }
    }
}

/// The pieces of a decimal literal: value = (−1)^negative · digits · 10^exponent.
package struct DecimalLiteral {
    package var negative = false
    package var digits = ""
    package var exponent = 0

    package init(parsing literal: String, original: String) throws(MultiprecisionError) {
        func fail(_ reason: String) -> MultiprecisionError { .malformedNumber(text: original, reason: reason) }
        let lowered = literal.lowercased()
        if ["nan", "+nan", "-nan"].contains(lowered) { throw fail("only finite decimal numbers are accepted") }
        if ["inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"].contains(lowered) {
            throw fail("only finite decimal numbers are accepted")
        }
        guard !literal.isEmpty else { throw fail("empty") }
        var scalars = Substring(literal).unicodeScalars[...]
        if let first = scalars.first, first == "-" || first == "+" {
            negative = first == "-"
            scalars = scalars.dropFirst()
        }
        var sawPoint = false
        var sawDigit = false
        var fractionDigits = 0
        while let c = scalars.first, c != "e", c != "E" {
            scalars = scalars.dropFirst()
            if c == "." {
                guard !sawPoint else { throw fail("more than one decimal point") }
                sawPoint = true
            } else if c.properties.numericType == .decimal, c.isASCII {
                sawDigit = true
                digits.unicodeScalars.append(c)
                if sawPoint { fractionDigits += 1 }
            } else {
                throw fail("unexpected character '\(c)'")
            }
        }
        guard sawDigit else { throw fail("no digits") }
        var explicitExponent = 0
        if !scalars.isEmpty {
            scalars = scalars.dropFirst()  // the 'e'
            var exponentText = String(String.UnicodeScalarView(scalars))
            if exponentText.hasPrefix("+") { exponentText.removeFirst() }
            let body = exponentText.hasPrefix("-") ? exponentText.dropFirst() : Substring(exponentText)
            guard !body.isEmpty, body.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw fail("malformed exponent") }
            guard body.count <= 12, let value = Int(exponentText) else { throw fail("exponent out of range") }
            explicitExponent = value
        }
        exponent = explicitExponent - fractionDigits
        guard exponent.magnitude <= Rational.maximumDecimalExponent else {
            throw fail("decimal exponent \(exponent) is beyond ±\(Rational.maximumDecimalExponent)")
        }
        // Strip leading zeros for a compact integer; keep one digit.
        while digits.count > 1, digits.first == "0" { digits.removeFirst() }
    }

    /// ⌊log10 |value|⌋, nil for zero.
    package var magnitude: Int? {
        guard digits.contains(where: { $0 != "0" }) else { return nil }
        return digits.count - 1 + exponent
    }
}
