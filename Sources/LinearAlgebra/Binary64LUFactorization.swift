import CMPFR
import Multiprecision

/// An LU factorisation with partial pivoting in hardware binary64 of an equilibrated copy of a
/// square `BigMatrix`: an approximate inverse for iterations that correct themselves, such as the
/// simplified Newton iterations of implicit Runge–Kutta methods, where the iteration matrix only
/// sets the rate of convergence and never the limit.
///
/// The matrix is first scaled as D_r A D_c with powers of two (Ruiz's equilibration), so that the
/// largest entry of every row and column is near 1. Any MPFR exponent is therefore accepted;
/// entries more than 2^1074 below the largest of their column after scaling become 0.
///
/// Numerical contract: `solve` returns x̂ with ‖D_c⁻¹(x̂ − x)‖ ≲ κ · n · g · 2^-53 · ‖D_c⁻¹ x‖ (∞-norms),
/// κ the condition number of D_r A D_c and g the pivot growth factor. Used as the matrix of an
/// iteration, it gains about −log10(κ · n · 2^-53) digits per round, so it suits κ well below
/// 2^53; callers must watch convergence and fall back to `LUFactorization`. Factoring costs
/// (2/3) n³ binary64 operations and no MPFR arithmetic beyond the conversions.
public struct Binary64LUFactorization: Sendable {
    public let dimension: Int
    private var factors: [Double]
    private var pivots: [Int]
    /// Row i of the factored matrix is row i of A times 2^rowExponents[i].
    private let rowExponents: [Int]
    /// Column j of the factored matrix is column j of the row-scaled A times 2^columnExponents[j].
    private let columnExponents: [Int]
    /// The exponent e of the largest entry of A in magnitude (2^(e−1) ≤ |a| < 2^e): callers that
    /// know the conditioning grows with the entries use it to decide whether these factors suffice.
    public let largestExponent: Int

    /// The most passes of the equilibration (each halves the exponent gaps, so 64 settles any
    /// MPFR exponent range).
    static let equilibrationPasses = 64

    /// Factors `matrix` (square). Returns nil when an entry is NaN or infinite, when a row or a
    /// column is zero, or when a pivot of the binary64 elimination is exactly zero.
    public init?(_ matrix: BigMatrix) {
        precondition(matrix.rows == matrix.columns, "LU of a \(matrix.rows)×\(matrix.columns) matrix")
        let n = matrix.rows
        dimension = n
        // Each entry as mantissa · 2^exponent, mantissa in [1/2, 1) in magnitude (0 for zeros).
        var mantissas = [Double](repeating: 0, count: n * n)
        var exponents = [Int](repeating: Int.min, count: n * n)
        let representable: Bool = matrix.withMPFR { a in
            for index in 0..<(n * n) {
                if bf_mpfr_nan_p(a + index) != 0 || bf_mpfr_inf_p(a + index) != 0 { return false }
                if bf_mpfr_zero_p(a + index) != 0 { continue }
                var exponent = 0
                mantissas[index] = mpfr_get_d_2exp(&exponent, a + index, MPFR_RNDN)
                exponents[index] = exponent
            }
            return true
        }
        guard representable, let largest = exponents.max(), largest != Int.min else { return nil }
        largestExponent = largest
        // Ruiz's ∞-norm equilibration in powers of two: scale every row and column by the square
        // root of its largest entry, simultaneously, until all of those are within a factor 2 of
        // 1 (the exponent gaps halve each pass). One-sided max scaling is not enough: for
        // D₁ B D₂ with wide D₁, D₂ it leaves entries 2^1600 below their row's largest. A last
        // column pass then brings every column's largest to [1/2, 1), so nothing overflows.
        var rowScale = [Int](repeating: 0, count: n)
        var columnScale = [Int](repeating: 0, count: n)
        for _ in 0..<Self.equilibrationPasses {
            var rowLargest = [Int](repeating: Int.min, count: n)
            var columnLargest = [Int](repeating: Int.min, count: n)
            for i in 0..<n {
                for j in 0..<n where exponents[i * n + j] != Int.min {
                    let scaled = exponents[i * n + j] + rowScale[i] + columnScale[j]
                    rowLargest[i] = max(rowLargest[i], scaled)
                    columnLargest[j] = max(columnLargest[j], scaled)
                }
            }
            guard !rowLargest.contains(Int.min), !columnLargest.contains(Int.min) else { return nil }
            if (rowLargest + columnLargest).allSatisfy({ abs($0) <= 1 }) { break }
            for i in 0..<n { rowScale[i] -= rowLargest[i] / 2 }
            for j in 0..<n { columnScale[j] -= columnLargest[j] / 2 }
        }
        for j in 0..<n {
            var largest = Int.min
            for i in 0..<n where exponents[i * n + j] != Int.min { largest = max(largest, exponents[i * n + j] + rowScale[i]) }
            columnScale[j] = -largest
        }
        var values = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n where exponents[i * n + j] != Int.min {
                // After the final column pass every total exponent is ≤ 0.
                values[i * n + j] = Self.binary64(mantissas[i * n + j], exponent: exponents[i * n + j] + rowScale[i] + columnScale[j])
            }
        }
        rowExponents = rowScale
        columnExponents = columnScale
        pivots = Array(0..<n)
        factors = values
        guard Self.factorInPlace(&factors, pivots: &pivots, dimension: n) else { return nil }
    }

    /// Solves A x = b approximately, in place (`rhs` holds b on entry and x̂ on return, at its own
    /// precision; x̂ is exactly representable in binary64 up to the power-of-two scalings).
    public func solve(_ rhs: inout BigVector) {
        precondition(rhs.count == dimension, "right-hand side of length \(rhs.count) for dimension \(dimension)")
        let n = dimension
        var x = [Double](repeating: 0, count: n)
        rhs.withMutableMPFR { b in
            // A common power of two keeps the scaled right-hand side inside binary64's range.
            var largest = Int.min
            for i in 0..<n where bf_mpfr_regular_p(b + i) != 0 { largest = max(largest, Int(bf_mpfr_get_exp(b + i)) + rowExponents[i]) }
            guard largest != Int.min else {
                for i in 0..<n { mpfr_set_zero(b + i, 1) }
                return
            }
            for i in 0..<n where bf_mpfr_regular_p(b + i) != 0 {
                var exponent = 0
                let mantissa = mpfr_get_d_2exp(&exponent, b + i, MPFR_RNDN)
                x[i] = Self.binary64(mantissa, exponent: exponent + rowExponents[i] - largest)
            }
            Self.substitute(factors, pivots: pivots, dimension: n, &x)
            for j in 0..<n {
                _ = mpfr_set_d(b + j, x[j], MPFR_RNDN)
                _ = mpfr_mul_2si(b + j, b + j, columnExponents[j] + largest, MPFR_RNDN)
            }
        }
    }

    /// mantissa · 2^exponent for an exponent ≤ 0 (no overflow): rounded to a subnormal, or 0 below
    /// binary64's range.
    private static func binary64(_ mantissa: Double, exponent: Int) -> Double {
        exponent < -1100 ? 0 : Double(sign: .plus, exponent: exponent, significand: mantissa)
    }

    /// Row-pivoted elimination of the row-major `a`; `pivots[k]` is the row swapped with row k.
    private static func factorInPlace(_ a: inout [Double], pivots: inout [Int], dimension n: Int) -> Bool {
        a.withUnsafeMutableBufferPointer { a in
            for k in 0..<n {
                var best = k
                for i in (k + 1)..<max(n, k + 1) where abs(a[i * n + k]) > abs(a[best * n + k]) { best = i }
                pivots[k] = best
                if a[best * n + k] == 0 { return false }
                if best != k { for j in 0..<n { a.swapAt(k * n + j, best * n + j) } }
                let pivot = a[k * n + k]
                for i in (k + 1)..<max(n, k + 1) {
                    let factor = a[i * n + k] / pivot
                    a[i * n + k] = factor
                    if factor == 0 { continue }
                    for j in (k + 1)..<n { a[i * n + j] -= factor * a[k * n + j] }
                }
            }
            return true
        }
    }

    /// Forward and back substitution with the factors, in place.
    private static func substitute(_ lu: [Double], pivots: [Int], dimension n: Int, _ x: inout [Double]) {
        for i in 0..<n where pivots[i] != i { x.swapAt(i, pivots[i]) }
        for i in 0..<n {
            var sum = x[i]
            for j in 0..<i { sum -= lu[i * n + j] * x[j] }
            x[i] = sum
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            var sum = x[i]
            for j in (i + 1)..<max(n, i + 1) { sum -= lu[i * n + j] * x[j] }
            x[i] = sum / lu[i * n + i]
        }
    }
}
