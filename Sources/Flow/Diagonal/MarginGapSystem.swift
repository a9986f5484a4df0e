import Foundation
import LinearAlgebra
import Integrators
import Multiprecision

/// The late-phase form of the dual flow for margin losses: the state is the margin gaps
/// δ_n = m_n − τ and the scaled time variable T̃ = τ·T, not ν and T.
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
///     dδ/dτ = K r̂ / S − 1,    dT̃/dτ = τ / S − (1 − 1/τ) T̃,    r̂ = softmax(−δ), S = Σ_i H_i (Zᵀr̂)_i².
/// Why T̃: T = t e^{−τ} ≈ 1/S decays like 1/τ = e^{−σ} at D = 2, and resolving that decay to the
/// tolerance is what held σ-steps to about 2 far out; T̃ ≈ τ/S tends to a constant there (and
/// grows like a power of τ below 1 for D > 2), with the same relative error as T.
/// The Jacobian is exact (it steers Newton's method, which needs it along the slow direction).
/// Error norm: max |Δδ_n| (the relative error it causes in the weights) and |ΔT̃|/T̃.
///
/// Samples off the support (weight below 2^−(precision+16) at the start) carry the normalized gap
/// δ_n/τ instead of δ_n: their gaps grow like τ, and a polynomial predictor extrapolates that growth
/// only to about 1e−9 relative, an error whose square times τ (through ν, K and S) derails Newton's
/// method along the shift direction from τ ≈ 1e56 on (F1, D = 2); δ_n/τ tends to a constant.
final class MarginGapSystem: StiffSystem, @unchecked Sendable {
    let field: DualFlowField
    let clock: FlowClock
    let samples: Int
    /// Whether sample n's coordinate is δ_n/τ (off the support) rather than δ_n.
    let normalized: [Bool]
    /// The last ν solved for, the warm start of the next solve.
    private(set) var lastNu: BigVector
    /// Threads of the batch solves (`derivatives(at:_:)`, `jacobians(at:_:)`).
    let threads: Int

    /// The gap state of the step's start, `state` in these coordinates.
    let start: BigVector

    /// The system for a step from the ν-state `state` = (ν, T) at clock value x; which samples
    /// count as off the support is decided there, once. Nil outside the domain.
    init?(field: DualFlowField, clock: FlowClock, state: BigVector, at x: BigFloat, threads: Int = 1) {
        self.field = field
        self.clock = clock
        samples = field.samples
        lastNu = state.leading(field.samples)
        self.threads = max(1, threads)
        startClock = x
        guard let margins = field.modelPoint(state)?.products else { return nil }
        var smallest = margins[0]
        for k in 1..<field.samples { smallest = BigFloat.minimum(smallest, margins[k]) }
        let negligible = Double(field.precision + 16) * 0.6931471805599453
        normalized = (0..<field.samples).map { (margins[$0] - smallest).doubleValue > negligible }
        start = Self.gapState(
            margins: margins, time: state[field.samples],
            tau: clock == .logLoss ? BigFloat.exp(x) : x, normalized: normalized)
    }

    /// Names the coordinates (which samples are normalized), so that a step's polynomial only
    /// predicts the next step in the same coordinates.
    var coordinates: String { normalized.map { $0 ? "τ" : "1" }.joined() }

    /// The state with every gap entry as δ_n (normalized ones multiplied back by τ).
    private func rawGaps(_ y: BigVector, tau: BigFloat) -> BigVector {
        var raw = y
        for k in 0..<samples where normalized[k] { raw[k] = tau * y[k] }
        return raw
    }

    /// dτ/dx in the system's clock, over τ: 1 in σ = ln τ, 1/τ in τ.
    private func clockRate(_ tau: BigFloat) -> BigFloat { clock == .logLoss ? BigFloat(1, precision: precision) : 1 / tau }

    var dimension: Int { samples + 1 }
    var precision: Int { field.precision }
    /// Newton's method proper (the stage Jacobians in the dense (s·(N+1))² matrix) up to
    /// `denseSamples` samples; beyond, the Schur form of the stage matrix with the step's one
    /// Jacobian (`KroneckerStageSolver`), whose memory and factorizations grow like N² and s·N³
    /// rather than (sN)² and (sN)³. One run at 30 digits, 2 threads: 100 × 1000 to τ = 1e4 took
    /// 330.8 s and 999 MB dense, 297.6 s and 111 MB in the Schur form (107 steps both); 50 × 500
    /// to τ = 1400, 1 thread, 55.8 s dense and 57.5 s in the Schur form (62 steps both).
    var refreshesJacobian: Bool { samples <= Self.denseSamples }
    static let denseSamples = 64
    var predictsFromSlope: Bool { false }

    /// τ at clock value x.
    func tau(at x: BigFloat) -> BigFloat { clock == .logLoss ? BigFloat.exp(x) : x }

    /// The clock value of the step's start (the error norm is taken there).
    let startClock: BigFloat

    /// (δ or δ/τ per sample, τT) from the margins m and the time variable T.
    private static func gapState(margins: BigVector, time: BigFloat, tau: BigFloat, normalized: [Bool]) -> BigVector {
        let n = margins.count
        var gaps = BigVector(count: n + 1, precision: margins.precision)
        for k in 0..<n { gaps[k] = normalized[k] ? (margins[k] - tau) / tau : margins[k] - tau }
        gaps[n] = tau * time
        return gaps
    }

    /// The ν-state (ν, T) of a gap state (δ, τT) at clock value x, by Newton's method on Z w(Zᵀν) = τ + δ.
    /// Warm start: the last ν solved for at the same clock value (Newton's iterations for a step's
    /// stage equations revisit the same stage clocks with states that differ less and less), else
    /// the last ν solved for.
    func nuState(fromGapState y: BigVector, at x: BigFloat) -> BigVector? { solve(gapState: y, at: x)?.state }

    /// A gap state solved for: the ν-state (ν, T) and the model at ν.
    private struct Solved {
        let clock: BigFloat
        let gaps: BigVector
        let state: BigVector
        let point: DualFlowField.ModelPoint
    }

    /// `nuState(fromGapState:at:)` with the model there (which does not depend on T).
    /// A Newton round asks for the same stage state more than once (its Jacobian, then its
    /// derivative), so a state already solved for at the same clock value is returned as it was.
    private func solve(gapState y: BigVector, at x: BigFloat) -> Solved? {
        let knownIndex = solvedByClock.lastIndex { $0.clock == x }
        if let knownIndex, solvedByClock[knownIndex].gaps.isIdentical(to: y) { return solvedByClock[knownIndex] }
        let known = knownIndex.map { solvedByClock[$0] }
        let tau = tau(at: x)
        var target = BigVector(count: samples, precision: precision)
        for k in 0..<samples { target[k] = normalized[k] ? tau * (1 + y[k]) : tau + y[k] }
        guard let (nu, point) = solveMargins(target, from: known?.state.leading(samples) ?? lastNu) else { return nil }
        lastNu = nu
        var state = BigVector(count: samples + 1, precision: precision)
        for k in 0..<samples { state[k] = nu[k] }
        state[samples] = y[samples] / tau
        let solved = Solved(clock: x, gaps: y, state: state, point: point)
        keep(solved)
        return solved
    }

    /// Records a solved state as the newest at its clock value.
    private func keep(_ solved: Solved) {
        solvedByClock.removeAll { $0.clock == solved.clock }
        solvedByClock.append(solved)
        if solvedByClock.count > Self.clockCacheSize { solvedByClock.removeFirst() }
    }

    /// `solve(gapState:at:)` for a batch of stage states (distinct clock values), with the same
    /// results: when every state not yet solved has an earlier solve at its own clock value (its
    /// warm start), they are solved on `threads` threads and recorded in order afterwards;
    /// otherwise one after another (each warm-starting the next).
    private func solve(gapStates states: [BigVector], at clocks: [BigFloat]) -> [Solved?] {
        let known = zip(states, clocks).map { y, x in
            solvedByClock.last { $0.clock == x && $0.gaps.isIdentical(to: y) }
        }
        let missing = known.indices.filter { known[$0] == nil }
        let warmStarts = missing.map { index in solvedByClock.last { $0.clock == clocks[index] }?.state.leading(samples) }
        guard threads > 1, missing.count > 1 else { return zip(states, clocks).map { solve(gapState: $0, at: $1) } }
        guard warmStarts.allSatisfy({ $0 != nil }) else { return zip(states, clocks).map { solve(gapState: $0, at: $1) } }
        let starts = warmStarts.compactMap { $0 }
        let computed = DataParallel.map(count: missing.count, threads: threads) { slot -> Solved? in
            let index = missing[slot], y = states[index], x = clocks[index]
            let tau = self.tau(at: x)
            var target = BigVector(count: self.samples, precision: self.precision)
            for k in 0..<self.samples { target[k] = self.normalized[k] ? tau * (1 + y[k]) : tau + y[k] }
            guard let (nu, point) = self.solveMargins(target, from: starts[slot]) else { return nil }
            var state = BigVector(count: self.samples + 1, precision: self.precision)
            for k in 0..<self.samples { state[k] = nu[k] }
            state[self.samples] = y[self.samples] / tau
            return Solved(clock: x, gaps: y, state: state, point: point)
        }
        var result = known
        for (slot, index) in missing.enumerated() {
            result[index] = computed[slot]
            if let solved = computed[slot] {
                lastNu = solved.state.leading(samples)
                keep(solved)
            }
        }
        return result
    }

    /// The last gap states solved for, one per clock value (at most `clockCacheSize`, the most
    /// recent last); their ν is the warm start of the next solve at the same clock value.
    private var solvedByClock: [Solved] = []
    /// Enough for the stage clocks of the high- and low-order Radau solves of one step.
    private static let clockCacheSize = 96

    /// ν with Z w(Zᵀν) = target and the model there: Newton's method from `start`,
    /// halving a step that does not reduce the residual (max-norm), to working precision; nil when
    /// it does not get there. Each iterate is evaluated once.
    private func solveMargins(_ target: BigVector, from start: BigVector) -> (BigVector, DualFlowField.ModelPoint)? {
        let n = samples
        func evaluate(_ nu: BigVector) -> (point: DualFlowField.ModelPoint, residual: BigVector, size: BigFloat)? {
            guard let point = field.modelPoint(nu) else { return nil }
            var residual = BigVector(count: n, precision: precision)
            var size = BigFloat(precision: precision)
            for k in 0..<n {
                residual[k] = target[k] - point.products[k]
                size = BigFloat.maximum(size, residual[k].magnitude)
            }
            return (point, residual, size)
        }
        let floor = -Double(precision) * 0.30103
        var nu = start
        guard var current = evaluate(nu) else { return nil }
        // The rounding level of the margins: max_n Σ_i |z_ni w_i| (cancellation in m = Zw included).
        var scale = BigFloat(1, precision: precision)
        for k in 0..<n { scale = BigFloat.maximum(scale, target[k].magnitude) }
        var magnitudes = BigVector(count: field.features, precision: precision)
        for i in 0..<field.features { magnitudes[i] = current.point.w[i].magnitude }
        let absoluteSums = field.absoluteProduct(magnitudes)
        for k in 0..<n { scale = BigFloat.maximum(scale, absoluteSums[k]) }
        // ... and the change of the margins that one rounding of ν causes: max_n Σ_k |K_nk ν_k|
        // with K = ∂m/∂ν (large for D > 2 far out, where w grows like a power of ν).
        let approximate = usesBinary64Kernels ? field.approximateKernel(metric: current.point.metric) : nil
        var kernel = approximate == nil ? field.kernelMatrix(metric: current.point.metric) : nil  // K at the current ν
        for a in 0..<n {
            var sum = BigFloat(precision: precision)
            if let approximate {
                for b in 0..<n { sum += (nu[b] * BigFloat(exactly: approximate.values[a * n + b], precision: 53)).magnitude }
                sum = BigFloat.scaled(sum, byPowerOfTwo: approximate.exponent)
            } else if let kernel {
                for b in 0..<n { sum += (kernel[a, b] * nu[b]).magnitude }
            }
            scale = BigFloat.maximum(scale, sum)
        }
        // The Newton matrix: K in binary64 while its rounds gain a digit each (the iteration then
        // converges linearly at a rate of about κ(K)·2^-53, to the same ν), the exact K after.
        var binary64Rounds = approximate != nil
        var approximateAtCurrent = approximate
        func finished() -> (BigVector, DualFlowField.ModelPoint) { (nu, current.point) }
        var previousSize: BigFloat? = nil
        for _ in 0..<200 {
            let relative = (current.size / scale).log10Magnitude ?? -Double.infinity
            if relative < floor + 3 { return finished() }
            // Stalled at the rounding level.
            if let previousSize, current.size >= previousSize, relative < floor + 12 { return finished() }
            previousSize = current.size
            var correction = current.residual
            if binary64Rounds, let approximate = approximateAtCurrent ?? field.approximateKernel(metric: current.point.metric),
                let lu = Binary64LUFactorization(approximate)
            {
                lu.solve(&correction)
            } else {
                binary64Rounds = false
                if kernel == nil { kernel = field.kernelMatrix(metric: current.point.metric) }
                guard let exact = kernel, let lu = LUFactorization(exact) else { return nil }
                lu.solve(&correction)
            }
            var factor = BigFloat(1, precision: precision)
            var accepted = false
            for halving in 0..<60 {
                var candidate = nu
                for k in 0..<n { candidate[k] = nu[k] + factor * correction[k] }
                if let next = evaluate(candidate), next.size < current.size || halving == 0 && next.size <= current.size {
                    if binary64Rounds && !(next.size * 10 < current.size) { binary64Rounds = false }
                    nu = candidate
                    current = next
                    kernel = nil
                    approximateAtCurrent = nil
                    accepted = true
                    break
                }
                factor = factor / 2
            }
            if !accepted {
                // A binary64 direction that does not descend: try the exact one before giving up.
                guard binary64Rounds else { break }
                binary64Rounds = false
            }
        }
        // Not converged: a ν that does not meet the margins would put the state out of step with
        // the clock, so the caller must reject what asked for it.
        let relative = (current.size / scale).log10Magnitude ?? -Double.infinity
        return relative < floor + 12 ? finished() : nil
    }

    /// The weights r̂ = softmax(−δ), g = Zᵀr̂ and S = Σ H g², from the gaps themselves: the
    /// recovered ν only enters through H and K, whose sensitivity to it is O(1/τ), so the inner
    /// solve's residual does not reach the weights (it would be multiplied by τ in dδ/dσ).
    private func weights(_ y: BigVector, _ e: DualFlowField.ModelPoint) -> (weights: BigVector, gradient: BigVector, curvature: BigFloat) {
        let n = samples, d = field.features
        var weights = BigVector(count: n, precision: precision)
        Kernels.softmax(y.leading(n), negated: true, into: &weights, workspace: KernelWorkspace(precision: precision))
        let gradient = field.transposedProduct(weights)
        var curvature = BigFloat(precision: precision)
        for i in 0..<d { curvature += e.metric[i] * gradient[i] * gradient[i] }
        return (weights, gradient, curvature)
    }

    func derivative(at x: BigFloat, _ y: BigVector) -> BigVector? {
        solve(gapState: y, at: x).flatMap { derivative(at: x, y, solved: $0) }
    }

    /// The stage states solved as a batch (`solve(gapStates:at:)`), then f at each on `threads`
    /// threads.
    func derivatives(at clocks: [BigFloat], _ states: [BigVector]) -> [BigVector?] {
        let solved = solve(gapStates: states, at: clocks)
        return DataParallel.map(count: states.count, threads: threads) { j in
            solved[j].flatMap { self.derivative(at: clocks[j], states[j], solved: $0) }
        }
    }

    /// The stage Jacobians likewise.
    func jacobians(at clocks: [BigFloat], _ states: [BigVector]) -> [BigMatrix?] {
        let solved = solve(gapStates: states, at: clocks)
        return DataParallel.map(count: states.count, threads: threads) { j in
            solved[j].flatMap { self.jacobian(at: clocks[j], states[j], solved: $0) }
        }
    }

    /// f at gap state y, clock x, from its solved ν-state.
    private func derivative(at x: BigFloat, _ y: BigVector, solved: Solved) -> BigVector? {
        let n = samples, e = solved.point
        let tau = tau(at: x)
        let (_, gradient, curvature) = weights(rawGaps(y, tau: tau), e)
        guard curvature.signum > 0 else { return nil }
        let scale = 1 / curvature
        let kernelWeights = kernelWeights(gradient, e)
        var result = BigVector(count: n + 1, precision: precision)
        for a in 0..<n { result[a] = scale * kernelWeights[a] - 1 }
        result[n] = tau * scale - (1 - 1 / tau) * y[n]
        if clock == .logLoss { for k in 0..<(n + 1) { result[k] = tau * result[k] } }
        // d(δ_n/τ)/dx = (dδ_n/dx)/τ − (δ_n/τ)·(dτ/dx)/τ.
        let rate = clockRate(tau)
        for k in 0..<n where normalized[k] { result[k] = result[k] / tau - rate * y[k] }
        return result
    }

    /// K r̂ = Z (H ∘ g) from g = Zᵀr̂: two products with the data, not the N × N kernel.
    private func kernelWeights(_ gradient: BigVector, _ e: DualFlowField.ModelPoint) -> BigVector {
        var weighted = BigVector(count: field.features, precision: precision)
        for i in 0..<field.features { weighted[i] = e.metric[i] * gradient[i] }
        return field.product(weighted)
    }

    /// The Jacobian ∂f/∂δ at fixed τ, including the dependence of K and S on ν(δ). With
    /// k = K r̂, S = r̂ᵀK r̂ and ∂r̂/∂δ_b = r̂_b (r̂ − e_b), the weights contribute
    /// ∂(K r̂)_a/∂δ_b = r̂_b (k_a − K_ab) and ∂S/∂δ_b = 2 r̂_b (S − k_b); and since ∂ν/∂δ = K⁻¹ (from
    /// Z w(Zᵀν) = τ + δ), ν contributes A = K′K⁻¹ to ∂(K r̂)/∂δ and Aᵀr̂ to ∂S/∂δ, where
    /// K′ = Z diag(H′∘g) Zᵀ (g = Zᵀr̂). The ν-terms are O(1/τ) against the weight terms, but they
    /// are the whole Jacobian along the shift direction δ + c·1 (to which the softmax weights are
    /// blind, and on which the weight terms here vanish exactly): without them Newton's method for
    /// the stage equations converges only linearly once the σ-steps are O(1). Cost: two N × N
    /// kernels and one N × N factorization with N solves, O(N²d + N³), in binary64 where
    /// `kernelPolicy` allows (else exact to working precision).
    func jacobian(at x: BigFloat, _ y: BigVector) -> BigMatrix? {
        solve(gapState: y, at: x).flatMap { jacobian(at: x, y, solved: $0) }
    }

    /// Which kernels the inner solve's Newton matrices and the Jacobian are formed from: binary64
    /// ones in the inner solve while its rounds gain a digit each, and in the Jacobian while
    /// `KernelPolicy.admits` it.
    var kernelPolicy = KernelPolicy.automatic

    private var usesBinary64Kernels: Bool { kernelPolicy.usesBinary64(samples: samples) }

    /// ∂f/∂δ at gap state y, clock x, from its solved ν-state.
    private func jacobian(at x: BigFloat, _ y: BigVector, solved: Solved) -> BigMatrix? {
        let tau = tau(at: x)
        // The σ-clock Jacobian's T entry is 1 − τ: from τ = 2^24 on binary64 kernels are not tried.
        let sigmaScale = clock == .logLoss ? BigFloat(1, precision: precision) : tau
        if usesBinary64Kernels, KernelPolicy.admits(entry: tau),
            let approximate = jacobian(at: x, y, solved: solved, binary64Kernels: true),
            KernelPolicy.admits(approximate, sigmaScale: sigmaScale)
        {
            return approximate
        }
        return jacobian(at: x, y, solved: solved, binary64Kernels: false)
    }

    /// ∂f/∂δ from binary64 kernels (when the data allow) or exact ones.
    private func jacobian(at x: BigFloat, _ y: BigVector, solved: Solved, binary64Kernels: Bool) -> BigMatrix? {
        let n = samples, d = field.features, p = precision, e = solved.point
        let tau = tau(at: x)
        let (r, gradient, curvature) = weights(rawGaps(y, tau: tau), e)
        let k = kernelWeights(gradient, e)
        let changeMetric = (0..<d).map { e.metricDerivative[$0] * gradient[$0] }
        // Row a of A = K′K⁻¹ is column a of K⁻¹K′ (both kernels symmetric).
        var nuTerms = [BigVector]()  // nuTerms[a][b] = A_ab
        nuTerms.reserveCapacity(n)
        let kernel: BigMatrix
        var fromBinary64 = false
        if binary64Kernels, let approximate = field.approximateKernel(metric: e.metric),
            let change = field.approximateKernel(metric: changeMetric),
            let inverse = Binary64LUFactorization(approximate)
        {
            kernel = approximate.bigMatrix(precision: p)
            fromBinary64 = true
            for a in 0..<n {
                var column = BigVector(count: n, precision: p)
                for c in 0..<n { column[c] = BigFloat(exactly: change.values[c * n + a], precision: p) }
                inverse.solve(&column)
                for c in 0..<n { column[c] = BigFloat.scaled(column[c], byPowerOfTwo: change.exponent) }
                nuTerms.append(column)
            }
        } else {
            kernel = field.kernelMatrix(metric: e.metric)
            guard let inverse = LUFactorization(kernel) else { return nil }
            let change = field.kernelMatrix(metric: changeMetric)
            for a in 0..<n {
                var column = BigVector(count: n, precision: p)
                for c in 0..<n { column[c] = change[c, a] }
                inverse.solve(&column)
                nuTerms.append(column)
            }
        }
        // The weight terms vanish on the shift direction because k = K r̂ and S = r̂ᵀk: with the
        // binary64 kernel they are formed from its own k̃ = K̃ r̂ and S̃ = r̂ᵀk̃ (in MPFR), so that
        // they still vanish there to working precision and the O(1/τ) ν-terms are not swamped by
        // K̃'s rounding.
        var weightTermK = k, weightTermS = curvature
        if fromBinary64 {
            weightTermS = BigFloat(precision: p)
            for a in 0..<n {
                var sum = BigFloat(precision: p)
                for b in 0..<n { sum = BigFloat.fusedMultiplyAdd(kernel[a, b], r[b], sum) }
                weightTermK[a] = sum
                weightTermS = BigFloat.fusedMultiplyAdd(r[a], sum, weightTermS)
            }
        }
        let sSquared = curvature * curvature
        var jacobian = BigMatrix(rows: n + 1, columns: n + 1, precision: p)
        for b in 0..<n {
            // ∂S/∂δ_b: (Aᵀr̂)_b + 2 r̂_b (S − k_b).
            var curvatureChange = 2 * (r[b] * (weightTermS - weightTermK[b]))
            for a in 0..<n { curvatureChange = BigFloat.fusedMultiplyAdd(nuTerms[a][b], r[a], curvatureChange) }
            let slope = curvatureChange / sSquared
            for a in 0..<n {
                // ∂(K r̂)_a/∂δ_b = A_ab + r̂_b (k_a − K_ab).
                let kernelChange = nuTerms[a][b] + r[b] * (weightTermK[a] - kernel[a, b])
                jacobian[a, b] = kernelChange / curvature - k[a] * slope
            }
            jacobian[n, b] = -(tau * slope)
        }
        jacobian[n, n] = 1 / tau - 1
        if clock == .logLoss {
            for a in 0...n { for b in 0...n { jacobian[a, b] = tau * jacobian[a, b] } }
        }
        // Normalized coordinates y_n = δ_n/τ: J ← D J D⁻¹ − diag(θ)·(dτ/dx)/τ, D = diag(1/τ on them).
        for a in 0..<n where normalized[a] {
            for b in 0...n { jacobian[a, b] = jacobian[a, b] / tau }
        }
        for b in 0..<n where normalized[b] {
            for a in 0...n { jacobian[a, b] = tau * jacobian[a, b] }
        }
        let rate = clockRate(tau)
        for a in 0..<n where normalized[a] { jacobian[a, a] = jacobian[a, a] - rate }
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
        guard let e = solve(gapState: y, at: startClock)?.point else { return nil }
        let tau = tau(at: startClock)
        let sampleWeights = weights(rawGaps(y, tau: tau), e).weights
        // Δδ_n = τ·Δy_n for a normalized coordinate.
        let gapWeights = (0..<n).map { k in
            let weight = BigFloat.maximum(sampleWeights[k], 1 / e.products[k].magnitude)
            return normalized[k] ? tau * weight : weight
        }
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
