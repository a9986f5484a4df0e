import Multiprecision

/// Eigenvalues of a small real symmetric matrix by the cyclic Jacobi method in MPFR.
///
/// Numerical contract: sweeps of plane rotations (the stable formulas of Rutishauser) until every
/// off-diagonal entry is below 2^-(p−8)·‖A‖_F; the computed eigenvalues are then those of a
/// matrix within a few ulps·n of A in norm, so each is accurate to about n·2^-p‖A‖_F absolutely
/// (Weyl). `compute` returns them in decreasing order; `decomposition` also accumulates the
/// rotations into an orthogonal matrix of eigenvectors (orthogonal to a few ulps·n; each column
/// accurate to about n·2^-p‖A‖_F divided by its eigenvalue's gap).
public enum SymmetricEigenvalues {
    public static func compute(_ matrix: [[BigFloat]], precision p: Int) -> [BigFloat] {
        decomposition(matrix, precision: p).values
    }

    /// The eigenvalues in decreasing order and the orthogonal V with A ≈ V diag(values) Vᵀ
    /// (`vectors[r][c]`: row r of V, so column c is the eigenvector of `values[c]`).
    public static func decomposition(_ matrix: [[BigFloat]], precision p: Int) -> (values: [BigFloat], vectors: [[BigFloat]]) {
        var a = matrix.map { $0.map { BigFloat($0, precision: p) } }
        let n = a.count
        var v = (0..<n).map { r in (0..<n).map { c in BigFloat(r == c ? 1 : 0, precision: p) } }
        guard n > 1 else { return (a.first.map { [$0[0]] } ?? [], v) }
        var norm = BigFloat(precision: p)
        for row in a { for value in row { norm = BigFloat.fusedMultiplyAdd(value, value, norm) } }
        let threshold = BigFloat.scaled(BigFloat.sqrt(norm), byPowerOfTwo: -(p - 8))
        for _ in 0..<100 {
            var largest = BigFloat(precision: p)
            for i in 0..<n { for j in (i + 1)..<n { largest = BigFloat.maximum(largest, a[i][j].magnitude) } }
            if largest <= threshold { break }
            for i in 0..<(n - 1) {
                for j in (i + 1)..<n where !a[i][j].isZero {
                    let theta = (a[j][j] - a[i][i]) / (2 * a[i][j])
                    let t = BigFloat(theta.signum >= 0 ? 1 : -1, precision: p) / (theta.magnitude + BigFloat.sqrt(theta * theta + 1))
                    let c = 1 / BigFloat.sqrt(t * t + 1), s = t * c
                    for k in 0..<n {
                        let aki = a[k][i], akj = a[k][j]
                        a[k][i] = c * aki - s * akj
                        a[k][j] = s * aki + c * akj
                    }
                    for k in 0..<n {
                        let aik = a[i][k], ajk = a[j][k]
                        a[i][k] = c * aik - s * ajk
                        a[j][k] = s * aik + c * ajk
                    }
                    for k in 0..<n {
                        let vki = v[k][i], vkj = v[k][j]
                        v[k][i] = c * vki - s * vkj
                        v[k][j] = s * vki + c * vkj
                    }
                }
            }
        }
        let order = (0..<n).sorted { a[$0][$0] > a[$1][$1] }
        return (order.map { a[$0][$0] }, v.map { row in order.map { row[$0] } })
    }
}
