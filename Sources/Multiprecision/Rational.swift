import CMPFR

/// Owns one initialised `mpq_t` and clears it when the last reference goes away.
@usableFromInline
final class MPQStorage: @unchecked Sendable {
    @usableFromInline let pointer: UnsafeMutablePointer<__mpq_struct>

    @usableFromInline
    init() {
        pointer = .allocate(capacity: 1)
        bf_mpq_init(pointer)
    }

    deinit {
        bf_mpq_clear(pointer)
        pointer.deallocate()
    }
}

/// An exact rational number (GMP `mpq_t`), always in lowest terms with a positive denominator.
///
/// Decimal literals are rationals: `Rational(decimal: "0.1")` is exactly 1/10. Arithmetic is
/// exact; nothing is ever rounded until a value is converted to `BigFloat`, and that conversion is
/// correctly rounded. Values are copy-on-write and `Sendable`.
public struct Rational: Sendable {
    @usableFromInline var storage: MPQStorage

    /// A new rational whose value `body` sets through GMP (it must leave it canonical).
    @inlinable
    public init(computing body: (UnsafeMutablePointer<__mpq_struct>) -> Void) {
        storage = MPQStorage()
        body(storage.pointer)
    }

    /// Zero.
    public init() { self.init { _ in } }

    /// The integer `value`.
    public init(_ value: Int) { self.init { bf_mpq_set_si($0, value, 1) } }

    /// numerator / denominator in lowest terms.
    /// - Precondition: `denominator` ≠ 0.
    public init(_ numerator: Int, _ denominator: Int) {
        precondition(denominator != 0, "a rational needs a non-zero denominator")
        self.init { q in
            bf_mpq_set_si(q, denominator < 0 ? -numerator : numerator, denominator.magnitude)
            bf_mpq_canonicalize(q)
        }
    }

    /// Calls `body` with a read-only pointer to the GMP rational.
    @inlinable
    public func withMPQ<R>(_ body: (UnsafePointer<__mpq_struct>) throws -> R) rethrows -> R {
        try body(UnsafePointer(storage.pointer))
    }

    /// Calls `body` with a pointer through which it may overwrite the value in place (it must
    /// leave it canonical). Copies made earlier are unaffected.
    @inlinable
    public mutating func withMutableMPQ<R>(_ body: (UnsafeMutablePointer<__mpq_struct>) throws -> R) rethrows -> R {
        if !isKnownUniquelyReferenced(&storage) {
            let copy = MPQStorage()
            bf_mpq_set(copy.pointer, storage.pointer)
            storage = copy
        }
        return try body(storage.pointer)
    }

    // MARK: Properties

    /// −1, 0 or +1.
    public var signum: Int { Int(bf_mpq_sgn(storage.pointer)) }
    public var isZero: Bool { signum == 0 }
    /// True when the denominator is 1.
    public var isInteger: Bool {
        withMPQ { q in
            let denominator = bf_mpq_denref_const(q)
            return bf_mpz_cmp(denominator, Rational.one.withMPQ { bf_mpq_numref_const($0) }) == 0
        }
    }

    /// The numerator in decimal (carries the sign).
    public var numeratorString: String { withMPQ { Rational.decimalString(of: bf_mpq_numref_const($0)) } }
    /// The denominator in decimal (always positive).
    public var denominatorString: String { withMPQ { Rational.decimalString(of: bf_mpq_denref_const($0)) } }

    static let one = Rational(1)

    static func decimalString(of integer: UnsafePointer<__mpz_struct>) -> String {
        guard let chars = bf_mpz_get_str(nil, 10, integer) else { return "" }
        defer { bf_gmp_free_string(chars) }
        return String(cString: chars)
    }
}

// MARK: Arithmetic (exact)

extension Rational {
    @inlinable
    static func binary(
        _ lhs: Rational, _ rhs: Rational,
        _ operation: (UnsafeMutablePointer<__mpq_struct>, UnsafePointer<__mpq_struct>, UnsafePointer<__mpq_struct>) -> Void
    ) -> Rational {
        Rational { r in lhs.withMPQ { a in rhs.withMPQ { b in operation(r, a, b) } } }
    }

    public static func + (lhs: Rational, rhs: Rational) -> Rational { binary(lhs, rhs, bf_mpq_add) }
    public static func - (lhs: Rational, rhs: Rational) -> Rational { binary(lhs, rhs, bf_mpq_sub) }
    public static func * (lhs: Rational, rhs: Rational) -> Rational { binary(lhs, rhs, bf_mpq_mul) }

    /// Exact quotient. - Precondition: `rhs` ≠ 0 (use `dividing(by:)` to get an error instead).
    public static func / (lhs: Rational, rhs: Rational) -> Rational {
        precondition(!rhs.isZero, "rational division by zero")
        return binary(lhs, rhs, bf_mpq_div)
    }

    /// Exact quotient, or `MultiprecisionError.divisionByZero`.
    public func dividing(by divisor: Rational) throws(MultiprecisionError) -> Rational {
        guard !divisor.isZero else { throw .divisionByZero }
        return self / divisor
    }

    public static prefix func - (x: Rational) -> Rational { Rational { r in x.withMPQ { bf_mpq_neg(r, $0) } } }

    public var magnitude: Rational { Rational { r in withMPQ { bf_mpq_abs(r, $0) } } }

    /// 1/x. - Precondition: x ≠ 0.
    public var reciprocal: Rational {
        precondition(!isZero, "reciprocal of zero")
        return Rational { r in withMPQ { bf_mpq_inv(r, $0) } }
    }

    public static func += (lhs: inout Rational, rhs: Rational) {
        lhs.withMutableMPQ { l in rhs.withMPQ { bf_mpq_add(l, l, $0) } }
    }
    public static func -= (lhs: inout Rational, rhs: Rational) {
        lhs.withMutableMPQ { l in rhs.withMPQ { bf_mpq_sub(l, l, $0) } }
    }
    public static func *= (lhs: inout Rational, rhs: Rational) {
        lhs.withMutableMPQ { l in rhs.withMPQ { bf_mpq_mul(l, l, $0) } }
    }
    public static func /= (lhs: inout Rational, rhs: Rational) {
        precondition(!rhs.isZero, "rational division by zero")
        lhs.withMutableMPQ { l in rhs.withMPQ { bf_mpq_div(l, l, $0) } }
    }

    /// self += a · b, exact, in place (one temporary).
    public mutating func addProduct(_ a: Rational, _ b: Rational) {
        self += a * b
    }
}

// MARK: Comparison and hashing

extension Rational: Comparable, Hashable {
    public static func == (lhs: Rational, rhs: Rational) -> Bool {
        lhs.withMPQ { a in rhs.withMPQ { b in bf_mpq_equal(a, b) != 0 } }
    }

    public static func < (lhs: Rational, rhs: Rational) -> Bool {
        lhs.withMPQ { a in rhs.withMPQ { b in bf_mpq_cmp(a, b) < 0 } }
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(description) }
}

// MARK: Conversion to BigFloat

extension BigFloat {
    /// `value` correctly rounded to `precision` bits in direction `rounding`.
    public init(_ value: Rational, precision: Int, rounding: RoundingMode = .toNearest) {
        self.init(precision: precision) { result in
            value.withMPQ { _ = mpfr_set_q(result, $0, rounding.mpfr) }
        }
    }
}
