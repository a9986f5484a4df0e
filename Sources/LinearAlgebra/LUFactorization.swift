import CMPFR
import Multiprecision

/// An LU factorisation with partial pivoting, P A = L U, of a square `BigMatrix`, in place.
///
/// Numerical contract: Gaussian elimination in MPFR at the matrix's precision p, rounded to
/// nearest; the backward error is that of textbook partial pivoting, ‖δA‖ ≲ n · g · 2^-p ‖A‖ with
/// growth factor g (modest in practice). Factoring and solving allocate nothing beyond the
/// factorisation's own storage, which is reused by `refactor(_:)`.
public struct LUFactorization {
    public private(set) var factors: BigMatrix
    public private(set) var pivots: [Int]
    public var dimension: Int { factors.rows }
    private let workspace: KernelWorkspace

    /// Factors `matrix` (square). Returns nil when a pivot is exactly zero (singular to working
    /// precision).
    public init?(_ matrix: BigMatrix) {
        precondition(matrix.rows == matrix.columns, "LU of a \(matrix.rows)×\(matrix.columns) matrix")
        factors = matrix
        pivots = Array(0..<matrix.rows)
        workspace = KernelWorkspace(precision: matrix.precision)
        guard Self.factorInPlace(&factors, pivots: &pivots, workspace: workspace) else { return nil }
    }

    /// Replaces the factorisation by that of `matrix` (same shape and precision), reusing storage.
    /// Returns false when `matrix` is singular to working precision.
    public mutating func refactor(_ matrix: BigMatrix) -> Bool {
        precondition(matrix.rows == dimension && matrix.columns == dimension, "refactor with another shape")
        let n = dimension
        factors.withMutableMPFR { destination in
            matrix.withMPFR { source in
                for index in 0..<(n * n) { _ = bf_mpfr_set(destination + index, source + index, MPFR_RNDN) }
            }
        }
        for index in 0..<n { pivots[index] = index }
        return Self.factorInPlace(&factors, pivots: &pivots, workspace: workspace)
    }

    /// Solves A x = b in place (`rhs` holds b on entry and x on return).
    public func solve(_ rhs: inout BigVector) {
        precondition(rhs.count == dimension, "right-hand side of length \(rhs.count) for dimension \(dimension)")
        let n = dimension
        let product = workspace.product
        factors.withMPFR { lu in
            rhs.withMutableMPFR { x in
                // Apply the row permutation.
                for i in 0..<n where pivots[i] != i {
                    mpfr_swap(x + i, x + pivots[i])
                }
                // Forward substitution with unit lower L.
                for i in 0..<n {
                    for j in 0..<i {
                        _ = mpfr_mul(product, lu + i * n + j, x + j, MPFR_RNDN)
                        _ = mpfr_sub(x + i, x + i, product, MPFR_RNDN)
                    }
                }
                // Back substitution with U.
                for i in stride(from: n - 1, through: 0, by: -1) {
                    for j in (i + 1)..<n where j < n {
                        _ = mpfr_mul(product, lu + i * n + j, x + j, MPFR_RNDN)
                        _ = mpfr_sub(x + i, x + i, product, MPFR_RNDN)
                    }
                    _ = mpfr_div(x + i, x + i, lu + i * n + i, MPFR_RNDN)
                }
            }
        }
    }

    /// Row-pivoted elimination; `pivots[k]` is the row swapped with row k at step k.
    private static func factorInPlace(_ matrix: inout BigMatrix, pivots: inout [Int], workspace: KernelWorkspace) -> Bool {
        let n = matrix.rows
        let product = workspace.product
        var nonsingular = true
        matrix.withMutableMPFR { a in
            for k in 0..<n {
                var best = k
                for i in (k + 1)..<max(n, k + 1) where mpfr_cmpabs(a + i * n + k, a + best * n + k) > 0 {
                    best = i
                }
                pivots[k] = best
                if bf_mpfr_zero_p(a + best * n + k) != 0 {
                    nonsingular = false
                    return
                }
                if best != k {
                    for j in 0..<n { mpfr_swap(a + k * n + j, a + best * n + j) }
                }
                let pivot = a + k * n + k
                for i in (k + 1)..<max(n, k + 1) {
                    let factor = a + i * n + k
                    _ = mpfr_div(factor, factor, pivot, MPFR_RNDN)
                    if bf_mpfr_zero_p(factor) != 0 { continue }
                    for j in (k + 1)..<n {
                        _ = mpfr_mul(product, factor, a + k * n + j, MPFR_RNDN)
                        _ = mpfr_sub(a + i * n + j, a + i * n + j, product, MPFR_RNDN)
                    }
                }
            }
        }
        return nonsingular
    }
}
