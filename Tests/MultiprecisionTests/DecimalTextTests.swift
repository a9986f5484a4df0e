import Multiprecision
import Testing

/// `Fixtures/decimal_text.json`, written by `Fixtures/make_decimal_text_fixture.py`.
struct DecimalTextFixture: Codable, Sendable {
    struct Parsing: Codable, Sendable {
        let text: String
        let precision: Int
        let expected: [String: ExactBinary]
        let rational: String?
    }

    struct Printing: Codable, Sendable {
        let label: String
        let value: ExactBinary
        let precision: Int
        let digits: Int
        let expected: [String: String]
    }

    let parsing: [Parsing]
    let printing: [Printing]

    static let shared: DecimalTextFixture = {
        do { return try Fixture.load(DecimalTextFixture.self, from: "decimal_text") } catch {
            fatalError("cannot read decimal_text.json: \(error)")
        }
    }()
}

extension MultiprecisionLayer {
    /// Decimal text in and out of `BigFloat`: parsing correctly rounded in every mode, printing
    /// to N significant digits correctly rounded, at exponents far outside the double range.
    @Suite struct DecimalTextTests {
        @Test("Parsing is correctly rounded in all five modes (exact integer reference)")
        func parsingMatchesExactRounding() throws {
            let cases = DecimalTextFixture.shared.parsing
            #expect(cases.count == 100)
            var checked = 0
            for testCase in cases {
                for (name, expected) in testCase.expected {
                    let mode = RoundingMode(fixtureName: name)
                    let want = try expected.bigFloat(precision: testCase.precision)
                    let parsed = try BigFloat(testCase.text, precision: testCase.precision, rounding: mode)
                    #expect(parsed.isIdentical(to: want), "'\(testCase.text)' at \(testCase.precision) bits \(name): \(parsed) vs \(want)")
                    checked += 1
                }
            }
            #expect(checked == 500)
        }

        @Test("Parsing a literal and rounding its exact rational agree bit for bit (two independent paths)")
        func parsingAgreesWithRationalConversion() throws {
            for testCase in DecimalTextFixture.shared.parsing {
                let rational = try Rational(decimal: testCase.text)
                if let exact = testCase.rational {
                    #expect(rational == (try Rational(fraction: exact)), "'\(testCase.text)' is \(exact)")
                }
                for mode in RoundingMode.allCases {
                    let viaText = try BigFloat(testCase.text, precision: testCase.precision, rounding: mode)
                    let viaRational = BigFloat(rational, precision: testCase.precision, rounding: mode)
                    #expect(viaText.isIdentical(to: viaRational), "'\(testCase.text)' at \(testCase.precision) bits, \(mode)")
                }
            }
        }

        @Test(
            "At 53 bits a literal parses to the same number as Double does",
            arguments: [
                "0.1", "-0.1", "0.2", "0.3", "1", "-3.25e-7", "1e23", "8.589973e9", "1e-300",
                "2.2250738585072014e-308", "1.7976931348623157e308", "123456789012345678901234567890",
                "3.14159265358979323846264338327950288419716939937510582097494459", "9007199254740993",
                "9007199254740993.0000000000000000000001", "-9007199254740995", "6.02214076e23"
            ])
        func parsingAt53BitsMatchesDouble(text: String) throws {
            // glibc's strtod is correctly rounded to nearest; normal doubles are 53-bit numbers.
            let double = try #require(Double(text))
            #expect(double.isNormal)
            let parsed = try BigFloat(text, precision: 53)
            #expect(parsed.isIdentical(to: BigFloat(exactly: double, precision: 53)))
            #expect(parsed.doubleValue == double)
        }

        @Test("The literal 0.1 at 53 bits is the double 0.1; at 4096 bits it is not")
        func pointOne() throws {
            #expect(try BigFloat("0.1", precision: 53).isIdentical(to: BigFloat(exactly: 0.1, precision: 53)))
            let wide = try BigFloat("0.1", precision: 4096)
            #expect(wide != BigFloat(exactly: 0.1, precision: 4096))
            // |wide - 1/10| <= 2^-4096 · 2^-3 (half an ulp; 1/10 lies in [2^-4, 2^-3)).
            let error = (try Rational(exactly: wide) - Rational(1, 10)).magnitude
            #expect(error <= Rational.powerOfTwo(-4096 - 4))
            #expect(!error.isZero)
        }

        @Test("Printing to N significant digits is correctly rounded in every mode (exact integer reference)")
        func printingMatchesExactDigits() throws {
            var checked = 0
            for testCase in DecimalTextFixture.shared.printing {
                let value = try testCase.value.bigFloat(precision: testCase.precision)
                for (name, expected) in testCase.expected {
                    let printed = value.formatted(significantDigits: testCase.digits, rounding: RoundingMode(fixtureName: name))
                    #expect(printed == expected, "\(testCase.label), \(testCase.digits) digits, \(name)")
                    checked += 1
                }
            }
            #expect(checked >= 60)
        }

        @Test("Printing ties round to an even last digit")
        func printingTies() {
            // Exact binary values exactly halfway between two N-digit decimals.
            #expect(BigFloat(exactly: 0.125, precision: 53).formatted(significantDigits: 2) == "0.12")
            #expect(BigFloat(exactly: 0.375, precision: 53).formatted(significantDigits: 2) == "0.38")
            #expect(BigFloat(exactly: 2.5, precision: 53).formatted(significantDigits: 1) == "2")
            #expect(BigFloat(exactly: -2.5, precision: 53).formatted(significantDigits: 1) == "-2")
            #expect(BigFloat(exactly: 99999.5, precision: 53).formatted(significantDigits: 5) == "1.0000e5")
        }

        @Test("Special values and zeros print as documented")
        func printingSpecials() {
            #expect(BigFloat.nan(precision: 53).formatted(significantDigits: 5) == "nan")
            #expect(BigFloat.infinity(precision: 53).formatted(significantDigits: 5) == "inf")
            #expect(BigFloat.infinity(precision: 53, negative: true).formatted(significantDigits: 5) == "-inf")
            #expect(BigFloat(precision: 53).formatted(significantDigits: 5) == "0")
            #expect((-BigFloat(precision: 53)).formatted(significantDigits: 5) == "-0")
        }

        @Test("Exponents like 1e-100000000 and 1e-1000000000 are ordinary numbers", arguments: [64, 256])
        func hugeDecimalExponents(precision: Int) throws {
            for exponent in [-100_000_000, -1_000_000_000, 100_000_000] {
                let text = "1e\(exponent)"
                let parsed = try BigFloat(text, precision: precision)
                #expect(parsed.isFinite && !parsed.isZero, "\(text)")
                // Two independent correctly rounded paths: mpfr_strtofr and mpfr_pow_si.
                let power = BigFloat.pow(BigFloat(10, precision: precision), exponent)
                #expect(parsed.isIdentical(to: power), "\(text)")
                // Within half an ulp of 10^exponent, so 15 digits print as 1.00000000000000.
                #expect(parsed.formatted(significantDigits: 15) == "1.00000000000000e\(exponent)")
                let log10 = try #require(parsed.log10Magnitude)
                #expect(abs(log10 - Double(exponent)) < 1e-6 * abs(Double(exponent)))
                // Arithmetic keeps the exponent exact: 10^e · 10^-e = 1 within three roundings of
                // relative size 2^-p each, i.e. within 3 units of 2^-p.
                let inverse = try BigFloat("1e\(-exponent)", precision: precision)
                let product = parsed * inverse
                #expect(product.ulpDistance(to: BigFloat(1, precision: precision)).map { $0 <= Rational(3) } == true)
            }
            let negative = try BigFloat("-2.5e-100000000", precision: precision)
            #expect(negative.formatted(significantDigits: 3) == "-2.50e-100000000")
        }

        @Test("Printing with the round-trip digit count parses back to the same number")
        func roundTrip() throws {
            var values: [BigFloat] = []
            for testCase in ElementaryFixture.shared.cases where testCase.function == "exp" || testCase.function == "log" {
                values.append(try testCase.expected["toNearest"]!.bigFloat(precision: testCase.precision))
            }
            #expect(values.count >= 60)
            for value in values {
                let text = value.description
                let back = try BigFloat(text, precision: value.precision)
                #expect(back.isIdentical(to: value), "\(value.precision) bits: \(text.prefix(40))…")
            }
        }

        @Test(
            "Malformed literals throw malformedNumber",
            arguments: [
                "", "   ", "abc", "1.2.3", "1e", "1e+", "e5", "--1", "+-1", "1,5", "0x10", "1e5x", "12 34", ".", "-", "1e5.5"
            ])
        func malformedLiteral(text: String) {
            let error = #expect(throws: MultiprecisionError.self) { try BigFloat(text, precision: 53) }
            if case .malformedNumber(let quoted, _)? = error {
                #expect(quoted == text)
            } else {
                Issue.record("'\(text)': expected malformedNumber, got \(String(describing: error))")
            }
        }

        @Test("Binary mantissa/exponent construction: one optional sign and decimal digits, exact")
        func mantissaExponent() throws {
            #expect(try BigFloat(mantissa: "+5", exponent: -1, precision: 53) == BigFloat(exactly: 2.5, precision: 53))
            #expect(try BigFloat(mantissa: "-007", exponent: 3, precision: 53) == BigFloat(-56, precision: 53))
            #expect(try BigFloat(mantissa: "0", exponent: 12345, precision: 53).isZero)
            // 2^4000 + 1 needs 4001 bits: exact at 4096, rounded (to even: 2^4000) at 53.
            let twoTo4000Plus1 = Rational.powerOfTwo(4000) + Rational(1)
            let mantissa = twoTo4000Plus1.numeratorString
            #expect(
                try Rational(exactly: BigFloat(mantissa: mantissa, exponent: -4000, precision: 4096)) == twoTo4000Plus1
                    * Rational.powerOfTwo(-4000))
            #expect(
                try BigFloat(mantissa: mantissa, exponent: 0, precision: 53)
                    == BigFloat.scaled(BigFloat(1, precision: 53), byPowerOfTwo: 4000))
            for text in ["", "+", "-", "+-5", "-+5", "--5", "++5", "1.5", "0x10", " 5", "5 ", "1e3", "١٢", "5-"] {
                let error = #expect(throws: MultiprecisionError.self, "'\(text)'") {
                    try BigFloat(mantissa: text, exponent: 0, precision: 53)
                }
                if case .malformedNumber(let quoted, _)? = error {
                    #expect(quoted == text)
                } else {
                    Issue.record("'\(text)': \(String(describing: error))")
                }
            }
        }

        @Test("nan and inf are accepted by BigFloat parsing (documented), an impossible precision is not")
        func specialLiteralsAndPrecision() throws {
            #expect(try BigFloat("nan", precision: 53).isNaN)
            let infinity = try BigFloat("inf", precision: 53)
            #expect(infinity.isInfinite && !infinity.isNegative)
            let minusInfinity = try BigFloat("-inf", precision: 53)
            #expect(minusInfinity.isInfinite && minusInfinity.isNegative)
            let error = #expect(throws: MultiprecisionError.self) { try BigFloat("1", precision: 0) }
            if case .invalidPrecision(let bits, _)? = error { #expect(bits == 0) } else { Issue.record("expected invalidPrecision") }
        }
    }
}
