import Foundation
import Multiprecision

/// The dual ODE of a diagonal network in the loss clock τ = −ln L (MATH.md (1.2), (1.4)), with
/// the time variable T = t·e^{−τ} appended, at one working precision.
///
/// State y = (ν₁ … ν_N, T). With G = Zᵀν, w = w(G) from the closed form, normalised sample
/// weights r̂ (softmax of the log-losses' derivatives; the normalised residual for the squared
/// loss), c = e^{M−τ} (1 for the exponential loss), g = Zᵀr̂ and S = Σ_i H_i g_i²:
///
///     dν/dτ = c r̂ / S,        dT/dτ = c² / S − T,        log t = τ + log T.
///
/// Nothing is formed that could underflow or overflow: weights are log-sum-exp normalised. The
/// Jacobian is analytic (the classification losses ignore ∂c/∂ν, which is O(e^{−γ}) for the
/// logistic loss and exactly 0 for the exponential one); it only steers Newton's method.
/// Thread-safe: every method may run on several threads at once.
final class DualFlowField: @unchecked Sendable {
    let precision: Int
    let loss: Loss
    let closedForm: DiagonalClosedForm
    let samples: Int
    let features: Int
    /// The data matrix's precision-independent forms, shared by the fields of one run.
    let dataMatrix: DualDataMatrix
    /// How the products with the data matrix are formed.
    private enum Products {
        /// Exact and rounded once.
        case exact(ExactDataMatrix)
        /// The MPFR kernels on the matrix rounded to the field's precision (data whose decimals do
        /// not fit `ExactDataMatrix`).
        case rounded(BigMatrix)
    }
    private let products: Products
    private let targets: BigVector?
    /// Fresh scratch for each kernel call, so that evaluations may run on several threads at once
    /// (the field is otherwise immutable); three MPFR numbers, negligible next to a kernel.
    private var workspace: KernelWorkspace { KernelWorkspace(precision: precision) }

    /// The field at `precision`; `dataMatrix`, when given, is the one of an earlier field of the
    /// same data (made from `data` otherwise).
    init(data: FlowData, network: DiagonalNetwork, loss: Loss, precision: Int, dataMatrix: DualDataMatrix? = nil) throws(FlowError) {
        guard loss.isClassification == { if case .classification = data { return true } else { return false } }() else {
            throw .incompatibleLoss(
                loss.isClassification
                    ? "the \(loss.rawValue) loss needs classification data (labels ±1)"
                    : "the squared loss needs regression data")
        }
        guard network.dimension == data.featureCount else {
            throw .invalidInitialization("the network has \(network.dimension) coordinates, the data \(data.featureCount) features")
        }
        self.precision = precision
        self.loss = loss
        closedForm = network.closedForm(precision: precision)
        samples = data.sampleCount
        features = data.featureCount
        let shared: DualDataMatrix
        if let dataMatrix { shared = dataMatrix } else { shared = try DualDataMatrix(data.matrix) }
        self.dataMatrix = shared
        if let exact = shared.exact {
            products = .exact(exact)
        } else {
            do {
                products = .rounded(try BigMatrix(shared.rationals, precision: precision))
            } catch {
                throw .invalidInitialization("\(error)")
            }
        }
        if case let .regression(_, y) = data { targets = BigVector(y, precision: precision) } else { targets = nil }
    }

    var dimension: Int { samples + 1 }

    /// Everything one evaluation computes; checkpoints read their figures from it.
    struct Evaluation {
        /// dy/dτ (N + 1 entries).
        var derivative: BigVector
        /// τ recomputed from the state, −ln L(ν).
        var tau: BigFloat
        /// G = Zᵀν, w, H, H′ (d entries each).
        var dual: BigVector
        var w: BigVector
        var metric: [BigFloat]
        var metricDerivative: [BigFloat]
        /// Margins m = Zw (classification) or residual r = y − Xw (regression).
        var margins: BigVector
        var weights: BigVector  // r̂
        var weightSlopes: [BigFloat]  // ℓ′ (classification)
        var weightedGradient: BigVector  // g = Zᵀr̂
        var curvature: BigFloat  // S
        var lossScale: BigFloat  // c
        var residualNorm: BigFloat?  // ‖r‖ (regression)
        /// The smallest ξ/β (D > 2): how near the flow is to the blow-up boundary.
        var domainMargin: BigFloat
    }

    /// The model at a dual point ν, without the loss: G = Zᵀν, per coordinate w, H = dw/dG and
    /// H′ = dH/dG from the closed form, the products Zw, and the smallest ξ/β (D > 2). All that the
    /// margin-gap system's inner solve and its Jacobian need.
    struct ModelPoint {
        var dual: BigVector
        var w: BigVector
        var metric: [BigFloat]
        var metricDerivative: [BigFloat]
        /// Zw: the margins for classification, the predictions Xw for regression.
        var products: BigVector
        var domainMargin: BigFloat
    }

    /// The model at ν (the first N entries of `nu`), or nil outside the model's domain.
    func modelPoint(_ nu: BigVector) -> ModelPoint? {
        let n = samples, d = features, p = precision
        let dualPoint = nu.count == n ? nu : nu.leading(n)
        var dual = BigVector(count: d, precision: p)
        multiplyTransposed(dualPoint, into: &dual)
        var w = BigVector(count: d, precision: p)
        var metric = [BigFloat](), metricDerivative = [BigFloat]()
        metric.reserveCapacity(d)
        metricDerivative.reserveCapacity(d)
        var duals = [BigFloat]()
        duals.reserveCapacity(d)
        for i in 0..<d {
            let g = dual[i]
            duals.append(g)
            guard let value = closedForm.coordinate(i, at: g) else { return nil }
            w[i] = value.w
            metric.append(value.metric)
            metricDerivative.append(value.metricDerivative)
        }
        var products = BigVector(count: n, precision: p)
        multiply(w, into: &products)
        return ModelPoint(
            dual: dual, w: w, metric: metric, metricDerivative: metricDerivative, products: products,
            domainMargin: closedForm.domainMargin(duals))
    }

    /// Evaluates the field at `state`, or nil when the state is outside the model's domain.
    func evaluate(_ state: BigVector) -> Evaluation? {
        let n = samples, d = features, p = precision
        guard let point = modelPoint(state) else { return nil }
        let metric = point.metric
        var margins = point.products

        var weights = BigVector(count: n, precision: p)
        var slopes = [BigFloat]()
        var tau = BigFloat(precision: p)
        var lossScale = BigFloat(1, precision: p)
        var residualNorm: BigFloat? = nil
        switch loss {
        case .exponential:
            Kernels.softmax(margins, negated: true, into: &weights, logSumExp: &tau, workspace: workspace)
            tau = -tau
            slopes = Array(repeating: BigFloat(-1, precision: p), count: n)
        case .logistic:
            var logWeights = BigVector(count: n, precision: p)
            var logLosses = BigVector(count: n, precision: p)
            for k in 0..<n {
                let m = margins[k]
                let e = BigFloat.exp(-m)
                logWeights[k] = -m - BigFloat.log1p(e)
                logLosses[k] = Self.logLogisticLoss(m, expNegative: e)
                slopes.append(-1 / (1 + e))
            }
            var logSum = BigFloat(precision: p)
            Kernels.softmax(logWeights, into: &weights, logSumExp: &logSum, workspace: workspace)
            Kernels.logSumExp(logLosses, into: &tau, workspace: workspace)
            tau = -tau
            // c = e^{M − τ} with M = −log Σ r_n.
            lossScale = BigFloat.exp(-logSum - tau)
        case .squared:
            guard let targets else { return nil }
            var squares = BigFloat(precision: p)
            for k in 0..<n { margins[k] = targets[k] - margins[k] }
            Kernels.dot(margins, margins, into: &squares, workspace: workspace)
            guard !squares.isZero else { return nil }
            let norm = BigFloat.sqrt(squares)
            for k in 0..<n { weights[k] = margins[k] / norm }
            tau = -BigFloat.log(squares / 2)
            lossScale = norm / 2
            residualNorm = norm
        }

        var gradient = BigVector(count: d, precision: p)
        multiplyTransposed(weights, into: &gradient)
        var curvature = BigFloat(precision: p)
        for i in 0..<d {
            let gi = gradient[i]
            curvature += metric[i] * (gi * gi)
        }
        guard curvature.signum > 0 else { return nil }
        var derivative = BigVector(count: n + 1, precision: p)
        let scale = lossScale / curvature
        for k in 0..<n { derivative[k] = scale * weights[k] }
        derivative[n] = lossScale * scale - state[n]
        return Evaluation(
            derivative: derivative, tau: tau, dual: point.dual, w: point.w, metric: metric,
            metricDerivative: point.metricDerivative, margins: margins, weights: weights, weightSlopes: slopes,
            weightedGradient: gradient, curvature: curvature, lossScale: lossScale, residualNorm: residualNorm,
            domainMargin: point.domainMargin)
    }

    /// The flow in physical time at the dual point ν (the first N entries of `nu`): dν/dt = r with
    /// r_n = −ℓ′(m_n) for the margin losses (e^{−m_n}, or 1/(1 + e^{m_n}) for the logistic loss) and
    /// r = y − Xw for the squared loss, and the slopes q_n = −∂r_n/∂m_n (ℓ″(m_n); 1 for the squared
    /// loss, whose ∂r/∂ν is −K), so that ∂r/∂ν = −diag(q) K. Nil outside the model's domain.
    func physicalRates(_ nu: BigVector) -> (rates: BigVector, slopes: [BigFloat], point: ModelPoint)? {
        let n = samples, p = precision
        guard let point = modelPoint(nu) else { return nil }
        var rates = BigVector(count: n, precision: p)
        var slopes = [BigFloat]()
        slopes.reserveCapacity(n)
        for k in 0..<n {
            let m = point.products[k]
            switch loss {
            case .exponential:
                rates[k] = BigFloat.exp(-m)
                slopes.append(rates[k])
            case .logistic:
                let r = 1 / (1 + BigFloat.exp(m))
                rates[k] = r
                slopes.append(r * (1 - r))
            case .squared:
                guard let targets else { return nil }
                rates[k] = targets[k] - m
                slopes.append(BigFloat(1, precision: p))
            }
        }
        return (rates, slopes, point)
    }

    /// The error norm of the dual flows (`DualFlowSystem`, `DualTimeSystem`) near the dual point
    /// `nu` (its first N entries) with model values w and H = `metric`: a state difference (δν, and
    /// δT when `time` is given) maps to log10 of the largest of max_i |H_i (Zᵀδν)_i| / (‖w‖_∞ + u),
    /// the relative change it causes in w (u the initialization's own scale), ‖δν‖_∞ / (1 + ‖ν‖_∞)
    /// and |δT| / |T| (absolute while T = 0); +∞ for a NaN.
    ///
    /// The products Zᵀδν are formed in binary64 on a copy of δν scaled by its largest power of two
    /// (`ScaledBinary64Vector`), the weights as decimal logarithms: each (Zᵀδν)_i is within about
    /// (N + 2)·2^-53·Σ_k |z_ki δν_k| of its value (either side; entries of δν below 2^-1022 of the
    /// largest lose bits). The norm steers step sizes and Newton's stopping test, where a relative
    /// error of that size is immaterial; no result is computed from it. Data with an entry outside
    /// binary64's normal range use the exact products instead.
    func errorNorm(nu: BigVector, w: BigVector, metric: [BigFloat], unit: BigFloat, time: BigFloat?) -> (BigVector) -> Double {
        let n = samples, d = features
        guard metric.allSatisfy(\.isFinite), w.elements.allSatisfy(\.isFinite) else { return { _ in .infinity } }
        var wScale = unit
        for i in 0..<d { wScale = BigFloat.maximum(wScale, w[i].magnitude + unit) }
        let weights = (0..<d).map { metric[$0] / wScale }
        let log10Weights = weights.map { $0.log10Magnitude ?? -Double.infinity }
        var nuScale = BigFloat(1, precision: precision)
        for k in 0..<n { nuScale = BigFloat.maximum(nuScale, nu[k].magnitude + 1) }
        let log10NuScale = nuScale.log10Magnitude ?? 0
        let log10TimeScale = time.map { $0.isZero ? 0 : $0.log10Magnitude ?? 0 }
        let transposed = dataMatrix.binary64Transposed
        return { difference in
            guard difference.elements.allSatisfy(\.isFinite) else { return .infinity }
            let deltaNu = difference.count == n ? difference : difference.leading(n)
            var worst = -Double.infinity
            if let transposed {
                let scaled = ScaledBinary64Vector(deltaNu)
                let shift = Double(scaled.exponent) * 0.30102999566398119521
                scaled.values.withUnsafeBufferPointer { v in
                    transposed.withUnsafeBufferPointer { z in
                        for i in 0..<d where log10Weights[i] > -Double.infinity {
                            let row = z.baseAddress! + i * n
                            var g = 0.0
                            for k in 0..<n { g += row[k] * v[k] }
                            if g != 0 { worst = max(worst, Foundation.log10(Swift.abs(g)) + shift + log10Weights[i]) }
                        }
                    }
                }
            } else {
                let deltaG = self.transposedProduct(deltaNu)
                for i in 0..<d {
                    if let magnitude = (weights[i] * deltaG[i]).log10Magnitude { worst = max(worst, magnitude) }
                }
            }
            for k in 0..<n {
                if let magnitude = difference[k].log10Magnitude { worst = max(worst, magnitude - log10NuScale) }
            }
            if let log10TimeScale, let magnitude = difference[n].log10Magnitude {
                worst = max(worst, magnitude - log10TimeScale)
            }
            return worst
        }
    }

    /// K = Z diag(H) Zᵀ for the metric H of an evaluated state (N × N, symmetric).
    func kernelMatrix(metric: [BigFloat]) -> BigMatrix {
        var kernel = BigMatrix(rows: samples, columns: samples, precision: precision)
        let weights = BigVector(metric, precision: precision)
        switch products {
        case let .exact(matrix): matrix.weightedGram(weights, into: &kernel)
        case let .rounded(matrix): Kernels.weightedGram(matrix, weights, into: &kernel, workspace: workspace)
        }
        return kernel
    }

    /// K = Z diag(H) Zᵀ in binary64 (`ScaledBinary64Matrix`), from the binary64 copy of the data
    /// and H scaled by its largest power of two: each entry within about d · 2^-52 · Σ_i |z_ai z_bi| H_i
    /// of K_ab (entries of H below 2^-1074 of the largest count as 0). For Newton matrices, whose
    /// residuals are exact; nil when the data have an entry outside binary64's normal range or H
    /// is not finite. N²d/2 binary64 operations, against as many exact products for `kernelMatrix`.
    func approximateKernel(metric: [BigFloat]) -> ScaledBinary64Matrix? {
        guard let transposed = dataMatrix.binary64Transposed else { return nil }
        let scaled = ScaledBinary64Vector(BigVector(metric, precision: precision))
        guard scaled.isFinite else { return nil }
        let n = samples
        var kernel = [Double](repeating: 0, count: n * n)
        kernel.withUnsafeMutableBufferPointer { k in
            transposed.withUnsafeBufferPointer { z in
                var weighted = [Double](repeating: 0, count: n)
                for i in 0..<features where scaled.values[i] != 0 {
                    let row = z.baseAddress! + i * n
                    for a in 0..<n { weighted[a] = row[a] * scaled.values[i] }
                    for a in 0..<n where weighted[a] != 0 {
                        let target = k.baseAddress! + a * n, factor = weighted[a]
                        for b in a..<n { target[b] += factor * row[b] }
                    }
                }
                for a in 0..<n { for b in 0..<a { k[a * n + b] = k[b * n + a] } }
            }
        }
        return ScaledBinary64Matrix(rows: n, columns: n, values: kernel, exponent: scaled.exponent)
    }

    /// Zᵀv for an N-vector v, at the field's precision.
    func transposedProduct(_ v: BigVector) -> BigVector {
        var result = BigVector(count: features, precision: precision)
        multiplyTransposed(v, into: &result)
        return result
    }

    /// Zv for a d-vector v, at the field's precision.
    func product(_ v: BigVector) -> BigVector {
        var result = BigVector(count: samples, precision: precision)
        multiply(v, into: &result)
        return result
    }

    /// |Z| v (entrywise magnitudes of the data) for a d-vector v ≥ 0: the rounding level of Zv.
    func absoluteProduct(_ v: BigVector) -> BigVector {
        var result = BigVector(count: samples, precision: precision)
        switch products {
        case let .exact(matrix): matrix.multiplyMagnitudes(v, into: &result)
        case let .rounded(matrix):
            for k in 0..<samples {
                let row = matrix.row(k)
                var sum = BigFloat(precision: precision)
                for i in 0..<features { sum += (row[i] * v[i]).magnitude }
                result[k] = sum
            }
        }
        return result
    }

    /// y ← Z x: exact and rounded once (`ExactDataMatrix`) when the data allow, else the MPFR kernel.
    private func multiply(_ x: BigVector, into y: inout BigVector) {
        switch products {
        case let .exact(matrix): matrix.multiply(x, into: &y)
        case let .rounded(matrix): Kernels.multiply(matrix, x, into: &y, workspace: workspace)
        }
    }

    /// y ← Zᵀ x, as `multiply`.
    private func multiplyTransposed(_ x: BigVector, into y: inout BigVector) {
        switch products {
        case let .exact(matrix): matrix.multiplyTransposed(x, into: &y)
        case let .rounded(matrix): Kernels.multiplyTransposed(matrix, x, into: &y, workspace: workspace)
        }
    }

    /// ln ℓ(m) for the logistic loss ℓ(m) = ln(1 + e^{−m}), given e = e^{−m}; no underflow for any m.
    static func logLogisticLoss(_ m: BigFloat, expNegative e: BigFloat) -> BigFloat {
        if m.signum <= 0 { return BigFloat.log(BigFloat.log1p(e)) }
        if e.isZero { return -m }
        // ln ℓ = −m + ln(log1p(e)/e), the last term in (ln 2 − 1, 0].
        return -m + BigFloat.log(BigFloat.log1p(e) / e)
    }

    /// The (N+1) × (N+1) Jacobian of dy/dτ at the evaluated state (see the type's contract).
    /// With `binary64Kernel`, K is formed in binary64 (`approximateKernel`, when the data allow):
    /// the entries then carry a relative error of about κ(K)·N·2^-52 (Σ_a ∂r̂_a/∂ν = 0 holds for
    /// any K, so it still holds to working precision).
    func jacobian(_ e: Evaluation, binary64Kernel: Bool = false) -> BigMatrix {
        let n = samples, d = features, p = precision
        // K = Z diag(H) Zᵀ.
        let kernelEntries =
            binary64Kernel
            ? approximateKernel(metric: e.metric)?.bigMatrix(precision: p) ?? kernelMatrix(metric: e.metric)
            : kernelMatrix(metric: e.metric)
        let kernel = (0..<n).map { kernelEntries.row($0).elements }
        let weights = e.weights.elements
        // R = ∂r̂/∂ν and, for the squared loss, dc = ∂c/∂ν.
        var weightJacobian = [[BigFloat]](repeating: [BigFloat](repeating: BigFloat(precision: p), count: n), count: n)
        var scaleGradient = [BigFloat](repeating: BigFloat(precision: p), count: n)
        if let norm = e.residualNorm {
            // r = y − Xw: ∂r/∂ν = −K; ∂r̂/∂ν = −(I − r̂r̂ᵀ)K/‖r‖; ∂c/∂ν = −r̂ᵀK/2.
            var projected = [BigFloat](repeating: BigFloat(precision: p), count: n)  // r̂ᵀK
            for b in 0..<n { for a in 0..<n { projected[b] += weights[a] * kernel[a][b] } }
            for a in 0..<n {
                for b in 0..<n { weightJacobian[a][b] = -(kernel[a][b] - weights[a] * projected[b]) / norm }
            }
            for b in 0..<n { scaleGradient[b] = -projected[b] / 2 }
        } else {
            // ∂r̂/∂ν = (diag(r̂∘ℓ′) − r̂(r̂∘ℓ′)ᵀ) K.
            let weighted = (0..<n).map { weights[$0] * e.weightSlopes[$0] }
            var column = [BigFloat](repeating: BigFloat(precision: p), count: n)  // (r̂∘ℓ′)ᵀK
            for b in 0..<n { for a in 0..<n { column[b] += weighted[a] * kernel[a][b] } }
            for a in 0..<n {
                for b in 0..<n { weightJacobian[a][b] = weighted[a] * kernel[a][b] - weights[a] * column[b] }
            }
        }
        // ∂S/∂ν = Rᵀ · 2Z(H∘g) + Z(H′∘g∘g).
        var curvatureTerms = BigVector(count: d, precision: p)  // H′∘g²
        var gradientTerms = BigVector(count: d, precision: p)  // 2H∘g
        for i in 0..<d {
            let gi = e.weightedGradient[i]
            curvatureTerms[i] = e.metricDerivative[i] * (gi * gi)
            gradientTerms[i] = 2 * (e.metric[i] * gi)
        }
        var directProducts = BigVector(count: n, precision: p)
        var throughProducts = BigVector(count: n, precision: p)
        multiply(curvatureTerms, into: &directProducts)
        multiply(gradientTerms, into: &throughProducts)
        let direct = directProducts.elements  // Z(H′∘g²)
        let through = throughProducts.elements  // 2Z(H∘g)
        var curvatureGradient = direct
        for b in 0..<n { for a in 0..<n { curvatureGradient[b] += weightJacobian[a][b] * through[a] } }

        let s = e.curvature, c = e.lossScale
        let sSquared = s * s
        var jacobian = BigMatrix(rows: n + 1, columns: n + 1, precision: p)
        for a in 0..<n {
            for b in 0..<n {
                var entry = c * (weightJacobian[a][b] / s - weights[a] * curvatureGradient[b] / sSquared)
                if e.residualNorm != nil { entry += weights[a] * scaleGradient[b] / s }
                jacobian[a, b] = entry
            }
        }
        for b in 0..<n {
            jacobian[n, b] = 2 * c * scaleGradient[b] / s - c * c * curvatureGradient[b] / sSquared
        }
        jacobian[n, n] = BigFloat(-1, precision: p)
        return jacobian
    }
}
