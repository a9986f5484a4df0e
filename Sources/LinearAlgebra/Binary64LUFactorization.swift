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

    /// Factors `matrix` (square), the trailing updates on up to `threads` threads (the factors do
    /// not depend on the thread count). Returns nil when an entry is NaN or infinite, when a row or
    /// a column is zero, or when a pivot of the binary64 elimination is exactly zero.
    public init?(_ matrix: BigMatrix, threads: Int = 1) {
        precondition(matrix.rows == matrix.columns, "LU of a \(matrix.rows)×\(matrix.columns) matrix")
        let n = matrix.rows
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
        guard representable else { return nil }
        self.init(dimension: n, mantissas: mantissas, exponents: exponents, threads: threads)
    }

    /// Factors a matrix given in binary64 with a shared power of two (square), as `init(_:threads:)`
    /// does the same matrix in MPFR.
    public init?(_ matrix: ScaledBinary64Matrix, threads: Int = 1) {
        precondition(matrix.rows == matrix.columns, "LU of a \(matrix.rows)×\(matrix.columns) matrix")
        let n = matrix.rows
        var mantissas = [Double](repeating: 0, count: n * n)
        var exponents = [Int](repeating: Int.min, count: n * n)
        for index in 0..<(n * n) {
            let value = matrix.values[index]
            guard value.isFinite else { return nil }
            if value == 0 { continue }
            // frexp's convention, MPFR's: value = m · 2^e with |m| in [1/2, 1).
            mantissas[index] = value.significand / 2 * (value.sign == .minus ? -1 : 1)
            exponents[index] = Int(value.exponent) + 1 + matrix.exponent
        }
        self.init(dimension: n, mantissas: mantissas, exponents: exponents, threads: threads)
    }

    /// The factorization of the matrix with entries mantissas[k] · 2^exponents[k] (row-major;
    /// exponent Int.min for a zero entry).
    private init?(dimension n: Int, mantissas: consuming [Double], exponents: [Int], threads: Int) {
        dimension = n
        guard let largest = exponents.max(), largest != Int.min else { return nil }
        largestExponent = largest
        guard let equilibration = PowerOfTwoEquilibration(exponents: exponents, dimension: n) else { return nil }
        let rowScale = equilibration.rowExponents, columnScale = equilibration.columnExponents
        // The scaled entries in place of the mantissas (zeros stay 0).
        for i in 0..<n {
            for j in 0..<n where exponents[i * n + j] != Int.min {
                // After the final column pass every total exponent is ≤ 0.
                mantissas[i * n + j] = Self.binary64(mantissas[i * n + j], exponent: exponents[i * n + j] + rowScale[i] + columnScale[j])
            }
        }
        rowExponents = rowScale
        columnExponents = columnScale
        pivots = Array(0..<n)
        factors = consume mantissas
        guard Self.factorInPlace(&factors, pivots: &pivots, dimension: n, threads: threads) else { return nil }
    }

    /// Solves A x = b approximately, in place (`rhs` holds b on entry and x̂ on return, at its own
    /// precision; x̂ is exactly representable in binary64 up to the power-of-two scalings).
    public func solve(_ rhs: inout BigVector) {
        precondition(rhs.count == dimension, "right-hand side of length \(rhs.count) for dimension \(dimension)")
        let n = dimension
        var x = [Double](repeating: 0, count: n)
        rhs.withMutableMPFR { b in
            // A common power of two keeps the scaled right-hand side inside binary64's range.
            guard let largest = PowerOfTwoEquilibration.sharedExponent(of: b, rowExponents: rowExponents) else {
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
    static func binary64(_ mantissa: Double, exponent: Int) -> Double {
        exponent < -1100 ? 0 : Double(sign: .plus, exponent: exponent, significand: mantissa)
    }

    /// Columns per panel of the blocked elimination.
    static let panelWidth = 64
    /// Columns of the trailing matrix updated per pass of a panel (the packed tile of U, panelWidth ×
    /// tileWidth entries, stays in cache while every row below the panel takes its update).
    static let tileWidth = 256

    /// Row-pivoted elimination of the row-major `a`; `pivots[k]` is the row swapped with row k.
    ///
    /// Blocked (right-looking, panels of `panelWidth` columns): a panel is eliminated with partial
    /// pivoting, whole rows swapped; its rows of U follow by forward substitution, and the trailing
    /// matrix takes the rank-`panelWidth` update L₂₁U₁₂ tile by tile. Every entry receives the
    /// updates of the unblocked elimination, one multiplier at a time and in the same order, so the
    /// factors are those of the unblocked algorithm (up to the sign of zeros): the blocking only
    /// changes the memory traffic, which dominates the unblocked form once the matrix leaves the
    /// cache (n ≳ 500).
    private static func factorInPlace(_ a: inout [Double], pivots: inout [Int], dimension n: Int, threads: Int) -> Bool {
        var packed = [Double](repeating: 0, count: min(panelWidth, n) * min(tileWidth, max(0, n - panelWidth)))
        return a.withUnsafeMutableBufferPointer { buffer in
            packed.withUnsafeMutableBufferPointer { packed in
                guard let a = buffer.baseAddress else { return true }
                // One panel: no trailing update, so nothing packed.
                guard let tile = packed.baseAddress else {
                    return eliminatePanel(a, pivots: &pivots, dimension: n, columns: 0..<n)
                }
                var k0 = 0
                while k0 < n {
                    let k1 = min(n, k0 + panelWidth)
                    guard eliminatePanel(a, pivots: &pivots, dimension: n, columns: k0..<k1) else { return false }
                    guard k1 < n else { break }
                    // U₁₂: the panel's rows right of it, by forward substitution with the unit L₁₁.
                    for r in (k0 + 1)..<k1 {
                        let row = a + r * n
                        for q in k0..<r where row[q] != 0 {
                            let l = row[q], upper = a + q * n
                            for j in k1..<n { row[j] -= l * upper[j] }
                        }
                    }
                    // A₂₂ −= L₂₁ U₁₂, tile by tile of columns, four rows at a time.
                    var j0 = k1
                    while j0 < n {
                        let j1 = min(n, j0 + tileWidth)
                        let width = j1 - j0
                        for q in k0..<k1 {
                            let source = a + q * n + j0, target = tile + (q - k0) * width
                            for j in 0..<width { target[j] = source[j] }
                        }
                        // Row blocks on the threads: each row's arithmetic is the same whichever
                        // thread takes it.
                        let blocks = min(threads, (n - k1) / Self.rowsPerThread)
                        if blocks <= 1 {
                            updateRows(a, dimension: n, rows: k1..<n, panel: k0..<k1, columns: j0..<j1, tile: tile)
                        } else {
                            let rows = SharedPointers(a: a, tile: tile)
                            _ = DataParallel.map(count: blocks, threads: blocks) { block in
                                let start = k1 + (n - k1) * block / blocks, end = k1 + (n - k1) * (block + 1) / blocks
                                updateRows(rows.a, dimension: n, rows: start..<end, panel: k0..<k1, columns: j0..<j1, tile: rows.tile)
                            }
                        }
                        j0 = j1
                    }
                    k0 = k1
                }
                return true
            }
        }
    }

    /// Trailing rows per thread below which the update stays on one thread.
    static let rowsPerThread = 64

    /// The factors and the packed tile, shared by the threads of one update: each writes only its
    /// own rows of `a`, and `tile` is read only.
    private struct SharedPointers: @unchecked Sendable {
        let a: UnsafeMutablePointer<Double>
        let tile: UnsafeMutablePointer<Double>
    }

    /// Unblocked elimination of the panel `columns` (rows from its first column down), the pivot
    /// rows swapped whole; false at an exactly zero pivot.
    private static func eliminatePanel(
        _ a: UnsafeMutablePointer<Double>, pivots: inout [Int], dimension n: Int, columns: Range<Int>
    ) -> Bool {
        for k in columns {
            var best = k
            var largest = abs(a[k * n + k])
            for i in (k + 1)..<max(n, k + 1) where abs(a[i * n + k]) > largest {
                best = i
                largest = abs(a[i * n + k])
            }
            pivots[k] = best
            if largest == 0 { return false }
            if best != k {
                let first = a + k * n, second = a + best * n
                for j in 0..<n { swap(&first[j], &second[j]) }
            }
            let pivotRow = a + k * n
            let pivot = pivotRow[k]
            for i in (k + 1)..<max(n, k + 1) {
                let row = a + i * n
                let factor = row[k] / pivot
                row[k] = factor
                if factor == 0 { continue }
                for j in (k + 1)..<columns.upperBound { row[j] -= factor * pivotRow[j] }
            }
        }
        return true
    }

    /// a[i, j] −= Σ_q a[i, q] · U[q, j] over the panel's columns q (in order, one at a time), for
    /// the given rows and columns; U's rows restricted to `columns` are packed in `tile`.
    private static func updateRows(
        _ a: UnsafeMutablePointer<Double>, dimension n: Int, rows: Range<Int>, panel: Range<Int>, columns: Range<Int>,
        tile: UnsafeMutablePointer<Double>
    ) {
        let width = columns.count
        var i = rows.lowerBound
        while i + 4 <= rows.upperBound {
            let r0 = a + i * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n
            for q in panel {
                let l0 = r0[q], l1 = r1[q], l2 = r2[q], l3 = r3[q]
                let u = tile + (q - panel.lowerBound) * width
                let t0 = r0 + columns.lowerBound, t1 = r1 + columns.lowerBound
                let t2 = r2 + columns.lowerBound, t3 = r3 + columns.lowerBound
                for j in 0..<width {
                    let v = u[j]
                    t0[j] -= l0 * v
                    t1[j] -= l1 * v
                    t2[j] -= l2 * v
                    t3[j] -= l3 * v
                }
            }
            i += 4
        }
        while i < rows.upperBound {
            let row = a + i * n, target = row + columns.lowerBound
            for q in panel {
                let l = row[q], u = tile + (q - panel.lowerBound) * width
                for j in 0..<width { target[j] -= l * u[j] }
            }
            i += 1
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
