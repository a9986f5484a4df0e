import Multiprecision

/// One reference limit as a vector with a bound on the error of each entry.
///
/// Exact limits (ŵ₁, ŵ₂) are rationals rounded once to the working precision (error one rounding);
/// MPFR limits carry the normwise error their two-precision check verified, plus, for references
/// that depend on the checkpoint's μ = α^D/γ, the change of the reference when μ moves by the
/// relative error of γ (measured by a second solve, not estimated).
public struct ReferenceVector: Sendable {
    public var kind: ReferenceKind
    public var w: [BigFloat]
    public var errors: [BigFloat]
    /// The exact value when the reference is an exact rational.
    public var exact: [Rational]?

    public init(kind: ReferenceKind, w: [BigFloat], errors: [BigFloat], exact: [Rational]? = nil) {
        self.kind = kind
        self.w = w
        self.errors = errors
        self.exact = exact
    }

    /// An exact rational reference at `precision` bits.
    public init(kind: ReferenceKind, exact: [Rational], precision: Int) {
        let w = exact.map { BigFloat($0, precision: precision) }
        self.init(kind: kind, w: w, errors: w.map { $0.ulp ?? BigFloat(precision: precision) }, exact: exact)
    }

    /// An MPFR reference verified normwise to `digits` digits (relative to ‖w‖∞), with an extra
    /// per-entry error (e.g. the μ-sensitivity).
    public init(kind: ReferenceKind, w: [BigFloat], normwiseDigits digits: Int, extra: [BigFloat]? = nil) {
        let precision = w.first?.precision ?? 64
        let largest = w.map(\.magnitude).max() ?? BigFloat(precision: precision)
        let bound = largest * BoundedValue.tenToMinus(digits, precision: precision)
        let errors = w.indices.map { i in bound + (extra?[i].magnitude ?? BigFloat(precision: precision)) }
        self.init(kind: kind, w: w, errors: errors)
    }

    /// The entries as bounded values.
    public var entries: [BoundedValue] { zip(w, errors).map { BoundedValue(value: $0, error: $1) } }
}
