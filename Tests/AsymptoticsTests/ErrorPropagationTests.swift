import Multiprecision
import Testing
@testable import Asymptotics

/// The error bounds behind every reported digit, against values known exactly.
@Suite("Error propagation") struct ErrorPropagationTests {
    static let p = 256

    static func value(_ text: String) -> BigFloat { try! BigFloat(text, precision: p) }

    @Test("digits of a bounded value: ⌊log10(|x|/error)⌋, capped, 0 when the error is as large as the value")
    func digits() {
        #expect(BoundedValue(value: Self.value("3.14159"), error: Self.value("1e-10")).digits == 10)
        #expect(BoundedValue(value: Self.value("3.14159"), digits: 12).digits == 12)
        #expect(BoundedValue(value: Self.value("1e-20"), error: Self.value("1e-20")).digits == 0)
        #expect(BoundedValue(value: Self.value("1e-20"), error: Self.value("1e-10")).digits == 0)
        #expect(BoundedValue(exact: Self.value("2")).digits == Precision.decimalDigits(forBits: Self.p))
        let shown = BoundedValue(value: Self.value("0.123456789"), error: Self.value("1e-5")).decimal
        #expect(shown == VerifiedDecimal(value: "0.1235", digits: 4))
    }

    @Test("a distance tiny relative to its inputs has few digits; a large one keeps the inputs' digits")
    func distanceDigits() {
        let e = Self.value("1e-30")
        let a = [BoundedValue(value: Self.value("1"), error: e), BoundedValue(value: Self.value("2"), error: e)]
        // ‖a − b‖ = 1e-24 exactly (3-4-5 triangle scaled), errors 2·1e-30 per entry → 5 or 6 digits.
        let b = [
            BoundedValue(value: Self.value("1") - Self.value("3e-25"), error: e),
            BoundedValue(value: Self.value("2") - Self.value("4e-25"), error: e)
        ]
        let close = DistanceMeasure.euclidean(a, b, precision: Self.p)
        #expect(close.value.formatted(significantDigits: 20) == "5.0000000000000000000e-25")
        #expect(close.error.formatted(significantDigits: 5) == "2.8284e-30")
        #expect(close.digits == 5)
        let far = [BoundedValue(value: Self.value("4"), error: e), BoundedValue(value: Self.value("6"), error: e)]
        let distance = DistanceMeasure.euclidean(a, far, precision: Self.p)
        #expect(distance.value.formatted(significantDigits: 10) == "5.000000000")
        #expect(distance.digits == 30)
    }

    @Test("Σ|x_i|^p: first-order bound, and e^p for entries below their error (p < 1)")
    func powerSum() {
        let twoThirds = BigFloat(2, precision: Self.p) / 3
        let x = [
            BoundedValue(value: Self.value("8"), error: Self.value("1e-20")),
            BoundedValue(value: Self.value("1e-40"), error: Self.value("1e-30"))
        ]
        let s = DistanceMeasure.powerSum(x, exponent: twoThirds)
        #expect(s.value.formatted(significantDigits: 15) == "4.00000000000000")
        // (2/3)·8^{-1/3}·1e-20 + (1e-30)^{2/3} = 3.333e-21 + 1e-20
        #expect(s.error.formatted(significantDigits: 5) == "1.3333e-20")
    }
}
