import Multiprecision
import Testing

/// `Fixtures/elementary.json`, written by `Fixtures/make_elementary_fixture.py`.
struct ElementaryFixture: Codable, Sendable {
    struct Case: Codable, Sendable {
        let function: String
        let label: String
        let precision: Int
        let x: ExactBinary
        let y: ExactBinary?
        let n: Int?
        let exact: Bool
        let expected: [String: ExactBinary]
        let unsettled: [String]?
    }

    let precisions: [Int]
    let cases: [Case]

    static let shared: ElementaryFixture = {
        do { return try Fixture.load(ElementaryFixture.self, from: "elementary") } catch {
            fatalError("cannot read elementary.json: \(error)")
        }
    }()
}

extension MultiprecisionLayer {
    /// BigFloat's elementary functions against mpmath (see `make_elementary_fixture.py`): exact
    /// binary inputs, expected results rounded from mpmath at ≥ 200 extra bits and settled by
    /// Ziv's test, so MPFR's correctly rounded results must match bit for bit.
    @Suite struct ElementaryFunctionTests {
        static let functions = ["exp", "expm1", "log", "log1p", "sinh", "cosh", "tanh", "asinh", "sqrt", "pow", "powi"]

        /// Evaluates `function` of the case in `rounding`, at `precision` (nil: the default).
        static func evaluate(_ testCase: ElementaryFixture.Case, x: BigFloat, rounding: RoundingMode, precision: Int? = nil) throws
            -> BigFloat
        {
            switch testCase.function {
            case "exp": return BigFloat.exp(x, precision: precision, rounding: rounding)
            case "expm1": return BigFloat.expm1(x, precision: precision, rounding: rounding)
            case "log": return BigFloat.log(x, precision: precision, rounding: rounding)
            case "log1p": return BigFloat.log1p(x, precision: precision, rounding: rounding)
            case "sinh": return BigFloat.sinh(x, precision: precision, rounding: rounding)
            case "cosh": return BigFloat.cosh(x, precision: precision, rounding: rounding)
            case "tanh": return BigFloat.tanh(x, precision: precision, rounding: rounding)
            case "asinh": return BigFloat.asinh(x, precision: precision, rounding: rounding)
            case "sqrt": return BigFloat.sqrt(x, precision: precision, rounding: rounding)
            case "pow":
                let y = try testCase.y!.bigFloat(precision: testCase.precision)
                return BigFloat.pow(x, y, precision: precision, rounding: rounding)
            case "powi":
                return BigFloat.pow(x, testCase.n!, precision: precision, rounding: rounding)
            default:
                fatalError("unknown function \(testCase.function)")
            }
        }

        /// The expected results of a case in all five modes: toNearest, down and up come from the
        /// fixture; towardZero and awayFromZero follow from down/up and the sign of the result.
        static func expectations(_ testCase: ElementaryFixture.Case) throws -> [(RoundingMode, BigFloat)] {
            var result: [(RoundingMode, BigFloat)] = []
            let p = testCase.precision
            for (name, value) in testCase.expected.sorted(by: { $0.key < $1.key }) {
                result.append((RoundingMode(fixtureName: name), try value.bigFloat(precision: p)))
            }
            if let down = testCase.expected["down"], let up = testCase.expected["up"] {
                let negative = down.m.hasPrefix("-") || up.m.hasPrefix("-")
                result.append((.towardZero, try (negative ? up : down).bigFloat(precision: p)))
                result.append((.awayFromZero, try (negative ? down : up).bigFloat(precision: p)))
            }
            return result
        }

        struct Tally { var exact = 0, oneUlp = 0, wrong = 0 }

        static func check(_ computed: BigFloat, _ expected: BigFloat, _ what: String, tally: inout Tally) {
            if computed.isIdentical(to: expected) {
                tally.exact += 1
                return
            }
            let distance = computed.ulpDistance(to: expected)
            if let distance, distance <= Rational(1) {
                tally.oneUlp += 1
                Issue.record(
                    "\(what): one ulp from mpmath: \(computed) vs \(expected) (fixture values are settled by Ziv's test, so this is not double rounding)"
                )
            } else {
                tally.wrong += 1
                Issue.record(
                    "\(what): \(computed) (precision \(computed.precision)) differs from mpmath's \(expected) by \(distance.map { "\($0)" } ?? "?") ulp"
                )
            }
        }

        @Test("Correctly rounded against mpmath at 53, 256, 1024 and 4096 bits, all rounding modes", arguments: functions)
        func matchesMPMath(function: String) throws {
            let cases = ElementaryFixture.shared.cases.filter { $0.function == function }
            #expect(Set(cases.map(\.precision)) == [53, 256, 1024, 4096])
            var tally = Tally()
            for testCase in cases {
                let x = try testCase.x.bigFloat(precision: testCase.precision)
                #expect(x.precision == testCase.precision)
                for (mode, expected) in try Self.expectations(testCase) {
                    let computed = try Self.evaluate(testCase, x: x, rounding: mode)
                    #expect(computed.precision == testCase.precision, "\(testCase.label): result precision")
                    Self.check(computed, expected, "\(testCase.label) \(mode)", tally: &tally)
                }
            }
            #expect(tally.exact > 0)
            print(
                "elementary \(function): \(cases.count) cases, \(tally.exact) results exact, \(tally.oneUlp) within one ulp, \(tally.wrong) wrong"
            )
        }

        @Test("The nearest results cover every case; directed modes are settled except where documented")
        func fixtureCoverage() {
            let cases = ElementaryFixture.shared.cases
            #expect(cases.count == 328)
            #expect(cases.allSatisfy { $0.expected["toNearest"] != nil })
            let unsettled = cases.filter { !($0.unsettled ?? []).isEmpty }
            // exp(2.5e-1000000), expm1(3e-100000), log1p(1e-1000000) and sinh(1e-100000): the side
            // of the nearest P-bit number on which the value lies shows only at millions of bits.
            #expect(
                Set(unsettled.map { $0.label.prefix { $0 != "@" } }) == [
                    "exp(2.5e-1000000) ", "expm1(3e-100000) ", "log1p(1e-1000000) ", "sinh(1e-100000) "
                ])
        }

        @Test("The result precision follows `precision:`, not the argument's")
        func resultPrecisionIsTheRequestedOne() throws {
            // Where the input is the same number at two precisions (small integers, 0.5, -1e6 ...),
            // f(x at 53 bits, precision: P) must be the fixture's P-bit result.
            let cases = ElementaryFixture.shared.cases.filter { $0.function != "pow" }
            var checked = 0
            for narrow in cases where narrow.precision == 53 {
                for wide in cases
                where wide.precision > 53 && wide.function == narrow.function
                    && wide.label.prefix(while: { $0 != "@" }) == narrow.label.prefix(while: { $0 != "@" })
                    && wide.x == narrow.x
                {
                    let x = try narrow.x.bigFloat(precision: 53)
                    let computed = try Self.evaluate(wide, x: x, rounding: .toNearest, precision: wide.precision)
                    let expected = try wide.expected["toNearest"]!.bigFloat(precision: wide.precision)
                    #expect(computed.isIdentical(to: expected), "\(wide.label) from a 53-bit argument")
                    checked += 1
                }
            }
            #expect(checked >= 30)
        }

        @Test("The issue's example: exp(-1e6) at 256 bits prints 3.29683147808855857896890796910772420856e-434295")
        func expOfMinusAMillion() {
            let value = BigFloat.exp(BigFloat(-1_000_000, precision: 256))
            #expect(value.formatted(significantDigits: 39) == "3.29683147808855857896890796910772420856e-434295")
            #expect(value.doubleValue == 0, "far below the double range")
            #expect(value.log10Magnitude.map { abs($0 - (-434294.48190)) < 1e-4 } == true)
        }

        @Test("log10Magnitude: exact integers at powers of ten, the sign ignored, full accuracy next to 1 and far outside the double range")
        func log10Magnitude() throws {
            for p in [64, 192, 1024] {
                for k in -40...40 {
                    let power = try BigFloat(Rational(decimal: "1e\(k)"), precision: p)
                    if p >= 192 || abs(k) <= 27 {  // 10^k is exact in p bits (5^k fits)
                        #expect(power.log10Magnitude == Double(k), "10^\(k) at \(p) bits")
                        #expect((-power).log10Magnitude == Double(k), "-10^\(k) at \(p) bits")
                    }
                }
            }
            // 1 + 2^-100: log10 = 2^-100/ln 10 · (1 − 2^-101 + …), which a rounded |x| would lose.
            let nearOne = try BigFloat(1, precision: 256) + BigFloat(mantissa: "1", exponent: -100, precision: 256)
            let expected = 0x1p-100 / 2.302585092994045684
            #expect(try abs(#require(nearOne.log10Magnitude) - expected) <= expected * 1e-15)
            #expect(BigFloat(precision: 80).log10Magnitude == nil)
            #expect(BigFloat.nan(precision: 80).log10Magnitude == nil)
            // 2^-(2^40): log10 = −2^40 · log10 2 = −330985980541.906185882… (mpmath)
            let tiny = try BigFloat(mantissa: "1", exponent: -(1 << 40), precision: 128)
            #expect(try abs(#require(tiny.log10Magnitude) - (-330_985_980_541.906186)) < 1e-3)
        }

        @Test("sinhCosh rounds each result exactly as sinh and cosh do")
        func sinhCoshMatchesSinhAndCosh() throws {
            for p in [53, 192, 640] {
                for text in ["0", "1e-40", "-0.375", "2.5", "-17.125", "1000.5", "-3e5"] {
                    let x = try BigFloat(Rational(decimal: text), precision: p)
                    let (sinh, cosh) = BigFloat.sinhCosh(x)
                    #expect(sinh.isIdentical(to: BigFloat.sinh(x)), "sinh(\(text)) at \(p) bits")
                    #expect(cosh.isIdentical(to: BigFloat.cosh(x)), "cosh(\(text)) at \(p) bits")
                }
            }
        }

        @Test("IEEE 754 special values at the domain edges")
        func specialValues() {
            for p in [53, 1024] {
                let zero = BigFloat(precision: p), one = BigFloat(1, precision: p), minusOne = BigFloat(-1, precision: p)
                let infinity = BigFloat.infinity(precision: p), minusInfinity = BigFloat.infinity(precision: p, negative: true)
                let negativeZero = -zero
                #expect(BigFloat.log(zero).isInfinite && BigFloat.log(zero).isNegative)
                #expect(BigFloat.log(minusOne).isNaN)
                #expect(BigFloat.log(one).isZero && !BigFloat.log(one).isNegative)
                #expect(BigFloat.log1p(minusOne).isInfinite && BigFloat.log1p(minusOne).isNegative)
                #expect(BigFloat.log1p(BigFloat(-2, precision: p)).isNaN)
                #expect(BigFloat.sqrt(minusOne).isNaN)
                #expect(BigFloat.sqrt(negativeZero).isZero && BigFloat.sqrt(negativeZero).isNegative)
                #expect(BigFloat.exp(minusInfinity).isZero && !BigFloat.exp(minusInfinity).isNegative)
                #expect(BigFloat.exp(infinity).isInfinite)
                #expect(BigFloat.expm1(minusInfinity) == minusOne)
                #expect(BigFloat.tanh(infinity) == one)
                #expect(BigFloat.tanh(minusInfinity) == minusOne)
                #expect(BigFloat.cosh(zero) == one)
                #expect(BigFloat.sinh(negativeZero).isZero && BigFloat.sinh(negativeZero).isNegative)
                #expect(BigFloat.asinh(minusInfinity) == minusInfinity)
                #expect(BigFloat.pow(zero, -1).isInfinite)
                #expect(BigFloat.pow(BigFloat.nan(precision: p), 0) == one)
                #expect(BigFloat.pow(BigFloat.nan(precision: p), zero) == one)
                #expect(BigFloat.pow(BigFloat(-8, precision: p), BigFloat(exactly: 0.5, precision: p)).isNaN)
                #expect(BigFloat.exp(BigFloat.nan(precision: p)).isNaN)
            }
        }

        @Test("Exact results are exact in every rounding mode")
        func exactResults() {
            for p in [53, 4096] {
                for mode in RoundingMode.allCases {
                    #expect(BigFloat.sqrt(BigFloat(144, precision: p), rounding: mode) == BigFloat(12, precision: p))
                    #expect(BigFloat.pow(BigFloat(-3, precision: p), 5, rounding: mode) == BigFloat(-243, precision: p))
                    #expect(
                        BigFloat.pow(BigFloat(2, precision: p), -1000, rounding: mode)
                            == BigFloat.scaled(BigFloat(1, precision: p), byPowerOfTwo: -1000))
                    #expect(BigFloat.exp(BigFloat(precision: p), rounding: mode) == BigFloat(1, precision: p))
                    #expect(BigFloat.log(BigFloat(1, precision: p), rounding: mode).isZero)
                }
            }
        }

        @Test("Directed roundings bracket the nearest result and differ by one ulp when inexact")
        func directedBracketing() throws {
            for p in [53, 256] {
                for x in [BigFloat(2, precision: p), BigFloat(-7, precision: p), try BigFloat("0.1", precision: p)] {
                    let functions: [(BigFloat, RoundingMode) -> BigFloat] = [
                        { BigFloat.exp($0, rounding: $1) }, { BigFloat.sinh($0, rounding: $1) },
                        { BigFloat.tanh($0, rounding: $1) }, { BigFloat.asinh($0, rounding: $1) },
                        { BigFloat.log1p($0.magnitude, rounding: $1) }, { BigFloat.sqrt($0.magnitude, rounding: $1) }
                    ]
                    for f in functions {
                        let down = f(x, .down), up = f(x, .up), nearest = f(x, .toNearest)
                        #expect(down < up)
                        #expect(nearest == down || nearest == up)
                        #expect(up.ulpDistance(to: down) == Rational(1))
                        let negative = nearest.isNegative
                        #expect(f(x, .towardZero) == (negative ? up : down))
                        #expect(f(x, .awayFromZero) == (negative ? down : up))
                    }
                }
            }
        }
    }
}
