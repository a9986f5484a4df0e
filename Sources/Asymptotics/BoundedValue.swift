import Multiprecision

/// A computed number together with an absolute bound on its error, from which its verified digits
/// follow; the analyzer propagates these bounds through every quantity it derives.
///
/// Contract: `error` bounds |value − true value| (to first order, from the two-run agreement of the
/// flow and of the limit solvers); `digits` = ⌊log10(|value| / error)⌋, clipped to [0, cap] where
/// cap is the decimal precision of `value`. A value whose error is as large as itself has 0 verified
/// digits (only its order of magnitude is known). A distance that is tiny relative to the vectors it
/// separates therefore carries fewer digits than they do.
public struct BoundedValue: Sendable {
    public var value: BigFloat
    public var error: BigFloat

    public init(value: BigFloat, error: BigFloat) {
        self.value = value
        self.error = error.magnitude
    }

    /// An exact value (error 0).
    public init(exact value: BigFloat) {
        self.value = value
        error = BigFloat(precision: value.precision)
    }

    /// A value known to `digits` significant digits: error |value| · 10^−digits.
    public init(value: BigFloat, digits: Int) {
        self.value = value
        error = value.magnitude * BoundedValue.tenToMinus(digits, precision: value.precision)
    }

    /// Verified significant decimal digits.
    public var digits: Int {
        let cap = Precision.decimalDigits(forBits: value.precision)
        if error.isZero { return cap }
        guard let size = value.log10Magnitude, let lost = error.log10Magnitude else { return 0 }
        return Swift.max(0, Swift.min(cap, Int((size - lost).rounded(.down))))
    }

    /// The value with its verified digits (at least one, so that its magnitude is shown).
    public var decimal: VerifiedDecimal {
        VerifiedDecimal(value: value.formatted(significantDigits: Swift.max(1, digits)), digits: digits)
    }

    /// 10^−n at `precision` bits.
    static func tenToMinus(_ n: Int, precision: Int) -> BigFloat {
        BigFloat.pow(BigFloat(10, precision: precision), -n)
    }
}
