import Multiprecision

/// The real Schur form B = Q T Qᵀ of a small real square matrix in MPFR: Q orthogonal, T upper
/// quasi-triangular (1×1 and 2×2 diagonal blocks).
///
/// Algorithm: Householder reduction to Hessenberg form, then Francis double-shift QR sweeps on the
/// active window (Golub & Van Loan, Algorithms 7.4.2 and 7.5.1), every reflection applied to the
/// whole of T and accumulated into Q. A subdiagonal entry is set to zero when it is below
/// 2^−(p−4)·(|t_{k−1,k−1}| + |t_kk|); the window shrinks by one at a 1×1 block and by two at a
/// trailing 2×2 block (which is kept whole whether its eigenvalues are real or complex: the users
/// only need the block structure). Accuracy: Q T Qᵀ equals B to a few ulps·n·‖B‖ (backward stable,
/// orthogonal transformations only). Returns nil when a window takes more than 30·n sweeps.
public struct RealSchurDecomposition {
    /// Q, row-major n × n.
    public let q: [[BigFloat]]
    /// T, row-major n × n; entries below the block diagonal are exactly zero.
    public let t: [[BigFloat]]
    /// The diagonal blocks of T in order: their first index and size (1 or 2).
    public let blocks: [(start: Int, size: Int)]

    public init?(_ matrix: [[BigFloat]], precision p: Int) {
        let n = matrix.count
        var h = matrix.map { $0.map { BigFloat($0, precision: p) } }
        var q = (0..<n).map { i in (0..<n).map { BigFloat(i == $0 ? 1 : 0, precision: p) } }
        let zero = BigFloat(precision: p)

        // A Householder reflection P = I − 2vvᵀ/(vᵀv) with P x = ∓‖x‖e₁, applied as P·rows and
        // cols·P on the index range `indices`.
        func reflector(_ x: [BigFloat]) -> [BigFloat]? {
            var norm = zero
            for value in x { norm = BigFloat.fusedMultiplyAdd(value, value, norm) }
            guard !norm.isZero else { return nil }
            var v = x
            let length = BigFloat.sqrt(norm)
            v[0] = x[0].isNegative ? x[0] - length : x[0] + length
            return v
        }
        func applyLeft(_ v: [BigFloat], rows: [Int], columns: Range<Int>) {
            var vv = zero
            for value in v { vv = BigFloat.fusedMultiplyAdd(value, value, vv) }
            let scale = 2 / vv
            for j in columns {
                var dot = zero
                for (k, row) in rows.enumerated() { dot = BigFloat.fusedMultiplyAdd(v[k], h[row][j], dot) }
                let factor = scale * dot
                for (k, row) in rows.enumerated() { h[row][j] = h[row][j] - factor * v[k] }
            }
        }
        func applyRight(_ v: [BigFloat], columns: [Int], rows: Range<Int>, to matrix: inout [[BigFloat]]) {
            var vv = zero
            for value in v { vv = BigFloat.fusedMultiplyAdd(value, value, vv) }
            let scale = 2 / vv
            for i in rows {
                var dot = zero
                for (k, column) in columns.enumerated() { dot = BigFloat.fusedMultiplyAdd(matrix[i][column], v[k], dot) }
                let factor = scale * dot
                for (k, column) in columns.enumerated() { matrix[i][column] = matrix[i][column] - factor * v[k] }
            }
        }

        // Hessenberg reduction.
        if n > 2 {
            for k in 0..<(n - 2) {
                let rows = Array((k + 1)..<n)
                guard let v = reflector(rows.map { h[$0][k] }) else { continue }
                applyLeft(v, rows: rows, columns: k..<n)
                applyRight(v, columns: rows, rows: 0..<n, to: &h)
                applyRight(v, columns: rows, rows: 0..<n, to: &q)
                for i in (k + 2)..<n { h[i][k] = zero }
            }
        }

        // Francis double-shift sweeps on the window low...high.
        func negligible(_ k: Int) -> Bool {
            let size = h[k - 1][k - 1].magnitude + h[k][k].magnitude
            let threshold = BigFloat.scaled(size.isZero ? BigFloat(1, precision: p) : size, byPowerOfTwo: -(p - 4))
            return h[k][k - 1].magnitude <= threshold
        }
        var blocks = [(start: Int, size: Int)]()
        var high = n - 1
        var sweeps = 0
        while high >= 0 {
            if high == 0 { blocks.append((0, 1)); break }
            // The start of the unreduced window ending at `high`.
            var low = high
            while low > 0 && !negligible(low) { low -= 1 }
            if low > 0 { h[low][low - 1] = zero }
            if low == high {
                blocks.append((high, 1)); high -= 1; sweeps = 0; continue
            }
            if low == high - 1 {
                blocks.append((high - 1, 2)); high -= 2; sweeps = 0; continue
            }
            sweeps += 1
            if sweeps > 30 * n { return nil }
            // The double shift: the eigenvalues of the trailing 2×2 block (exceptional shifts
            // every tenth sweep).
            var s = h[high - 1][high - 1] + h[high][high]
            var det = h[high - 1][high - 1] * h[high][high] - h[high - 1][high] * h[high][high - 1]
            if sweeps % 10 == 0 {
                let w = h[high][high - 1].magnitude + h[high - 1][high - 2].magnitude
                s = BigFloat(exactly: 1.5, precision: p) * w
                det = w * w
            }
            var x = h[low][low] * h[low][low] + h[low][low + 1] * h[low + 1][low] - s * h[low][low] + det
            var y = h[low + 1][low] * (h[low][low] + h[low + 1][low + 1] - s)
            var z = h[low + 1][low] * h[low + 2][low + 1]
            for k in low..<(high - 1) {
                let rows = [k, k + 1, k + 2]
                if let v = reflector([x, y, z]) {
                    applyLeft(v, rows: rows, columns: max(low, k - 1)..<n)
                    applyRight(v, columns: rows, rows: 0..<min(k + 4, high + 1), to: &h)
                    applyRight(v, columns: rows, rows: 0..<n, to: &q)
                }
                if k > low { h[k + 1][k - 1] = zero; h[k + 2][k - 1] = zero }
                x = h[k + 1][k]
                y = h[k + 2][k]
                if k < high - 2 { z = h[k + 3][k] }
            }
            // The last 2×2 reflection.
            let rows = [high - 1, high]
            if let v = reflector([x, y]) {
                applyLeft(v, rows: rows, columns: (high - 2)..<n)
                applyRight(v, columns: rows, rows: 0..<(high + 1), to: &h)
                applyRight(v, columns: rows, rows: 0..<n, to: &q)
            }
            h[high][high - 2] = zero
        }
        // Clean below the block diagonal.
        self.blocks = blocks.reversed()
        for block in self.blocks {
            for i in (block.start + block.size)..<n { for j in block.start..<(block.start + block.size) { h[i][j] = zero } }
        }
        self.q = q
        self.t = h
    }
}
