import Multiprecision
import Testing

extension MultiprecisionLayer {
    /// `Rational`: exact decimal and fraction text, canonical form, exact arithmetic and order,
    /// and correctly rounded conversion to `BigFloat` checked by exact reasoning.
    @Suite struct RationalTests {
        @Test(
            "Decimal literals are exact rationals",
            arguments: [
                ("0.1", "1/10"), ("-3.25e-7", "-13/40000000"), ("0.5", "1/2"), (".5", "1/2"), ("5.", "5"),
                ("2.5E+3", "2500"), ("+1e-5", "1/100000"), ("-0", "0"), ("000123.4500", "2469/20"),
                ("  42  ", "42"), ("1e3", "1000"), ("-12.5e-1", "-5/4"), ("0.000", "0"), ("7e0", "7"),
                ("123456789012345678901234567890.5", "246913578024691357802469135781/2")
            ])
        func decimalLiterals(text: String, fraction: String) throws {
            let value = try Rational(decimal: text)
            #expect(value.description == fraction)
            #expect(value == (try Rational(fraction: fraction)))
        }

        @Test("0.1 + 0.2 == 3/10 exactly (and not the double sum)")
        func pointOnePlusPointTwo() throws {
            let sum = try Rational(decimal: "0.1") + Rational(decimal: "0.2")
            #expect(sum == Rational(3, 10))
            #expect(sum == (try Rational(decimal: "0.3")))
            #expect(sum != (try Rational(decimal: "0.30000000000000004")))
            #expect(sum.numeratorString == "3" && sum.denominatorString == "10")
        }

        @Test("Exponents up to ±10^7 are exact; beyond, the literal is refused")
        func extremeExponents() throws {
            let tiny = try Rational(decimal: "1e-10000000")
            let huge = try Rational(decimal: "1e10000000")
            #expect(tiny * huge == Rational(1))
            #expect(tiny.signum == 1 && !tiny.isInteger && huge.isInteger)
            let twice = try Rational(decimal: "2e-10000000"), tenfold = try Rational(decimal: "1e-9999999")
            #expect(tiny < twice && twice < tenfold && tiny * Rational(10) == tenfold)
            for text in ["1e-10000001", "1e10000001", "1e1000000000000"] {
                #expect(throws: MultiprecisionError.self) { try Rational(decimal: text) }
            }
            // Digits and exponent combine: 0.001e-9999997 has decimal exponent -10^7.
            #expect(try Rational(decimal: "0.001e-9999997") == tiny)
        }

        @Test(
            "Powers of ten and two by squaring equal the decimal literals and fractions", arguments: [0, 1, 7, 12, 42, 1000, -1, -13, -300])
        func integerPowers(exponent: Int) throws {
            #expect(Rational.powerOfTen(exponent) == (try Rational(decimal: "1e\(exponent)")))
            var repeated = Rational(1)  // 2^|exponent| by repeated doubling
            for _ in 0..<exponent.magnitude { repeated *= Rational(2) }
            #expect(Rational.powerOfTwo(exponent) == (exponent >= 0 ? repeated : Rational(1) / repeated))
        }

        @Test(
            "Fractions parse to canonical form and print back",
            arguments: [
                ("3/4", "3/4"), ("-6/8", "-3/4"), ("+5/10", "1/2"), ("7", "7"), ("0/5", "0"), (" 3/4 ", "3/4"),
                ("-0/3", "0"), ("100/25", "4"), ("0003/0006", "1/2"),
                ("-123456789012345678901234567890/10", "-12345678901234567890123456789")
            ])
        func fractions(text: String, canonical: String) throws {
            let value = try Rational(fraction: text)
            #expect(value.description == canonical)
            #expect((try Rational(fraction: value.description)) == value)
            #expect(!value.denominatorString.hasPrefix("-"))
        }

        @Test("Canonical form: lowest terms, positive denominator, equal values hash alike")
        func canonicalForm() throws {
            #expect(Rational(6, -4).description == "-3/2")
            #expect(Rational(-6, -4).description == "3/2")
            #expect(Rational(0, -5).description == "0")
            #expect(Rational(0, -5) == Rational())
            #expect(Rational(6, -4).denominatorString == "2" && Rational(6, -4).numeratorString == "-3")
            let halves: Set<Rational> = [Rational(1, 2), Rational(2, 4), try Rational(decimal: "0.5"), try Rational(fraction: "7/14")]
            #expect(halves.count == 1)
            #expect(Rational(10, 5).isInteger && !Rational(10, 4).isInteger)
        }

        @Test("Order agrees with integer cross-multiplication")
        func comparison() throws {
            let pairs: [(Int, Int)] = [
                (-1, 3), (-1, 4), (0, 1), (1, 1_000_000), (1, 3), (333, 1000), (334, 1000), (2, 3), (7, 2), (-22, 7), (355, 113), (22, 7)
            ]
            let values = pairs.map { Rational($0.0, $0.1) }
            for (i, a) in pairs.enumerated() {
                for (j, b) in pairs.enumerated() {
                    let crossLess = a.0 * b.1 < b.0 * a.1  // denominators are positive
                    let crossEqual = a.0 * b.1 == b.0 * a.1
                    #expect((values[i] < values[j]) == crossLess, "\(a) < \(b)")
                    #expect((values[i] == values[j]) == crossEqual, "\(a) == \(b)")
                }
            }
            let sorted = values.sorted()
            #expect(zip(sorted, sorted.dropFirst()).allSatisfy { $0 <= $1 })
            let small = try Rational(decimal: "1e-30")
            #expect(small > Rational() && -small < Rational())
        }

        @Test("Arithmetic identities hold exactly; copies are unaffected by in-place updates")
        func arithmetic() throws {
            let x = try Rational(decimal: "-3.25e-7"), y = Rational(22, 7), z = try Rational(fraction: "123456789/1000000007")
            #expect(x * x.reciprocal == Rational(1))
            #expect((x - y) + y == x)
            #expect((x + y) * z == x * z + y * z)
            #expect(try (x * y).dividing(by: y) == x)
            #expect(-(-x) == x && (-x).magnitude == x.magnitude && x.magnitude.signum == 1)
            #expect(x.signum == -1 && Rational().signum == 0 && Rational().isZero)
            #expect(Rational(1, 3) + Rational(1, 6) == Rational(1, 2))
            #expect(Rational(2, 3) * Rational(3, 4) == Rational(1, 2))
            var a = y
            let copy = a
            a += z
            a -= Rational(1)
            a *= Rational(3)
            a /= Rational(2)
            #expect(copy == Rational(22, 7))
            #expect(a == (y + z - Rational(1)) * Rational(3, 2))
            var accumulator = Rational(1, 2)
            let before = accumulator
            accumulator.addProduct(Rational(1, 3), Rational(3, 5))
            #expect(accumulator == Rational(7, 10) && before == Rational(1, 2))
            let error = #expect(throws: MultiprecisionError.self) { try x.dividing(by: Rational()) }
            #expect(error == .divisionByZero)
        }

        @Test(
            "Malformed decimal literals throw malformedNumber",
            arguments: [
                "nan", "NaN", "-nan", "inf", "-inf", "+Infinity", "infinity", "1.2.3", "", "   ", "1e", "abc", "1e+", "e5", ".",
                "-", "+", "1,5", "0x1p3", "1e5.5", "١٢", "1 000", "1e-", "--1", "1..2", "1d5"
            ])
        func malformedDecimal(text: String) {
            let error = #expect(throws: MultiprecisionError.self) { try Rational(decimal: text) }
            if case .malformedNumber(let quoted, _)? = error {
                #expect(quoted == text)
            } else {
                Issue.record("'\(text)': expected malformedNumber, got \(String(describing: error))")
            }
        }

        @Test(
            "Malformed fractions throw", arguments: ["", "/", "1/", "/2", "a/b", "1//2", "3/4/5", "1/-2", "1.5/2", "1/2e3", "nan", "1 /2"])
        func malformedFraction(text: String) {
            #expect(throws: MultiprecisionError.self) { try Rational(fraction: text) }
        }

        @Test("A zero denominator is divisionByZero", arguments: ["1/0", "-5/000", "0/0"])
        func zeroDenominator(text: String) {
            let error = #expect(throws: MultiprecisionError.self) { try Rational(fraction: text) }
            #expect(error == .divisionByZero)
        }

        /// Checks the five roundings of `value` to `precision` bits by exact reasoning: down ≤ value ≤ up
        /// with no `precision`-bit number in between, the other modes chosen by sign and distance
        /// (ties to the even significand).
        static func checkRoundings(of value: Rational, precision: Int) throws {
            let down = BigFloat(value, precision: precision, rounding: .down)
            let up = BigFloat(value, precision: precision, rounding: .up)
            let nearest = BigFloat(value, precision: precision, rounding: .toNearest)
            let towardZero = BigFloat(value, precision: precision, rounding: .towardZero)
            let awayFromZero = BigFloat(value, precision: precision, rounding: .awayFromZero)
            for x in [down, up, nearest, towardZero, awayFromZero] { #expect(x.precision == precision) }
            let d = try Rational(exactly: down), u = try Rational(exactly: up)
            #expect(d <= value && value <= u, "\(value) at \(precision) bits: bracket")
            if d == value || u == value {
                #expect(d == u, "\(value) is representable: every mode gives it")
                for x in [nearest, towardZero, awayFromZero] { #expect(try Rational(exactly: x) == value) }
                return
            }
            // Adjacent: up - down is one ulp (of the smaller magnitude, across a binade boundary).
            #expect(up.ulpDistance(to: down) == Rational(1), "\(value) at \(precision) bits: adjacent")
            let positive = value.signum > 0
            #expect(towardZero.isIdentical(to: positive ? down : up))
            #expect(awayFromZero.isIdentical(to: positive ? up : down))
            let below = value - d, above = u - value
            if below < above {
                #expect(nearest.isIdentical(to: down), "\(value) at \(precision) bits: nearest is down")
            } else if above < below {
                #expect(nearest.isIdentical(to: up), "\(value) at \(precision) bits: nearest is up")
            } else {
                let evenIsDown = (down.exactBinary!.mantissa.last!.wholeNumberValue! % 2) == 0
                #expect(nearest.isIdentical(to: evenIsDown ? down : up), "\(value) at \(precision) bits: tie to even")
            }
        }

        @Test("Conversion to BigFloat is correctly rounded in all five modes", arguments: [53, 256, 1024])
        func conversionRounding(precision: Int) throws {
            var values: [Rational] = [
                Rational(1, 3), Rational(-1, 3), Rational(2, 3), Rational(1, 10), Rational(-7, 10), Rational(22, 7),
                Rational(3, 8), Rational(), Rational(-1), Rational(355, 113), Rational(1, 1_000_000_007),
                try Rational(decimal: "-3.25e-7"), try Rational(decimal: "1e-300"), try Rational(decimal: "6.02214076e23"),
                Rational(1, 3) * Rational.powerOfTwo(-3000), Rational.powerOfTwo(4000) + Rational(1)
            ]
            // Exact ties at this precision: 2^p + 1 lies halfway between 2^p and 2^p + 2, 2^p + 3
            // between 2^p + 2 and 2^p + 4, and 2^p - 1/2 between 2^p - 1 and 2^p (across a binade
            // boundary); ties go to the even significand.
            let power = Rational.powerOfTwo(precision)
            values += [power + Rational(1), power + Rational(3), -(power + Rational(1)), power - Rational(1, 2)]
            for value in values { try Self.checkRoundings(of: value, precision: precision) }
            // The same at 53 bits as Double's correctly rounded division.
            if precision == 53 {
                #expect(BigFloat(Rational(1, 3), precision: 53).isIdentical(to: BigFloat(exactly: 1.0 / 3.0, precision: 53)))
                #expect(BigFloat(Rational(22, 7), precision: 53).isIdentical(to: BigFloat(exactly: 22.0 / 7.0, precision: 53)))
            }
        }
    }
}
