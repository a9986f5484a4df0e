import CMPFR
import Multiprecision

/// An LU factorisation with partial pivoting in double-double arithmetic (`DoubleDouble`, about
/// 106 bits) of an equilibrated copy of a square `BigMatrix`: the approximate inverse of
/// `Binary64LUFactorization` for matrices too ill-conditioned for binary64, at a small fraction of
/// the cost of `LUFactorization` in MPFR.
///
/// The matrix is scaled as D_r A D_c with powers of two (`PowerOfTwoEquilibration`), so any MPFR
/// exponent is accepted; each scaled entry is rounded to the nearest double-double (entries more
/// than 2^1022 below the largest of their column lose bits to underflow).
///
/// Numerical contract: `solve` returns x̂ with ‖D_c⁻¹(x̂ − x)‖ ≲ κ · n · g · 2^-104 · ‖D_c⁻¹ x‖
/// (∞-norms), κ the condition number of D_r A D_c and g the pivot growth factor, and never better
/// than the working precision of the right-hand side. As the matrix of a self-correcting
/// iteration it suits κ up to about 2^90; callers watch convergence and fall back to
/// `LUFactorization`. Factoring costs (2/3) n³ double-double operations (about 20 binary64
/// operations each) and 2n² MPFR conversions.
public struct DoubleDoubleLUFactorization: Sendable {
    public let dimension: Int
    private var high: [Double]
    private var low: [Double]
    private var pivots: [Int]
    private let rowExponents: [Int]
    private let columnExponents: [Int]
    /// The exponent e of the largest entry of A in magnitude (2^(e−1) ≤ |a| < 2^e).
    public let largestExponent: Int

    /// Factors `matrix` (square). Returns nil when an entry is NaN or infinite, when a row or a
    /// column is zero, or when a pivot of the elimination is exactly zero.
    public init?(_ matrix: BigMatrix) {
        precondition(matrix.rows == matrix.columns, "LU of a \(matrix.rows)×\(matrix.columns) matrix")
        let n = matrix.rows
        dimension = n
        var exponents = [Int](repeating: Int.min, count: n * n)
        let representable: Bool = matrix.withMPFR { a in
            for index in 0..<(n * n) {
                if bf_mpfr_nan_p(a + index) != 0 || bf_mpfr_inf_p(a + index) != 0 { return false }
                if bf_mpfr_zero_p(a + index) == 0 { exponents[index] = Int(bf_mpfr_get_exp(a + index)) }
            }
            return true
        }
        guard representable, let largest = exponents.max(), largest != Int.min,
            let equilibration = PowerOfTwoEquilibration(exponents: exponents, dimension: n)
        else { return nil }
        largestExponent = largest
        let rows = equilibration.rowExponents, columns = equilibration.columnExponents
        rowExponents = rows
        columnExponents = columns
        var highParts = [Double](repeating: 0, count: n * n)
        var lowParts = [Double](repeating: 0, count: n * n)
        DoubleDouble.withScratch(precision: matrix.precision) { scratch in
            matrix.withMPFR { a in
                for i in 0..<n {
                    for j in 0..<n where exponents[i * n + j] != Int.min {
                        let entry = DoubleDouble.rounding(a + i * n + j, timesPowerOfTwo: rows[i] + columns[j], scratch: scratch)
                        highParts[i * n + j] = entry.hi
                        lowParts[i * n + j] = entry.lo
                    }
                }
            }
        }
        var order = Array(0..<n)
        guard Self.factorInPlace(&highParts, &lowParts, pivots: &order, dimension: n) else { return nil }
        high = highParts
        low = lowParts
        pivots = order
    }

    /// Solves A x = b approximately, in place (`rhs` holds b on entry and x̂ on return, rounded to
    /// its own precision).
    public func solve(_ rhs: inout BigVector) {
        precondition(rhs.count == dimension, "right-hand side of length \(rhs.count) for dimension \(dimension)")
        let n = dimension
        var x = [DoubleDouble](repeating: DoubleDouble(0), count: n)
        let precision = rhs.precision
        rhs.withMutableMPFR { b in
            // A common power of two keeps the scaled right-hand side inside binary64's range.
            guard let largest = PowerOfTwoEquilibration.sharedExponent(of: b, rowExponents: rowExponents) else {
                for i in 0..<n { mpfr_set_zero(b + i, 1) }
                return
            }
            DoubleDouble.withScratch(precision: precision) { scratch in
                for i in 0..<n where bf_mpfr_regular_p(b + i) != 0 {
                    x[i] = DoubleDouble.rounding(b + i, timesPowerOfTwo: rowExponents[i] - largest, scratch: scratch)
                }
            }
            for i in 0..<n where pivots[i] != i { x.swapAt(i, pivots[i]) }
            for i in 0..<n {
                var sum = x[i]
                for j in 0..<i where high[i * n + j] != 0 { sum = sum - DoubleDouble(high[i * n + j], low[i * n + j]) * x[j] }
                x[i] = sum
            }
            for i in stride(from: n - 1, through: 0, by: -1) {
                var sum = x[i]
                for j in (i + 1)..<max(n, i + 1) where high[i * n + j] != 0 {
                    sum = sum - DoubleDouble(high[i * n + j], low[i * n + j]) * x[j]
                }
                x[i] = sum / DoubleDouble(high[i * n + i], low[i * n + i])
            }
            for j in 0..<n {
                _ = mpfr_set_d(b + j, x[j].hi, MPFR_RNDN)
                _ = mpfr_add_d(b + j, b + j, x[j].lo, MPFR_RNDN)
                _ = mpfr_mul_2si(b + j, b + j, columnExponents[j] + largest, MPFR_RNDN)
            }
        }
    }

    /// Row-pivoted unblocked elimination of the row-major double-double matrix (high, low);
    /// `pivots[k]` is the row swapped with row k. False at an exactly zero pivot.
    private static func factorInPlace(_ high: inout [Double], _ low: inout [Double], pivots: inout [Int], dimension n: Int) -> Bool {
        high.withUnsafeMutableBufferPointer { hiBuffer in
            low.withUnsafeMutableBufferPointer { loBuffer in
                guard let hi = hiBuffer.baseAddress, let lo = loBuffer.baseAddress else { return true }
                for k in 0..<n {
                    var best = k
                    var largest = abs(hi[k * n + k])
                    for i in (k + 1)..<max(n, k + 1) where abs(hi[i * n + k]) > largest {
                        best = i
                        largest = abs(hi[i * n + k])
                    }
                    pivots[k] = best
                    if largest == 0 { return false }
                    if best != k {
                        for j in 0..<n {
                            swap(&hi[k * n + j], &hi[best * n + j])
                            swap(&lo[k * n + j], &lo[best * n + j])
                        }
                    }
                    let pivot = DoubleDouble(hi[k * n + k], lo[k * n + k])
                    for i in (k + 1)..<max(n, k + 1) where hi[i * n + k] != 0 {
                        let factor = DoubleDouble(hi[i * n + k], lo[i * n + k]) / pivot
                        hi[i * n + k] = factor.hi
                        lo[i * n + k] = factor.lo
                        for j in (k + 1)..<n where hi[k * n + j] != 0 {
                            let updated = DoubleDouble(hi[i * n + j], lo[i * n + j]) - factor * DoubleDouble(hi[k * n + j], lo[k * n + j])
                            hi[i * n + j] = updated.hi
                            lo[i * n + j] = updated.lo
                        }
                    }
                }
                return true
            }
        }
    }
}
