import CMPFR

/// Precisions in bits, as MPFR understands them.
///
/// A precision belongs to a value (each `BigFloat` carries its own) or to a solver; there is no
/// process-wide default. This namespace only states the legal range and validates requests.
public enum Precision {
    /// The smallest precision MPFR accepts (MPFR_PREC_MIN).
    public static let minimumBits = Int(MPFR_PREC_MIN)
    /// The largest precision BiasFlow accepts: 2^31 − 1 bits (about 646 million decimal digits),
    /// well inside MPFR's own maximum and the most a value's limbs can usefully hold in memory.
    public static let maximumBits = Int(Int32.max)

    /// The most significant decimal digits any BiasFlow computation delivers and verifies: one
    /// limit for every solver (about 33 000 bits; verification runs at about 1.5 times that).
    public static let maximumDecimalDigits = 10_000

    /// The legal digit requests, 1…`maximumDecimalDigits`.
    public static let decimalDigitRange = 1...maximumDecimalDigits

    /// Checks that `bits` is a precision MPFR can represent.
    /// - Throws: `MultiprecisionError.invalidPrecision` naming the value and the legal range.
    public static func validate(_ bits: Int) throws(MultiprecisionError) {
        guard (minimumBits...maximumBits).contains(bits) else {
            throw .invalidPrecision(bits: bits, allowed: minimumBits...maximumBits)
        }
    }

    /// Bits needed to carry `digits` significant decimal digits: ⌈digits · log2(10)⌉.
    public static func bits(forDecimalDigits digits: Int) -> Int {
        precondition(digits > 0, "a digit count must be positive")
        // log2(10) = 3.3219280948873623…; 3.3219280949 over-estimates it, so the result is never short.
        return Int((Double(digits) * 3.3219280949).rounded(.up))
    }

    /// Decimal digits that `bits` bits carry: ⌊bits · log10(2)⌋.
    public static func decimalDigits(forBits bits: Int) -> Int {
        Int((Double(bits) * 0.30102999566398119).rounded(.down))
    }
}
