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
    /// Whether Q and T were computed in binary64 (`init(binary64:precision:)`).
    public let isBinary64: Bool

    /// The Schur form computed in MPFR at precision p.
    public init?(_ matrix: [[BigFloat]], precision p: Int) {
        let one = BigFloat(1, precision: p)
        guard
            let (q, t, blocks) = Self.decompose(
                matrix.map { $0.map { BigFloat($0, precision: p) } }, one: one,
                mantissaBits: p)
        else { return nil }
        self.q = q
        self.t = t
        self.blocks = blocks
        isBinary64 = false
    }

    /// The Schur form of `matrix` rounded to binary64, computed in binary64 and stored exactly at
    /// precision p: Q is orthogonal and Q T Qᵀ equals the matrix to a few ulps of binary64 (about
    /// n·2^-53·‖B‖), enough for an iteration matrix whose solves only set a rate. Nil when an entry
    /// is not finite in binary64 or the sweeps do not converge.
    public init?(binary64 matrix: [[BigFloat]], precision p: Int) {
        let values = matrix.map { $0.map(\.doubleValue) }
        guard values.allSatisfy({ $0.allSatisfy(\.isFinite) }),
            let (q, t, blocks) = Self.decompose(values, one: 1.0, mantissaBits: Double.significandBitCount + 1)
        else { return nil }
        self.q = q.map { $0.map { BigFloat(exactly: $0, precision: p) } }
        self.t = t.map { $0.map { BigFloat(exactly: $0, precision: p) } }
        self.blocks = blocks
        isBinary64 = true
    }

    /// The algorithm of the type's contract in the arithmetic of `Scalar` (`one` carries its
    /// precision), with the negligibility threshold 2^−(mantissaBits−4).
    private static func decompose<Scalar: SchurScalar>(_ matrix: [[Scalar]], one: Scalar, mantissaBits p: Int)
        -> (q: [[Scalar]], t: [[Scalar]], blocks: [(start: Int, size: Int)])?
    {
        let n = matrix.count
        var h = matrix
        let zero = one - one
        var q = (0..<n).map { i in (0..<n).map { i == $0 ? one : zero } }

        // A Householder reflection P = I − 2vvᵀ/(vᵀv) with P x = ∓‖x‖e₁, applied as P·rows and
        // cols·P on the index range `indices`.
        func reflector(_ x: [Scalar]) -> [Scalar]? {
            var norm = zero
            for value in x { norm = Scalar.fusedMultiplyAdd(value, value, norm) }
            guard !norm.isZero else { return nil }
            var v = x
            let length = Scalar.squareRoot(norm)
            v[0] = x[0].isNegative ? x[0] - length : x[0] + length
            return v
        }
        func applyLeft(_ v: [Scalar], rows: [Int], columns: Range<Int>) {
            var vv = zero
            for value in v { vv = Scalar.fusedMultiplyAdd(value, value, vv) }
            let scale = (one + one) / vv
            for j in columns {
                var dot = zero
                for (k, row) in rows.enumerated() { dot = Scalar.fusedMultiplyAdd(v[k], h[row][j], dot) }
                let factor = scale * dot
                for (k, row) in rows.enumerated() { h[row][j] = h[row][j] - factor * v[k] }
            }
        }
        func applyRight(_ v: [Scalar], columns: [Int], rows: Range<Int>, to matrix: inout [[Scalar]]) {
            var vv = zero
            for value in v { vv = Scalar.fusedMultiplyAdd(value, value, vv) }
            let scale = (one + one) / vv
            for i in rows {
                var dot = zero
                for (k, column) in columns.enumerated() { dot = Scalar.fusedMultiplyAdd(matrix[i][column], v[k], dot) }
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
            let threshold = (size.isZero ? one : size).scaled(byPowerOfTwo: -(p - 4))
            return h[k][k - 1].magnitude <= threshold
        }
        var blocks = [(start: Int, size: Int)]()
        var high = n - 1
        var sweeps = 0
        while high >= 0 {
            if high == 0 {
                blocks.append((0, 1))
                break
            }
            // The start of the unreduced window ending at `high`.
            var low = high
            while low > 0 && !negligible(low) { low -= 1 }
            if low > 0 { h[low][low - 1] = zero }
            if low == high {
                blocks.append((high, 1))
                high -= 1
                sweeps = 0
                continue
            }
            if low == high - 1 {
                blocks.append((high - 1, 2))
                high -= 2
                sweeps = 0
                continue
            }
            sweeps += 1
            if sweeps > 30 * n { return nil }
            // The double shift: the eigenvalues of the trailing 2×2 block (exceptional shifts
            // every tenth sweep).
            var s = h[high - 1][high - 1] + h[high][high]
            var det = h[high - 1][high - 1] * h[high][high] - h[high - 1][high] * h[high][high - 1]
            if sweeps % 10 == 0 {
                let w = h[high][high - 1].magnitude + h[high - 1][high - 2].magnitude
                s = (one + one + one).scaled(byPowerOfTwo: -1) * w
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
                if k > low {
                    h[k + 1][k - 1] = zero
                    h[k + 2][k - 1] = zero
                }
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
        blocks.reverse()
        for block in blocks {
            for i in (block.start + block.size)..<n { for j in block.start..<(block.start + block.size) { h[i][j] = zero } }
        }
        return (q, h, blocks)
    }
}

/// The arithmetic `RealSchurDecomposition` runs in: MPFR numbers and binary64.
private protocol SchurScalar {
    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Self) -> Self
    static func / (lhs: Self, rhs: Self) -> Self
    static prefix func - (x: Self) -> Self
    static func <= (lhs: Self, rhs: Self) -> Bool
    static func fusedMultiplyAdd(_ a: Self, _ b: Self, _ c: Self) -> Self
    static func squareRoot(_ x: Self) -> Self
    var magnitude: Self { get }
    var isZero: Bool { get }
    var isNegative: Bool { get }
    func scaled(byPowerOfTwo n: Int) -> Self
}

extension BigFloat: SchurScalar {
    fileprivate static func fusedMultiplyAdd(_ a: BigFloat, _ b: BigFloat, _ c: BigFloat) -> BigFloat {
        fusedMultiplyAdd(a, b, c, precision: nil)
    }
    fileprivate static func squareRoot(_ x: BigFloat) -> BigFloat { BigFloat.sqrt(x) }
    fileprivate func scaled(byPowerOfTwo n: Int) -> BigFloat { BigFloat.scaled(self, byPowerOfTwo: n) }
}

extension Double: SchurScalar {
    fileprivate static func fusedMultiplyAdd(_ a: Double, _ b: Double, _ c: Double) -> Double { c.addingProduct(a, b) }
    fileprivate static func squareRoot(_ x: Double) -> Double { x.squareRoot() }
    fileprivate var isNegative: Bool { sign == .minus }
    fileprivate func scaled(byPowerOfTwo n: Int) -> Double { Double(sign: .plus, exponent: n, significand: self) }
}
