import CMPFR
import Multiprecision

/// What the simplex and active-set solvers need of a number: a field with an ordering that knows
/// its own notion of "zero".
///
/// * `Rational` conforms exactly: signs are exact, so a solve in `Rational` is an exact algorithm.
/// * `Double` conforms with an absolute tolerance (`Double.simplexTolerance`): a solve in `Double`
///   only *picks* a basis or a support set; the Limits layer then re-solves that choice exactly and
///   verifies it, so no Double ever reaches an exact answer.
protocol SimplexScalar {
    static var zero: Self { get }
    static var one: Self { get }
    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Self) -> Self
    static func / (lhs: Self, rhs: Self) -> Self
    static prefix func - (x: Self) -> Self
    static func < (lhs: Self, rhs: Self) -> Bool
    /// −1, 0 or +1, with the type's tolerance (exact for `Rational`).
    var toleratedSign: Int { get }
    /// The rational's value in this type (exact for `Rational`; nearest double for `Double`).
    init(rationalValue: Rational)
    /// |x|, used to choose stable pivots.
    var pivotMagnitude: Double { get }
    /// self += a · b.
    mutating func addProduct(_ a: Self, _ b: Self)
    /// self −= a · b.
    mutating func subtractProduct(_ a: Self, _ b: Self)
    /// Exactly zero (no tolerance): terms that are exactly zero may be skipped.
    var isExactlyZero: Bool { get }
}

extension Double: SimplexScalar {
    /// Values of magnitude at most this are zero for the floating warm start.
    static let simplexTolerance = 1e-9
    static var one: Double { 1 }
    var toleratedSign: Int { self > Double.simplexTolerance ? 1 : (self < -Double.simplexTolerance ? -1 : 0) }
    init(rationalValue: Rational) { self = rationalValue.withMPQ { __gmpq_get_d($0) } }
    var pivotMagnitude: Double { Swift.abs(self) }
    mutating func addProduct(_ a: Double, _ b: Double) { self += a * b }
    mutating func subtractProduct(_ a: Double, _ b: Double) { self -= a * b }
    var isExactlyZero: Bool { self == 0 }
}

extension Rational: SimplexScalar {
    static var zero: Rational { Rational() }
    static var one: Rational { Rational(1) }
    var toleratedSign: Int { signum }
    var isExactlyZero: Bool { isZero }
    init(rationalValue: Rational) { self = rationalValue }
    var pivotMagnitude: Double { withMPQ { Swift.abs(__gmpq_get_d($0)) } }
    mutating func subtractProduct(_ a: Rational, _ b: Rational) {
        // In place through GMP: one temporary for the product.
        let product = a * b
        withMutableMPQ { target in product.withMPQ { bf_mpq_sub(target, target, $0) } }
    }
}

extension BigFloat: SimplexScalar {
    /// The precision of the second (MPFR) warm start: used when the `Double` choice fails exact
    /// verification, e.g. for data that differ below double resolution.
    static let simplexPrecision = 256
    /// Absolute tolerance 2^-200 of the MPFR warm start (data rows are scaled to O(1) first).
    static let simplexTolerance = BigFloat.scaled(BigFloat(1, precision: simplexPrecision), byPowerOfTwo: -200)
    static var zero: BigFloat { BigFloat(precision: simplexPrecision) }
    static var one: BigFloat { BigFloat(1, precision: simplexPrecision) }
    var toleratedSign: Int {
        if magnitude <= BigFloat.simplexTolerance { return 0 }
        return signum
    }
    init(rationalValue: Rational) { self.init(rationalValue, precision: BigFloat.simplexPrecision) }
    var pivotMagnitude: Double { Swift.abs(doubleValue) }
    mutating func addProduct(_ a: BigFloat, _ b: BigFloat) { self = BigFloat.fusedMultiplyAdd(a, b, self) }
    mutating func subtractProduct(_ a: BigFloat, _ b: BigFloat) { self = BigFloat.fusedMultiplyAdd(-a, b, self) }
    var isExactlyZero: Bool { isZero }
}
