import CMPFR
import Integrators
import LinearAlgebra
import Multiprecision

/// Gradient flow θ′ = −∇L(θ) of an `ExpressionModel` on data, as a `GradientModel`, from
/// θ(0) = s·θ* (MATH.md §12.1). Losses (DESIGN.md §3): squared, L = ½‖Xk − y‖²; exponential and
/// logistic, L = Σ_n ℓ(m_n) with margins m = Zk, z_n = y_n x_n.
///
/// With g = ∇_k L (Xᵀ(Xk − y), or Zᵀℓ′(m)) and G = ∇²_k L (XᵀX, or Zᵀ diag ℓ″(m) Z):
///
///     ∇_{θ_i} L = g_i ∇k_i,
///     ∂²L/∂θ_{i,a}∂θ_{j,b} = G_ij ∂_a k_i ∂_b k_j + δ_ij g_i ∂²_{ab} k_i,
///
/// with ∇k_i and ∇²k_i the exact symbolic derivatives (`ExpressionGraph`). The concrete evaluator
/// (`ExpressionFlowEvaluator`) also gives the full Hessian and the Jacobian of the field −∇L.
public struct ExpressionFlowModel: GradientModel {
    public let model: ExpressionModel
    public let data: FlowData
    public let loss: Loss
    /// The initialization scale s > 0.
    public let scale: Rational

    /// - Throws: `FlowError.incompatibleLoss` when the data's feature count is not the model's
    ///   dimension or the loss does not fit the data; `.invalidInitialization` for s ≤ 0.
    public init(model: ExpressionModel, data: FlowData, loss: Loss, scale: Rational) throws(FlowError) {
        guard data.sampleCount >= 1 else { throw .incompatibleLoss("the data have no samples") }
        guard data.featureCount == model.dimension else {
            throw .incompatibleLoss("the model has \(model.dimension) coordinates, the data \(data.featureCount) features")
        }
        switch (data, loss.isClassification) {
        case (.classification, true), (.regression, false): break
        case (.classification, false): throw .incompatibleLoss("the squared loss needs regression data (targets)")
        case (.regression, true): throw .incompatibleLoss("the \(loss.rawValue) loss needs classification data (rows z_n = y_n x_n)")
        }
        guard scale.signum > 0 else { throw .invalidInitialization("the scale s must be positive, got \(scale)") }
        self.model = model
        self.data = data
        self.loss = loss
        self.scale = scale
        let smallest = model.initialDirection.joined().filter { $0.signum != 0 }.map { $0.magnitude }.min() ?? Rational(1)
        log10ErrorFloor = BigFloat(smallest * scale, precision: 64).log10Magnitude ?? 0
    }

    /// log10 of the smallest nonzero initial parameter, s·min |θ*_a|: the floor of the flow's
    /// error norm (`ExpressionFlowEvaluator.flowErrorNorm`).
    let log10ErrorFloor: Double

    /// The stiffness switch from explicit extrapolation to Radau IIA with a quiet-change condition
    /// (`StiffnessSwitch.largestQuietChange` = −3): only steps with h·‖J‖∞ ≥ 0.25 that move θ by at
    /// most 1e-3 in the error norm count. So it fires on a plateau whose fast modes hold the
    /// explicit step while the rest barely moves (a deep product's, lasting ~1/s^{L−2}: the deep
    /// experiment of Docs/zhao2026-tutorial.md at s = 1e-4 in 14.5 s and 301 steps, against 166 s
    /// and 48 619 explicit ones), not during the escapes and jumps of small initializations, where
    /// every mode of a block moves by O(h) relatively and on which h·‖J‖∞ alone fired and runs took
    /// 25 times longer (Docs/integrators.md); the paper's model at s = 1e-60 and 1e-100 to
    /// L = 1e-100 runs explicit throughout.
    public var flowAlgorithm: IntegrationAlgorithm { .automatic(StiffnessSwitch(largestQuietChange: -3)) }

    /// The states of an integration (or descent) carry `guardBits` more bits: from
    /// θ(0) = s·θ* the escape from a saddle is decided by combinations of parameters far below
    /// ‖θ‖∞ (a − b at a ≈ b for k = 2ab + …), which a state at the working precision would round
    /// away.
    /// With `log10ResidualFloor` set, also the bits that hold residuals down to that floor
    /// against targets of size 1.
    public var integrationGuardBits: Int {
        let residual = log10ResidualFloor.map { Int((-$0 * 3.3219280948873622).rounded(.up)) } ?? 0
        return guardBits + Swift.max(0, residual)
    }

    /// Squared loss: when set, the flow's error norm also measures each residual r_n = (Xk − y)_n
    /// relative to max(‖r‖∞, 10^floor), so that the loss ½‖r‖² keeps its digits down to about
    /// 10^(2·floor) (checkpoints at loss levels need it); nil (the default) leaves residuals to
    /// the parameters' norm, and a late loss then has only the digits the runs agree on.
    public var log10ResidualFloor: Double?

    public var parameterCount: Int { model.parameterCount }

    /// s·θ*, each entry the exact product rounded once.
    public func initialParameters(precision: Int) -> BigVector {
        BigVector(model.initialDirection.flatMap { $0.map { $0 * scale } }, precision: precision)
    }

    public func evaluator(precision: Int) -> any GradientEvaluator { flowEvaluator(precision: precision) }

    /// The bits the evaluator adds to the working precision internally: log2(1/s) + 16 for s < 1
    /// (16 otherwise). With states that carry `integrationGuardBits` (at least as many) more than
    /// the digits they are asked for, a cancellation the user's expression makes at parameters of
    /// size s, such as cosh(b) − 1 ≈ b²/2 (2·log2(1/s) bits), still leaves the asked-for bits.
    public var guardBits: Int {
        guard scale < Rational(1), let digits = BigFloat(scale, precision: 64).log10Magnitude else { return 16 }
        return Int((-digits * 3.3219280948873622).rounded(.up)) + 16
    }

    /// The concrete evaluator, with the Hessian and the field's Jacobian.
    public func flowEvaluator(precision: Int) -> ExpressionFlowEvaluator { ExpressionFlowEvaluator(model: self, precision: precision) }
}

/// Evaluates L, ∇L, H·v, H = ∇²L and the flow field −∇L with its Jacobian −H for an
/// `ExpressionFlowModel` at one precision, on storage allocated once.
///
/// Numerical contract: as `GradientEvaluator`: straight-line MPFR evaluation of the exact
/// symbolic expressions, round to nearest; no finite differences. The evaluation runs at
/// `precision + guardBits` bits (see `ExpressionFlowModel.guardBits`) and every result is
/// rounded once to `precision`. Not thread-safe (it reuses its
/// storage): one evaluator per thread.
///
/// How an integrator uses it: `flowField(_:into:)` writes θ′ = −∇L(θ); `flowJacobian(_:into:)`
/// writes ∂θ′/∂θ = −∇²L(θ) (a P × P `BigMatrix`, P = `parameterCount`). Both return false when
/// some value is not finite (θ outside the model's domain, e.g. log of a negative number).
public final class ExpressionFlowEvaluator: GradientEvaluator {
    public let precision: Int
    let model: ExpressionFlowModel
    let d: Int, p: Int, samples: Int
    private let first: [ExpressionEvaluator]
    private let second: [ExpressionEvaluator]
    private let matrix: BigMatrix
    private let targets: BigVector?
    private let workspace: KernelWorkspace
    private let outerWorkspace: KernelWorkspace
    /// The internal precision, `precision + guardBits`.
    let inner: Int
    /// Per group, the orthogonal eigenvectors of ∇²k(0) (`modeBasis[g][r][c]`: entry r of
    /// eigenvector c), or the identity where k has no finite Hessian at 0.
    private let modeBasis: [[[BigFloat]]]
    /// Per group, the largest |eigenvalue| of ∇²k(0); nil where k has no finite Hessian at 0 or it
    /// vanishes (the error norm's modes then have no curvature scale).
    private let modeCurvature: [BigFloat?]
    /// k, ∇k (d·p), ∇²k (d·p·p) of the last evaluation.
    private var k: BigVector
    private var gradK: BigVector
    private var hessK: BigVector
    private var margins: BigVector

    init(model: ExpressionFlowModel, precision: Int) {
        self.model = model
        self.precision = precision
        d = model.model.dimension
        p = model.model.parameterCountPerCoordinate
        samples = model.data.sampleCount
        let precision = precision + model.guardBits
        inner = precision
        outerWorkspace = KernelWorkspace(precision: self.precision)
        first = model.model.firstOrder.map { $0.evaluator(precision: precision) }
        second = model.model.secondOrder.map { $0.evaluator(precision: precision) }
        // The data were validated exact rationals with consistent shapes by the model's init.
        matrix = (try? BigMatrix(model.data.matrix, precision: precision)) ?? BigMatrix(rows: samples, columns: d, precision: precision)
        if case let .regression(_, y) = model.data { targets = BigVector(y, precision: precision) } else { targets = nil }
        workspace = KernelWorkspace(precision: precision)
        k = BigVector(count: d, precision: precision)
        gradK = BigVector(count: d * p, precision: precision)
        hessK = BigVector(count: d * p * p, precision: precision)
        margins = BigVector(count: samples, precision: precision)
        let expressions = model.model
        let p = self.p
        let modes = expressions.groups.indices.map { g -> (basis: [[BigFloat]], curvature: BigFloat?) in
            let identity = (0..<p).map { r in (0..<p).map { c in BigFloat(r == c ? 1 : 0, precision: precision) } }
            guard let i = expressions.groupOfCoordinate.firstIndex(of: g) else { return (identity, nil) }
            let hessian = expressions.derivatives(coordinate: i, at: [Rational](repeating: Rational(), count: p), precision: precision)
                .hessian
            guard hessian.allSatisfy({ $0.allSatisfy(\.isFinite) }) else { return (identity, nil) }
            let decomposition = SymmetricEigenvalues.decomposition(hessian, precision: precision)
            let largest = decomposition.values.map(\.magnitude).max() ?? BigFloat(precision: precision)
            return (decomposition.vectors, largest.isZero ? nil : largest)
        }
        modeBasis = modes.map(\.basis)
        modeCurvature = modes.map(\.curvature)
    }

    /// Componentwise in each coordinate's modes: log10 max |(VᵀΔ_i)_c| / σ_ic over coordinates i
    /// and modes c, with V the eigenvectors of ∇²k_i(0), eigenvalues λ, and the mode's scale
    ///
    ///     σ_ic = max(|(Vᵀθ_i)_c|, |(Vᵀ∇k_i(θ_i))_c| / max|λ|, f),
    ///
    /// f = s·min |θ*_a| (the smallest nonzero initial parameter). From a small initialization each
    /// mode of a block grows or decays on its own (θ_i′ ≈ −g_i ∇²k_i(0) θ_i) and the escape from a
    /// saddle is set by modes far below ‖θ‖∞: a normwise test would let their relative error, and
    /// with it the timing of the jump they trigger, grow unchecked. The middle term is at most
    /// |(Vᵀθ_i)_c| while the block is linear (∇k_i ≈ ∇²k_i(0) θ_i), so it leaves that test intact;
    /// it is the size of a mode driven by the block's higher-order terms (θ_i′ = −g_i ∇k_i moves it
    /// by that much in the block's time 1/(|g_i| max|λ|)), which such a mode crosses zero at
    /// without the scale, and the steps, shrinking with it.
    public func flowErrorNorm(at theta: BigVector) -> (BigVector) -> Double {
        let floor = model.log10ErrorFloor
        let bases = model.model.groupOfCoordinate.map { modeBasis[$0] }
        let curvatures = model.model.groupOfCoordinate.map { modeCurvature[$0] }
        let d = self.d, p = self.p
        func modes(_ v: BigVector, _ i: Int) -> [BigFloat] {
            (0..<p).map { c in
                var sum = BigFloat(precision: v.precision)
                for r in 0..<p { sum = BigFloat.fusedMultiplyAdd(bases[i][r][c], v[i * p + r], sum) }
                return sum
            }
        }
        evaluateCoordinates(theta, hessian: false)
        let scales = (0..<d).map { i in
            let driven = curvatures[i].map { curvature in modes(gradK, i).map { $0.magnitude / curvature } }
            return modes(theta, i).enumerated().map { c, value in
                let size = value.log10Magnitude ?? -.infinity
                // A non-finite gradient (outside k's domain) gives no scale: the value's own rules.
                let forced = driven.flatMap { $0[c].isFinite ? $0[c].log10Magnitude : nil } ?? -.infinity
                return max(size, forced, floor)
            }
        }
        let residuals = residualSensitivity()
        return { difference in
            var worst = -Double.infinity
            for i in 0..<d {
                for (c, entry) in modes(difference, i).enumerated() {
                    if !entry.isFinite { return .infinity }
                    if let size = entry.log10Magnitude { worst = max(worst, size - scales[i][c]) }
                }
            }
            guard let residuals else { return worst }
            for n in 0..<residuals.scales.count {
                var change = BigFloat(precision: difference.precision)
                for q in 0..<difference.count { change = BigFloat.fusedMultiplyAdd(residuals.rows[n][q], difference[q], change) }
                if let size = change.log10Magnitude { worst = max(worst, size - residuals.scales[n]) }
            }
            return worst
        }
    }

    public var parameterCount: Int { d * p }

    /// Evaluates k_i, ∇k_i (and ∇²k_i when `hessian`) of every coordinate into the stores.
    private func evaluateCoordinates(_ theta: BigVector, hessian: Bool) {
        precondition(theta.count == d * p, "θ has \(theta.count) entries, the model \(d * p)")
        let modelRef = model.model
        for i in 0..<d {
            let group = modelRef.groupOfCoordinate[i]
            let evaluator = hessian ? second[group] : first[group]
            evaluator.evaluate(theta, offset: i * p)
            evaluator.withOutput(0) { value in k.withMutableMPFR { _ = bf_mpfr_set($0 + i, value, MPFR_RNDN) } }
            for a in 0..<p {
                evaluator.withOutput(1 + a) { value in gradK.withMutableMPFR { _ = bf_mpfr_set($0 + i * p + a, value, MPFR_RNDN) } }
            }
            if hessian {
                for a in 0..<p {
                    for b in a..<p {
                        let slot = modelRef.hessianOutput(a, b)
                        evaluator.withOutput(slot) { value in
                            hessK.withMutableMPFR { base in
                                _ = bf_mpfr_set(base + i * p * p + a * p + b, value, MPFR_RNDN)
                                _ = bf_mpfr_set(base + i * p * p + b * p + a, value, MPFR_RNDN)
                            }
                        }
                    }
                }
            }
        }
    }

    /// With `log10ResidualFloor` set (squared loss): the rows of ∂r/∂θ = X·diag(∇k_i) and the
    /// scale log10 max(‖r‖∞, 10^floor) of the error norm's residual terms, at the θ of the last
    /// `evaluateCoordinates`. The scale is the residual vector's, not each entry's: the loss
    /// ½‖r‖² needs r to the tolerance relative to ‖r‖, and an entry passing through zero would
    /// otherwise shrink the steps geometrically towards its crossing.
    private func residualSensitivity() -> (rows: [[BigFloat]], scales: [Double])? {
        guard let floor = model.log10ResidualFloor, targets != nil else { return nil }
        computeMargins()
        let rows = (0..<samples).map { n in
            (0..<(d * p)).map { q in BigFloat(matrix[n, q / p] * gradK[q], precision: precision) }
        }
        var size = BigFloat(precision: precision)
        for n in 0..<samples { size = BigFloat.maximum(size, margins[n].magnitude) }
        let scale = max(size.log10Magnitude ?? -.infinity, floor)
        return (rows, Array(repeating: scale, count: samples))
    }

    /// The residual Xk − y (squared) or the margins Zk (classification) of the last evaluation.
    private func computeMargins() {
        Kernels.multiply(matrix, k, into: &margins, workspace: workspace)
        if let targets { for n in 0..<samples { margins[n] = margins[n] - targets[n] } }
    }

    /// ℓ′(m_n) per sample (classification), or the residual itself (squared): so that g = Mᵀ(this).
    private func firstLossDerivatives() -> BigVector {
        guard targets == nil else { return margins }
        var out = BigVector(count: samples, precision: inner)
        for n in 0..<samples {
            let m = margins[n]
            switch model.loss {
            case .exponential: out[n] = -BigFloat.exp(-m)
            default: out[n] = -1 / (1 + BigFloat.exp(m))  // ℓ′ = −σ(−m)
            }
        }
        return out
    }

    /// ℓ″(m_n) per sample (classification), or 1 (squared).
    private func secondLossDerivatives() -> BigVector {
        var out = BigVector(count: samples, precision: inner)
        for n in 0..<samples {
            if targets != nil {
                out[n] = BigFloat(1, precision: inner)
                continue
            }
            let m = margins[n]
            switch model.loss {
            case .exponential: out[n] = BigFloat.exp(-m)
            default:
                let e = BigFloat.exp(-m.magnitude)  // σ(m)σ(−m) = e^{−|m|}/(1 + e^{−|m|})²
                let denominator = 1 + e
                out[n] = e / (denominator * denominator)
            }
        }
        return out
    }

    /// g = ∇_k L at the last evaluation.
    private func predictorGradient() -> BigVector {
        var g = BigVector(count: d, precision: inner)
        Kernels.multiplyTransposed(matrix, firstLossDerivatives(), into: &g, workspace: workspace)
        return g
    }

    /// The predictor k(θ) (what the CLI reports as w).
    public func predictor(_ theta: BigVector) -> BigVector {
        evaluateCoordinates(theta, hessian: false)
        return BigVector(k.elements, precision: precision)
    }

    /// γ = min_n m_n, the smallest margin (Zk) for classification; the smallest −|r_n| for the
    /// squared loss.
    public func minimumMargin(_ theta: BigVector) -> BigFloat {
        evaluateCoordinates(theta, hessian: false)
        computeMargins()
        var smallest = targets == nil ? margins[0] : -margins[0].magnitude
        for n in 1..<samples { smallest = BigFloat.minimum(smallest, targets == nil ? margins[n] : -margins[n].magnitude) }
        return BigFloat(smallest, precision: precision)
    }

    public func loss(_ theta: BigVector) -> BigFloat {
        evaluateCoordinates(theta, hessian: false)
        computeMargins()
        var sum = BigFloat(precision: inner)
        if targets != nil {
            Kernels.dot(margins, margins, into: &sum, workspace: workspace)
            return BigFloat(sum / 2, precision: precision)
        }
        for n in 0..<samples {
            let m = margins[n]
            switch model.loss {
            case .exponential: sum += BigFloat.exp(-m)
            default: sum += m.signum >= 0 ? BigFloat.log1p(BigFloat.exp(-m)) : BigFloat.log1p(BigFloat.exp(m)) - m
            }
        }
        return BigFloat(sum, precision: precision)
    }

    public func gradient(_ theta: BigVector) -> BigVector {
        var out = BigVector(count: d * p, precision: precision)
        _ = gradient(theta, into: &out)
        return out
    }

    /// ∇L(θ) into `out` (P entries); false when some entry is not finite.
    @discardableResult
    public func gradient(_ theta: BigVector, into out: inout BigVector) -> Bool {
        evaluateCoordinates(theta, hessian: false)
        computeMargins()
        let g = predictorGradient()
        var finite = true
        for i in 0..<d {
            for a in 0..<p {
                let value = g[i] * gradK[i * p + a]
                if !value.isFinite { finite = false }
                out[i * p + a] = value
            }
        }
        return finite
    }

    /// θ′ = −∇L(θ) into `out`; false when some entry is not finite.
    @discardableResult
    public func flowField(_ theta: BigVector, into out: inout BigVector) -> Bool {
        let finite = gradient(theta, into: &out)
        for q in 0..<out.count { out[q] = -out[q] }
        return finite
    }

    public func hessianVectorProduct(_ theta: BigVector, _ v: BigVector) -> BigVector {
        let h = hessian(theta)
        var out = BigVector(count: d * p, precision: precision)
        Kernels.multiply(h, BigVector(v.elements, precision: precision), into: &out, workspace: outerWorkspace)
        return out
    }

    /// H = ∇²L(θ), P × P.
    public func hessian(_ theta: BigVector) -> BigMatrix {
        var h = BigMatrix(rows: d * p, columns: d * p, precision: precision)
        _ = hessian(theta, into: &h, sign: 1)
        return h
    }

    /// ∂θ′/∂θ = −∇²L(θ) into `jacobian` (P × P, of this evaluator's precision); false when some
    /// entry is not finite. The Jacobian of the field `flowField` writes, for implicit methods.
    @discardableResult
    public func flowJacobian(_ theta: BigVector, into jacobian: inout BigMatrix) -> Bool {
        hessian(theta, into: &jacobian, sign: -1)
    }

    private func hessian(_ theta: BigVector, into h: inout BigMatrix, sign: Int) -> Bool {
        precondition(h.rows == d * p && h.columns == d * p, "the matrix must be \(d * p) × \(d * p)")
        evaluateCoordinates(theta, hessian: true)
        computeMargins()
        let g = predictorGradient()
        let weights = secondLossDerivatives()
        // G = Mᵀ diag(w) M, d × d.
        var gauss = [[BigFloat]](repeating: [BigFloat](repeating: BigFloat(precision: inner), count: d), count: d)
        for i in 0..<d {
            for j in i..<d {
                var sum = BigFloat(precision: inner)
                for n in 0..<samples { sum = BigFloat.fusedMultiplyAdd(matrix[n, i] * weights[n], matrix[n, j], sum) }
                gauss[i][j] = sum
                gauss[j][i] = sum
            }
        }
        var finite = true
        for i in 0..<d {
            for a in 0..<p {
                let row = i * p + a
                let left = gradK[row]
                for j in 0..<d {
                    for b in 0..<p {
                        let column = j * p + b
                        var value = gauss[i][j] * left * gradK[column]
                        if i == j { value = BigFloat.fusedMultiplyAdd(g[i], hessK[i * p * p + a * p + b], value) }
                        if !value.isFinite { finite = false }
                        h[row, column] = sign < 0 ? -value : value
                    }
                }
            }
        }
        return finite
    }
}
