import LinearAlgebra
import Multiprecision

/// A factored Newton matrix of an implicit step: in binary64 after power-of-two equilibration while
/// every entry is moderate, in double-double while entries are large, in MPFR at the working
/// precision beyond.
///
/// Contract: the matrix only sets the rate of the simplified Newton iteration, whose residuals are
/// computed in MPFR, so the converged stages do not depend on which factorization solved for the
/// corrections. An approximate solve is accurate to about κ·2^-53 (binary64) or κ·2^-104
/// (double-double) relative, κ the condition number, which costs Newton rounds, not accuracy;
/// `exact()` gives the MPFR factorization of the same matrix for the caller to continue with when
/// the rounds stop gaining.
package enum NewtonMatrixFactorization {
    /// Factored in MPFR at the working precision.
    case mpfr(LUFactorization)
    /// Factored in binary64 after equilibration (the matrix is kept for `exact()`): a small
    /// fraction of the MPFR elimination's cost (F1 to τ = 1e6: 5.7 s against 10.4 s in all).
    case binary64(Binary64LUFactorization, matrix: BigMatrix)
    /// Factored in double-double after equilibration (the matrix is kept for `exact()`).
    case doubleDouble(DoubleDoubleLUFactorization, matrix: BigMatrix)

    /// Newton matrices with an entry of 2^binary64Exponent or more are not factored in binary64.
    /// I − h (A ⊗ J) with ‖h J‖ ≈ 2^e has condition number of about 2^e, and far out in the σ
    /// clock (hτ ≳ 1e16 on F1) binary64 factors made Newton's method fail, with or without
    /// iterative refinement of each solve (both were tried); below 2^40 (κ · 2^-53 ≲ 1e-4) they
    /// are as good as MPFR ones (to τ = 1e100: 259 steps against 257 with MPFR factors throughout).
    package static let binary64Exponent = 40
    /// Newton matrices with an entry of 2^doubleDoubleExponent or more are factored in MPFR: the
    /// same margin κ · 2^-104 ≲ 1e-4 for double-double factors.
    package static let doubleDoubleExponent = 91

    /// The binary64 factorization of `matrix` when its entries are below 2^binary64Exponent, the
    /// double-double one below 2^doubleDoubleExponent, else (or when those cannot factor it) the
    /// MPFR one; nil when `matrix` is singular at working precision. The binary64 elimination runs
    /// on up to `threads` threads (the same factors).
    package static func factoring(_ matrix: BigMatrix, threads: Int = 1) -> NewtonMatrixFactorization? {
        if let approximate = Binary64LUFactorization(matrix, threads: threads) {
            if approximate.largestExponent < binary64Exponent { return .binary64(approximate, matrix: matrix) }
            if approximate.largestExponent < doubleDoubleExponent, let finer = DoubleDoubleLUFactorization(matrix) {
                return .doubleDouble(finer, matrix: matrix)
            }
        }
        return LUFactorization(matrix).map { .mpfr($0) }
    }

    /// Whether this is a binary64 or double-double factorization (with an `exact()` one).
    package var isApproximate: Bool {
        if case .mpfr = self { return false }
        return true
    }

    /// The same matrix factored in MPFR when this is an approximate factorization; nil when this
    /// is already an MPFR factorization (or the matrix is singular at working precision).
    package func exact() -> NewtonMatrixFactorization? {
        switch self {
        case .mpfr: return nil
        case let .binary64(_, matrix), let .doubleDouble(_, matrix): return LUFactorization(matrix).map { .mpfr($0) }
        }
    }

    /// Replaces r by the solution x of M x = r.
    package func solve(_ r: inout BigVector) {
        switch self {
        case let .mpfr(lu): lu.solve(&r)
        case let .binary64(lu, _): lu.solve(&r)
        case let .doubleDouble(lu, _): lu.solve(&r)
        }
    }
}
