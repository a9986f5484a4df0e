import Multiprecision

/// The squared-loss pieces shared by the diagonal models in predictor space: for
/// L(w) = ½‖Xw − y‖², the residual ρ = Xw − y, ∇_w L = Xᵀρ and the Gauss–Newton product
/// XᵀX·δw, at one working precision (X and y rounded once, to nearest).
final class LinearRegressionTerms {
    let precision: Int
    let samples: Int
    let features: Int
    private let x: BigMatrix
    private let y: BigVector
    private let workspace: KernelWorkspace

    init(x: [[Rational]], y: [Rational], precision: Int) {
        self.precision = precision
        samples = x.count
        features = x.first?.count ?? 0
        self.x = BigMatrix(rows: x, precision: precision)
        self.y = BigVector(y, precision: precision)
        workspace = KernelWorkspace(precision: precision)
    }

    /// ρ = Xw − y.
    func residual(_ w: BigVector) -> BigVector {
        var r = BigVector(count: samples, precision: precision)
        Kernels.multiply(x, w, into: &r, workspace: workspace)
        for n in 0..<samples { r[n] = r[n] - y[n] }
        return r
    }

    /// ½‖ρ‖².
    func loss(residual r: BigVector) -> BigFloat {
        var sum = BigFloat(precision: precision)
        Kernels.dot(r, r, into: &sum, workspace: workspace)
        return sum / 2
    }

    /// Xᵀv.
    func transposed(_ v: BigVector) -> BigVector {
        var g = BigVector(count: features, precision: precision)
        Kernels.multiplyTransposed(x, v, into: &g, workspace: workspace)
        return g
    }

    /// XᵀX·δw.
    func gaussNewton(_ direction: BigVector) -> BigVector {
        var r = BigVector(count: samples, precision: precision)
        Kernels.multiply(x, direction, into: &r, workspace: workspace)
        return transposed(r)
    }
}
