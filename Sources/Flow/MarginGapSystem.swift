import Foundation
import Multiprecision

/// The late-phase form of the dual flow for margin losses: the state is the margin gaps
/// δ_n = m_n − τ (and the time variable T), not ν.
///
/// Why: in ν the map ν ↦ softmax weights is exponentially sensitive (∂m/∂ν = K ~ τ), so the Newton
/// iterations of an implicit method diverge unless each step is shorter than about τ^{−1/2}. The
/// gaps are O(1) along the trajectory and the weights depend on them with O(1) sensitivity, so
/// steps can follow the O(1) scale of the solution in σ = ln τ. ν is recovered from m = τ + δ by
/// solving the convex system Z w(Zᵀν) = m with Newton's method (Jacobian K = Z diag(H) Zᵀ, well
/// conditioned: ∂ν/∂m = K⁻¹ ~ 1/τ), warm-started from the last solution.
///
/// Exponential loss, Z of full row rank (N ≤ d), so that m determines ν. Dynamics (τ clock):
///
///     dδ/dτ = K r̂ / S − 1,    dT/dτ = 1 / S − T,    r̂ = softmax(−δ), S = Σ_i H_i (Zᵀr̂)_i².
/// The Jacobian keeps the O(1) terms from ∂r̂/∂δ and drops
/// ∂K/∂δ, which is O(1/τ) relative; it only steers Newton's method. Error norm: max |Δδ_n| (the
/// relative error it causes in the weights) and |ΔT|/T.
final class MarginGapSystem: StiffSystem {
    let field: DualFlowField
    let clock: FlowClock
    let samples: Int
    /// The last ν solved for, the warm start of the next solve.
    private(set) var lastNu: BigVector

    init(field: DualFlowField, clock: FlowClock, nu: BigVector) {
        self.field = field
        self.clock = clock
        samples = field.samples
        lastNu = nu
        lastClock = BigFloat(precision: field.precision)
    }

    var dimension: Int { samples + 1 }
    var precision: Int { field.precision }

    /// τ at clock value x.
    func tau(at x: BigFloat) -> BigFloat { clock == .logLoss ? BigFloat.exp(x) : x }

    /// The clock value of the last conversion (the error norm is taken there).
    private(set) var lastClock: BigFloat

    /// The gap state (δ, T) of a ν-state (ν, T) at clock value x.
    func gapState(fromNuState state: BigVector, at x: BigFloat) -> BigVector? {
        lastClock = x
        guard let evaluation = field.evaluate(state) else { return nil }
        let tau = tau(at: x)
        var gaps = BigVector(count: samples + 1, precision: precision)
        for k in 0..<samples { gaps[k] = evaluation.margins[k] - tau }
        gaps[samples] = state[samples]
        return gaps
    }

    /// The ν-state (ν, T) of a gap state at clock value x, by Newton's method on Z w(Zᵀν) = τ + δ.
    func nuState(fromGapState y: BigVector, at x: BigFloat) -> BigVector? {
        let tau = tau(at: x)
        var target = BigVector(count: samples, precision: precision)
        for k in 0..<samples { target[k] = tau + y[k] }
        guard let nu = solveMargins(target) else { return nil }
        lastNu = nu
        var state = BigVector(count: samples + 1, precision: precision)
        for k in 0..<samples { state[k] = nu[k] }
        state[samples] = y[samples]
        return state
    }

    /// ν with Z w(Zᵀν) = target: damped Newton from `lastNu`, to working precision.
    private func solveMargins(_ target: BigVector) -> BigVector? {
        let n = samples
        var nu = lastNu
        var previousResidual: BigFloat? = nil
        for _ in 0..<200 {
            var state = BigVector(count: n + 1, precision: precision)
            for k in 0..<n { state[k] = nu[k] }
            guard let evaluation = field.evaluate(state) else { return nil }
            var residual = BigVector(count: n, precision: precision)
            var size = BigFloat(precision: precision), scale = BigFloat(1, precision: precision)
            for k in 0..<n {
                residual[k] = target[k] - evaluation.margins[k]
                size = BigFloat.maximum(size, residual[k].magnitude)
                scale = BigFloat.maximum(scale, target[k].magnitude)
            }
            let relative = size / scale
            if relative.isZero || (relative.log10Magnitude ?? 0) < -Double(precision) * 0.30103 + 3 { return nu }
            if let previousResidual, size >= previousResidual, (relative.log10Magnitude ?? 0) < -Double(precision) * 0.30103 + 12 {
                return nu  // stalled at rounding level
            }
            previousResidual = size
            guard let lu = LUFactorization(field.kernelMatrix(evaluation)) else { return nil }
            lu.solve(&residual)
            // Damping: halve until the new point is inside the domain and the residual decreases.
            var factor = BigFloat(1, precision: precision)
            var accepted = false
            for _ in 0..<60 {
                var candidate = nu
                for k in 0..<n { candidate[k] = nu[k] + factor * residual[k] }
                var candidateState = BigVector(count: n + 1, precision: precision)
                for k in 0..<n { candidateState[k] = candidate[k] }
                if let e = field.evaluate(candidateState) {
                    var candidateSize = BigFloat(precision: precision)
                    for k in 0..<n { candidateSize = BigFloat.maximum(candidateSize, (target[k] - e.margins[k]).magnitude) }
                    if candidateSize < size || factor.doubleValue == 1 && candidateSize <= size {
                        nu = candidate
                        accepted = true
                        break
                    }
                }
                factor = factor / 2
            }
            if !accepted { return nu }
        }
        return nu
    }

    /// The weights r̂ = softmax(−δ), g = Zᵀr̂ and S = Σ H g², from the gaps themselves: the
    /// recovered ν only enters through H and K, whose sensitivity to it is O(1/τ), so the inner
    /// solve's residual does not reach the weights (it would be multiplied by τ in dδ/dσ).
    private func weights(_ y: BigVector, _ e: DualFlowField.Evaluation) -> (weights: BigVector, gradient: BigVector, curvature: BigFloat) {
        let n = samples, d = field.features
        var gaps = BigVector(count: n, precision: precision)
        for k in 0..<n { gaps[k] = y[k] }
        var weights = BigVector(count: n, precision: precision)
        Kernels.softmax(gaps, negated: true, into: &weights, workspace: KernelWorkspace(precision: precision))
        let gradient = field.transposedProduct(weights)
        var curvature = BigFloat(precision: precision)
        for i in 0..<d { curvature += e.metric[i] * gradient[i] * gradient[i] }
        return (weights, gradient, curvature)
    }

    func derivative(at x: BigFloat, _ y: BigVector) -> BigVector? {
        guard let state = nuState(fromGapState: y, at: x), let e = field.evaluate(state) else { return nil }
        let n = samples
        let kernel = field.kernelMatrix(e)
        let tau = tau(at: x)
        let (weights, _, curvature) = weights(y, e)
        guard curvature.signum > 0 else { return nil }
        let scale = 1 / curvature
        var result = BigVector(count: n + 1, precision: precision)
        for a in 0..<n {
            var sum = BigFloat(precision: precision)
            for b in 0..<n { sum += kernel[a, b] * weights[b] }
            result[a] = scale * sum - 1
        }
        result[n] = scale - y[n]
        if clock == .logLoss { for k in 0..<(n + 1) { result[k] = tau * result[k] } }
        return result
    }

    func jacobian(at x: BigFloat, _ y: BigVector) -> BigMatrix? {
        guard let state = nuState(fromGapState: y, at: x), let e = field.evaluate(state) else { return nil }
        let n = samples, d = field.features, p = precision
        let kernel = field.kernelMatrix(e)
        let (weightVector, gradient, curvature) = weights(y, e)
        let weights = weightVector.elements
        // ∂r̂/∂δ = −(diag(r̂) − r̂r̂ᵀ).
        let weighted = weights
        var weightJacobian = [[BigFloat]](repeating: [BigFloat](repeating: BigFloat(precision: p), count: n), count: n)
        for a in 0..<n {
            for b in 0..<n {
                var entry = weights[a] * weighted[b]
                if a == b { entry = entry - weighted[a] }
                weightJacobian[a][b] = entry
            }
        }
        // ∂S/∂δ ≈ (∂r̂/∂δ)ᵀ · 2Z(H∘g).
        let rows = (0..<n).map { field.row($0) }
        var through = [BigFloat](repeating: BigFloat(precision: p), count: n)
        for a in 0..<n {
            for i in 0..<d where !rows[a][i].isZero { through[a] += 2 * (rows[a][i] * e.metric[i] * gradient[i]) }
        }
        var curvatureGradient = [BigFloat](repeating: BigFloat(precision: p), count: n)
        for b in 0..<n { for a in 0..<n { curvatureGradient[b] += weightJacobian[a][b] * through[a] } }
        var kernelWeights = [BigFloat](repeating: BigFloat(precision: p), count: n)  // K r̂
        for a in 0..<n { for b in 0..<n { kernelWeights[a] += kernel[a, b] * weights[b] } }
        let s = curvature, c = BigFloat(1, precision: p), sSquared = s * s
        var jacobian = BigMatrix(rows: n + 1, columns: n + 1, precision: p)
        for a in 0..<n {
            for b in 0..<n {
                var kr = BigFloat(precision: p)
                for k in 0..<n { kr += kernel[a, k] * weightJacobian[k][b] }
                jacobian[a, b] = c * (kr / s - kernelWeights[a] * curvatureGradient[b] / sSquared)
            }
        }
        for b in 0..<n { jacobian[n, b] = -(c * c * curvatureGradient[b] / sSquared) }
        jacobian[n, n] = BigFloat(-1, precision: p)
        if clock == .logLoss {
            let tau = tau(at: x)
            for a in 0...n { for b in 0...n { jacobian[a, b] = tau * jacobian[a, b] } }
        }
        return jacobian
    }

    func jacobianGrowth(from x: BigFloat, to other: BigFloat) -> BigFloat {
        clock == .logLoss ? BigFloat.exp(other - x) : BigFloat(1, precision: precision)
    }

    func errorNorm(at y: BigVector) -> ((BigVector) -> Double)? {
        let n = samples, p = precision
        // A gap error Δδ_n changes the weight r̂_n by r̂_n·Δδ_n and the margin m_n by Δδ_n/|m_n|
        // relatively: weight each gap by the larger of the two. Samples off the support (gaps of
        // order τ, weights ≈ 0) are then held to relative accuracy only.
        guard let state = nuState(fromGapState: y, at: lastClock), let e = field.evaluate(state) else { return nil }
        let sampleWeights = weights(y, e).weights
        let gapWeights = (0..<n).map { BigFloat.maximum(sampleWeights[$0], 1 / e.margins[$0].magnitude) }
        let time = y[n].magnitude
        let timeWeight = time.isZero ? BigFloat(1, precision: p) : 1 / time
        return { difference in
            var worst = (timeWeight * difference[n]).magnitude
            for k in 0..<n { worst = BigFloat.maximum(worst, (gapWeights[k] * difference[k]).magnitude) }
            if worst.isNaN { return .infinity }
            return worst.log10Magnitude ?? -Double.infinity
        }
    }
}
