import Integrators
import Multiprecision

/// The dual ODE of a diagonal network trained on the squared loss L = ½‖Xw − y‖², in physical
/// time (MATH.md §3.2, §7.1): with η(t) = ∫₀ᵗ (y − Xw) and G = Xᵀη,
///
///     dη/dt = y − X w(G),   w = α^D h_D(κ_D G)   (D = 2: w = 2α² sinh(4G)),   η(0) = 0,
///
/// at one working precision. w comes from `DiagonalClosedForm` without cancellation, so the state
/// η stays O(t) while w spans the whole exponent range (α = 1e-1000 gives w_i from 1e-2000 to O(1)).
/// Jacobian: ∂f/∂η = −X diag(H) Xᵀ with H_i = dw_i/dG_i. Error norm: the larger of the induced
/// absolute change of w, max_i |H_i (XᵀΔη)_i|, and the change of η relative to max(1, ‖η‖∞).
final class DiagonalRegressionTimeField: StiffSystem {
    let precision: Int
    let closedForm: DiagonalClosedForm
    let samples: Int
    let features: Int
    private let matrix: BigMatrix
    private let targets: BigVector
    private let workspace: KernelWorkspace
    /// 2α² for the unbiased depth-2 network (w = 2α² sinh(4G): one sinh per coordinate in the
    /// derivative, which needs no metric); nil otherwise.
    private let sinhScale: BigFloat?

    init(x: [[Rational]], y: [Rational], network: DiagonalNetwork, precision: Int) throws(FlowError) {
        guard let first = x.first, !first.isEmpty, x.allSatisfy({ $0.count == first.count }) else {
            throw .invalidInitialization("the regression data are empty or ragged")
        }
        guard y.count == x.count else { throw .invalidInitialization("\(x.count) rows but \(y.count) targets") }
        guard network.dimension == first.count else {
            throw .invalidInitialization("the network has \(network.dimension) coordinates, the data \(first.count) features")
        }
        self.precision = precision
        closedForm = network.closedForm(precision: precision)
        samples = x.count
        features = first.count
        do { matrix = try BigMatrix(x, precision: precision) } catch { throw .invalidInitialization("\(error)") }
        targets = BigVector(y, precision: precision)
        workspace = KernelWorkspace(precision: precision)
        if network.depth == 2 && network.isUnbiased, let alpha = network.initialPlus.first {
            sinhScale = 2 * (BigFloat(alpha, precision: precision) * BigFloat(alpha, precision: precision))
        } else {
            sinhScale = nil
        }
    }

    var dimension: Int { samples }

    /// w and H at the state η, or nil outside the model's domain (D > 2 blow-up).
    func predictor(_ eta: BigVector) -> (w: BigVector, metric: [BigFloat])? {
        var dual = BigVector(count: features, precision: precision)
        Kernels.multiplyTransposed(matrix, eta, into: &dual, workspace: workspace)
        var w = BigVector(count: features, precision: precision)
        var metric: [BigFloat] = []
        metric.reserveCapacity(features)
        for i in 0..<features {
            guard let value = closedForm.coordinate(i, at: dual[i]) else { return nil }
            w[i] = value.w
            metric.append(value.metric)
        }
        return (w, metric)
    }

    /// y − Xw.
    func residual(_ w: BigVector) -> BigVector {
        var fitted = BigVector(count: samples, precision: precision)
        Kernels.multiply(matrix, w, into: &fitted, workspace: workspace)
        var r = BigVector(count: samples, precision: precision)
        for n in 0..<samples { r[n] = targets[n] - fitted[n] }
        return r
    }

    func derivative(at x: BigFloat, _ y: BigVector) -> BigVector? {
        if let sinhScale {
            var dual = BigVector(count: features, precision: precision)
            Kernels.multiplyTransposed(matrix, y, into: &dual, workspace: workspace)
            var w = BigVector(count: features, precision: precision)
            for i in 0..<features { w[i] = sinhScale * BigFloat.sinh(4 * dual[i]) }
            return residual(w)
        }
        guard let (w, _) = predictor(y) else { return nil }
        return residual(w)
    }

    func jacobian(at x: BigFloat, _ y: BigVector) -> BigMatrix? {
        guard let (_, metric) = predictor(y) else { return nil }
        var jacobian = BigMatrix(rows: samples, columns: samples, precision: precision)
        for a in 0..<samples {
            for b in a..<samples {
                var sum = BigFloat(precision: precision)
                for i in 0..<features { sum += matrix[a, i] * metric[i] * matrix[b, i] }
                jacobian[a, b] = -sum
                jacobian[b, a] = -sum
            }
        }
        return jacobian
    }

    func jacobianGrowth(from x: BigFloat, to other: BigFloat) -> BigFloat { BigFloat(1, precision: precision) }

    func errorNorm(at y: BigVector) -> ((BigVector) -> Double)? {
        guard let (_, metric) = predictor(y) else { return nil }
        var scale = BigFloat(1, precision: precision)
        for n in 0..<samples { scale = BigFloat.maximum(scale, y[n].magnitude) }
        let etaWeight = 1 / scale
        let matrix = self.matrix, workspace = self.workspace, p = precision, d = features, n = samples
        return { difference in
            var change = BigVector(count: d, precision: p)
            Kernels.multiplyTransposed(matrix, difference, into: &change, workspace: workspace)
            var worst = BigFloat(precision: p)
            for i in 0..<d { worst = BigFloat.maximum(worst, (metric[i] * change[i]).magnitude) }
            for k in 0..<n { worst = BigFloat.maximum(worst, (etaWeight * difference[k]).magnitude) }
            if worst.isNaN { return .infinity }
            return worst.log10Magnitude ?? -Double.infinity
        }
    }
}
