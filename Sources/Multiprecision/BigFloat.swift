import CMPFR
import Foundation

/// A binary floating-point number of arbitrary precision: an MPFR number as a Swift value.
///
/// * **Precision belongs to the value.** It is fixed when the value is made and never changes;
///   there is no process-global precision or rounding mode. Binary operators give a result at
///   the larger of their operands' precisions, rounded to nearest; functions that take
///   `precision:` and `rounding:` make both explicit.
/// * **Correct rounding.** Every arithmetic operation and elementary function is MPFR's, which
///   returns the exact result rounded once in the requested direction (error ≤ ½ ulp to nearest,
///   < 1 ulp in the directed modes).
/// * **Exponent range.** BiasFlow widens MPFR's exponent range to its maximum, ±(2^62 − 1) bits on
///   64-bit machines, in every thread before every operation, so 10^-(10^8) and far smaller
///   magnitudes are ordinary numbers.
/// * **Value semantics.** Storage is copy-on-write and cleared when the last copy goes away;
///   values can be shared between threads freely. (Unchecked because the storage is a
///   `ManagedBuffer`, which Swift never lets conform; a shared storage is never written.)
public struct BigFloat: @unchecked Sendable {
    @usableFromInline var storage: MPFRStorage

    @usableFromInline
    init(storage: MPFRStorage) { self.storage = storage }

    /// A new value of `precision` bits whose contents `body` sets through MPFR.
    ///
    /// `body` receives the destination; the exponent range of the calling thread has already been
    /// widened. This is how every operation of the layer makes its result.
    @inlinable
    public init(precision: Int, computing body: (UnsafeMutablePointer<__mpfr_struct>) -> Void) {
        precondition(
            precision >= Precision.minimumBits && precision <= Precision.maximumBits,
            "precision \(precision) is outside MPFR's range")
        bf_mpfr_use_widest_exponent_range()
        storage = MPFRStorage.make(precision: precision)
        body(storage.pointer)
    }

    /// Zero (+0) at `precision` bits.
    public init(precision: Int) {
        self.init(precision: precision) { mpfr_set_zero($0, 1) }
    }

    /// The integer `value`, rounded to `precision` bits (exact when it fits).
    public init(_ value: Int, precision: Int, rounding: RoundingMode = .toNearest) {
        self.init(precision: precision) { mpfr_set_si($0, value, rounding.mpfr) }
    }

    /// The binary value of `value`, rounded to `precision` bits (exact for `precision` ≥ 53).
    ///
    /// Decimal data must never pass through `Double`; this initializer is for values that are
    /// binary to begin with.
    public init(exactly value: Double, precision: Int, rounding: RoundingMode = .toNearest) {
        self.init(precision: precision) { mpfr_set_d($0, value, rounding.mpfr) }
    }

    /// `other` rounded to `precision` bits.
    public init(_ other: BigFloat, precision: Int, rounding: RoundingMode = .toNearest) {
        self.init(precision: precision) { result in
            other.withMPFR { _ = bf_mpfr_set(result, $0, rounding.mpfr) }
        }
    }

    /// `mantissa · 2^exponent` rounded to `precision` bits; `mantissa` is a decimal integer string
    /// (optionally signed). Exact whenever the mantissa has at most `precision` significant bits.
    ///
    /// - Throws: `MultiprecisionError.malformedNumber` when `mantissa` is not a decimal integer.
    public init(mantissa: String, exponent: Int, precision: Int, rounding: RoundingMode = .toNearest) throws(MultiprecisionError) {
        // One optional sign, then digits only ("+-5" is not a mantissa).
        let negative = mantissa.hasPrefix("-")
        let body = negative || mantissa.hasPrefix("+") ? mantissa.dropFirst() : Substring(mantissa)
        guard !body.isEmpty, body.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw .malformedNumber(text: mantissa, reason: "expected a decimal integer mantissa")
        }
        let trimmed = (negative ? "-" : "") + body
        storage = withTemporaryIntegers(1) { integers in
            _ = bf_mpz_set_str(integers.baseAddress!, trimmed, 10)
            return BigFloat(precision: precision) { result in
                _ = mpfr_set_z_2exp(result, integers.baseAddress!, mpfr_exp_t(exponent), rounding.mpfr)
            }.storage
        }
    }

    /// Not-a-number at `precision` bits.
    public static func nan(precision: Int) -> BigFloat {
        BigFloat(precision: precision) { mpfr_set_nan($0) }
    }

    /// +∞ or −∞ at `precision` bits.
    public static func infinity(precision: Int, negative: Bool = false) -> BigFloat {
        BigFloat(precision: precision) { mpfr_set_inf($0, negative ? -1 : 1) }
    }

    // MARK: Access to the MPFR number

    /// Calls `body` with a read-only pointer to the MPFR number.
    @inlinable
    public func withMPFR<R>(_ body: (UnsafePointer<__mpfr_struct>) throws -> R) rethrows -> R {
        try body(UnsafePointer(storage.pointer))
    }

    /// Calls `body` with a pointer through which it may overwrite the value in place (MPFR
    /// aliasing allowed). The precision stays the value's own; copies made earlier are unaffected.
    @inlinable
    public mutating func withMutableMPFR<R>(_ body: (UnsafeMutablePointer<__mpfr_struct>) throws -> R) rethrows -> R {
        if !isKnownUniquelyReferenced(&storage) {
            storage = MPFRStorage.make(copying: storage.pointer)
        }
        bf_mpfr_use_widest_exponent_range()
        return try body(storage.pointer)
    }

    // MARK: Properties

    /// The number of bits of the significand, fixed when the value was made.
    @inlinable
    public var precision: Int { Int(bf_mpfr_get_prec(storage.pointer)) }

    public var isNaN: Bool { bf_mpfr_nan_p(storage.pointer) != 0 }
    public var isInfinite: Bool { bf_mpfr_inf_p(storage.pointer) != 0 }
    public var isZero: Bool { bf_mpfr_zero_p(storage.pointer) != 0 }
    /// True for zero and for regular numbers; false for NaN and ±∞.
    public var isFinite: Bool { bf_mpfr_nan_p(storage.pointer) == 0 && bf_mpfr_inf_p(storage.pointer) == 0 }
    /// −1, 0 or +1 (0 for zeros and for NaN).
    public var signum: Int { isNaN ? 0 : Int(bf_mpfr_sgn(storage.pointer)) }
    public var isNegative: Bool { bf_mpfr_signbit(storage.pointer) != 0 }

    /// The binary exponent e with value = m · 2^e, 1/2 ≤ |m| < 1 (MPFR's convention); nil for
    /// zero, NaN and ±∞.
    public var binaryExponent: Int? {
        bf_mpfr_regular_p(storage.pointer) != 0 ? Int(bf_mpfr_get_exp(storage.pointer)) : nil
    }

    /// The nearest `Double`, or ±0 / ±∞ when the value is outside the `Double` range.
    public var doubleValue: Double { mpfr_get_d(storage.pointer, MPFR_RNDN) }

    /// The weight of the last significand bit, 2^(e − precision), at this value's precision;
    /// nil for zero, NaN and ±∞.
    public var ulp: BigFloat? {
        guard let exponent = binaryExponent else { return nil }
        return BigFloat(precision: precision) { mpfr_set_si_2exp($0, 1, mpfr_exp_t(exponent - precision), MPFR_RNDN) }
    }

    /// The decimal logarithm of |x| to about 15 significant digits, for any finite non-zero value
    /// (also where |x| is far outside the `Double` range, e.g. 10^-(10^8)).
    public var log10Magnitude: Double? {
        guard binaryExponent != nil else { return nil }
        // |x| = m·2^e with m in [1/2, 1): e·log10 2 + log10 m in binary64 is good to a few ulps of
        // the result when |e| ≥ 2 keeps the sum away from 0, unless the result is within 1e-9 of
        // an integer, where x may be an exact power of ten whose logarithm must be exact.
        var exponent = 0
        let mantissa = mpfr_get_d_2exp(&exponent, storage.pointer, MPFR_RNDN)
        if exponent >= 2 || exponent <= -1 {
            let estimate = Double(exponent) * 0.30102999566398119521 + Foundation.log10(Swift.abs(mantissa))
            if Swift.abs(estimate - estimate.rounded()) > 1e-9 * Swift.max(1, Swift.abs(estimate)) { return estimate }
        }
        // log10 of the exact |x| (a header copy with the sign cleared shares the significand, so
        // nothing is rounded or allocated), correctly rounded to 64 bits and then to a Double:
        // exact powers of ten give exact integers, and 64 bits is all a Double result can use.
        return withMPFR { source in
            var magnitude = source.pointee
            if magnitude._mpfr_sign < 0 { magnitude._mpfr_sign = 1 }
            return withUnsafePointer(to: &magnitude) { pointer in
                BigFloat(precision: 64) { _ = mpfr_log10($0, pointer, MPFR_RNDN) }.doubleValue
            }
        }
    }
}
