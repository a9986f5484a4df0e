import CMPFR

/// Ruiz's ∞-norm equilibration in powers of two of a square matrix, from the binary exponents of
/// its entries: D_r A D_c with D_r = diag(2^rowExponents), D_c = diag(2^columnExponents), so that
/// the largest entry of every column of D_r A D_c is in [1/2, 1) and every row's is near 1. The
/// approximate factorizations (`Binary64LUFactorization`, `DoubleDoubleLUFactorization`) factor
/// that matrix, so any MPFR exponent range is accepted.
struct PowerOfTwoEquilibration {
    /// Row i of D_r A is row i of A times 2^rowExponents[i].
    let rowExponents: [Int]
    /// Column j of D_r A D_c is column j of D_r A times 2^columnExponents[j].
    let columnExponents: [Int]

    /// The most passes (each halves the exponent gaps, so 64 settles any MPFR exponent range).
    static let passes = 64

    /// The scaling of the n × n matrix whose entry (i, j) is m · 2^exponents[i·n + j] with
    /// |m| in [1/2, 1) (Int.min for a zero entry); nil when a row or a column is zero.
    ///
    /// Every row and column is scaled by the square root of its largest entry, simultaneously,
    /// until all of those are within a factor 2 of 1 (the exponent gaps halve each pass).
    /// One-sided max scaling is not enough: for D₁ B D₂ with wide D₁, D₂ it leaves entries 2^1600
    /// below their row's largest. A last column pass then brings every column's largest to
    /// [1/2, 1), so that every scaled exponent is ≤ 0 and nothing overflows.
    init?(exponents: [Int], dimension n: Int) {
        var rowScale = [Int](repeating: 0, count: n)
        var columnScale = [Int](repeating: 0, count: n)
        for _ in 0..<Self.passes {
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
        rowExponents = rowScale
        columnExponents = columnScale
    }

    /// The power of two a right-hand side b is divided by, after its rows are scaled by
    /// 2^rowExponents, to keep it inside binary64's range: the largest exponent of
    /// b_i · 2^rowExponents[i] over the regular entries; nil when b is zero (or has no regular entry).
    static func sharedExponent(of b: UnsafePointer<__mpfr_struct>, rowExponents: [Int]) -> Int? {
        var largest = Int.min
        for i in rowExponents.indices where bf_mpfr_regular_p(b + i) != 0 {
            largest = max(largest, Int(bf_mpfr_get_exp(b + i)) + rowExponents[i])
        }
        return largest == Int.min ? nil : largest
    }
}
