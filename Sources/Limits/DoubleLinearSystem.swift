/// Gaussian elimination with partial pivoting in `Double`, for floating warm starts only (a
/// floating answer only proposes a support set; it is never part of an exact result).
enum DoubleLinearSystem {
    /// x with A x = b, or nil when a pivot is below 1e−13 (numerically singular).
    static func solve(_ matrix: [[Double]], _ rhs: [Double]) -> [Double]? {
        let n = rhs.count
        var a = matrix
        var b = rhs
        for k in 0..<n {
            var best = k
            for i in (k + 1)..<max(n, k + 1) where abs(a[i][k]) > abs(a[best][k]) { best = i }
            if abs(a[best][k]) < 1e-13 { return nil }
            a.swapAt(k, best)
            b.swapAt(k, best)
            for i in (k + 1)..<max(n, k + 1) {
                let f = a[i][k] / a[k][k]
                if f == 0 { continue }
                for j in k..<n { a[i][j] -= f * a[k][j] }
                b[i] -= f * b[k]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var v = b[i]
            for j in (i + 1)..<max(n, i + 1) { v -= a[i][j] * x[j] }
            x[i] = v / a[i][i]
        }
        return x
    }
}
