/// The digits on which two computations of the same quantity agree: BiasFlow's rule for verified
/// digits (DESIGN.md §2.5). Two independent runs (precision, tolerance) produce a and b, b the
/// more accurate; a digit is verified when both runs have it.
public enum AgreedDigits {
    /// Significant decimal digits on which `a` and `b` agree: ⌊−log10(|a − b| / s)⌋ with
    /// s = max(|b|, `floor`), between 0 and the decimal digits of the coarser precision (the cap).
    /// Equal values, and infinities of one sign, give the cap; a NaN gives 0.
    public static func scalar(_ a: BigFloat, _ b: BigFloat, floor: Double? = nil) -> Int {
        let cap = Precision.decimalDigits(forBits: min(a.precision, b.precision))
        if a.isNaN || b.isNaN { return 0 }
        if a.isInfinite && b.isInfinite && a.isNegative == b.isNegative { return cap }
        let difference = BigFloat(a, precision: b.precision) - b
        if difference.isZero { return cap }
        guard let lost = difference.log10Magnitude else { return 0 }
        var size = b.log10Magnitude ?? -Double.infinity
        if let floor { size = max(size, log10Floor(floor)) }
        guard size.isFinite else { return 0 }
        return max(0, min(cap, Int((size - lost).rounded(.down))))
    }

    /// Digits of each entry, as `scalar` (no floor).
    public static func entrywise(_ a: [BigFloat], _ b: [BigFloat]) -> [Int] { zip(a, b).map { scalar($0, $1) } }

    /// Normwise digits: ⌊−log10(‖a − b‖_∞ / ‖b‖_∞)⌋, capped as `scalar`; `Int.max` for empty
    /// vectors (nothing to disagree on), the cap when they are equal, 0 when b = 0 ≠ a.
    public static func normwise(_ a: [BigFloat], _ b: [BigFloat]) -> Int {
        guard let first = b.first else { return Int.max }
        var largestDifference = BigFloat(precision: first.precision), largest = BigFloat(precision: first.precision)
        for (x, y) in zip(a, b) {
            largestDifference = BigFloat.maximum(largestDifference, (BigFloat(x, precision: y.precision) - y).magnitude)
            largest = BigFloat.maximum(largest, y.magnitude)
        }
        let cap = Precision.decimalDigits(forBits: min(a.first?.precision ?? 0, first.precision))
        if largestDifference.isNaN { return 0 }
        if largestDifference.isZero { return cap }
        guard let lost = largestDifference.log10Magnitude, let size = largest.log10Magnitude else { return 0 }
        return max(0, min(cap, Int((size - lost).rounded(.down))))
    }

    /// log10 of a positive binary64 floor (a clock value's scale), through MPFR's exact log10 of
    /// its binary value.
    private static func log10Floor(_ floor: Double) -> Double {
        BigFloat(exactly: floor, precision: 64).log10Magnitude ?? -Double.infinity
    }
}
