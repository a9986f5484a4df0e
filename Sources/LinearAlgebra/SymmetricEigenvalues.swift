import Multiprecision

/// Eigenvalues of a small real symmetric matrix by the cyclic Jacobi method in MPFR.
///
/// Numerical contract: sweeps of plane rotations (the stable formulas of Rutishauser) until every
/// off-diagonal entry is below 2^-(p−8)·‖A‖_F; the computed eigenvalues are then those of a
/// matrix within a few ulps·n of A in norm, so each is accurate to about n·2^-p‖A‖_F absolutely
/// (Weyl). Returns them in decreasing order.
public enum SymmetricEigenvalues {
    public static func compute(_ matrix: [[BigFloat]], precision p: Int) -> [BigFloat] {
        var a = matrix.map { $0.map { BigFloat($0, precision: p) } }
        let n = a.count
        guard n > 1 else { return a.first.map { [$0[0]] } ?? [] }
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
                }
            }
        }
        return (0..<n).map { a[$0][$0] }.sorted { $0 > $1 }
    }
}
