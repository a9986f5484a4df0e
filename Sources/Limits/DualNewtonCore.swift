import CMPFR
import LinearAlgebra
import Multiprecision

/// The numerical core of `DualNewtonSolver` at one precision.
///
/// Two precisions: `accuracy` bits set the stopping rule (‖projected gradient‖∞ ≤ 2^-(accuracy − 24)),
/// `precision` ≥ `accuracy` bits are those the arithmetic runs at. They differ where rounding in
/// s = Mᵀλ is amplified in the gradient M w − b: for D > 2 at small μ the supported s_j sit at
/// 1 − s_j ≈ (μ/|w_j|)^{(D−2)/D} from the edge of the domain, and an absolute error ε in s_j moves
/// w_j = μ h_D(s_j) by μ h_D'(s_j) ε ≈ (D/(D−2)) |w_j| ε/(1 − s_j), about (D−2)/D · log2(1/μ) bits
/// (23 bits at μ = 1e-21, D = 3; 332 at 1e-300). `covering(_:)` gives the core whose working
/// precision absorbs that amplification (`roundingAmplificationBits`), so the gradient is resolved
/// to well below the stopping tolerance at every μ.
final class DualNewtonCore {
    let problem: RegularizedLimitProblem
    /// Working precision, bits.
    let precision: Int
    /// Bits the stopping rule asks for (the caller's precision).
    let accuracy: Int
    let iterationLimit: Int
    let n: Int
    let d: Int
    let matrix: BigMatrix
    let rhs: [BigFloat]
    let potential: DepthPotential
    let workspace: KernelWorkspace
    var bounded: Bool { problem.constraint == .margins }

    struct State {
        var lambda: [BigFloat]
        var s: [BigFloat]
        var w: [BigFloat]
        var margins: [BigFloat]
        var value: BigFloat
        var gradient: [BigFloat]
        var iterations = 0
        var precision: Int
        var lower: [BigFloat]?
        var mu: BigFloat

        var projectedGradient: [BigFloat] {
            guard let lower else { return gradient }
            return gradient.indices.map { k in
                lambda[k] > lower[k] ? gradient[k] : BigFloat.minimum(gradient[k], BigFloat(precision: gradient[k].precision))
            }
        }
        var projectedGradientNorm: BigFloat {
            projectedGradient.map(\.magnitude).max() ?? BigFloat(precision: precision)
        }
        var primalObjective: BigFloat {
            // Σ w_i s_i − (f + bᵀλ) where f = μΣq* − bᵀλ: Q(w) = wᵀs − μ Σ q*(s).
            var total = BigFloat(precision: precision)
            for (wi, si) in zip(w, s) { total = total + wi * si }
            return total - dualObjectivePlusValue
        }
        /// μ Σ q*(s).
        var dualObjectivePlusValue: BigFloat = BigFloat(precision: 64)
        var dualObjective: BigFloat { -value }
        var residuals: RegularizedLimit.Residuals {
            let zero = BigFloat(precision: precision)
            var primal = zero, dual = zero, comp = zero
            for k in margins.indices {
                let slack = margins[k] - 1  // margins store M w − b + 1 for regression? see below
                if lower != nil {
                    primal = BigFloat.maximum(primal, -slack)
                    dual = BigFloat.maximum(dual, lower![k] - lambda[k])
                    comp = BigFloat.maximum(comp, ((lambda[k] - lower![k]) * slack).magnitude)
                } else {
                    primal = BigFloat.maximum(primal, gradient[k].magnitude)
                }
            }
            return .init(
                primalInfeasibility: primal, dualInfeasibility: dual, complementarity: comp, projectedGradient: projectedGradientNorm)
        }
    }

    /// Amplification (bits) of the rounding in s that the working precision leaves uncovered: the
    /// stopping tolerance 2^-(accuracy − 24) then stays ≥ 2^8 times the gradient's rounding noise.
    static let uncoveredAmplificationBits = 16
    /// Extra bits a raised core carries beyond the need of the state that raised it (so that a
    /// continuation down in μ raises the precision every few decades, not at every step).
    static let precisionHeadroom = 64

    /// - Parameters:
    ///   - precision: the accuracy of the stopping rule, bits.
    ///   - workingPrecision: bits of the arithmetic (default `precision`; never below it).
    init(_ problem: RegularizedLimitProblem, precision: Int, workingPrecision: Int? = nil, iterationLimit: Int) {
        self.problem = problem
        self.accuracy = precision
        let precision = Swift.max(precision, workingPrecision ?? precision)
        self.precision = precision
        self.iterationLimit = iterationLimit
        n = problem.sampleCount
        d = problem.featureCount
        matrix = BigMatrix(rows: problem.matrix, precision: precision)
        rhs = problem.rhs.map { BigFloat($0, precision: precision) }
        potential = DepthPotential(depth: problem.depth, precision: precision)
        workspace = KernelWorkspace(precision: precision)
    }

    /// log2 of the factor by which a relative rounding error 2^-p in λ and in s = Mᵀλ reaches the
    /// gradient M w − b at `state`: max_i Σ_j |M_ij| μ h_D'(s_j) (|M|ᵀ|λ|)_j (an absolute error,
    /// against the gradient's O(1) scale), rounded up; 0 when the factor is below 1.
    func roundingAmplificationBits(_ state: State) -> Int {
        let zero = BigFloat(precision: 64)
        var spread = [BigFloat](repeating: zero, count: d)
        for i in 0..<n {
            let l = BigFloat(state.lambda[i], precision: 64).magnitude
            for j in 0..<d { spread[j] = spread[j] + BigFloat(matrix[i, j], precision: 64).magnitude * l }
        }
        let mu = BigFloat(state.mu, precision: 64)
        let sensitivity = zip(state.s, spread).map { s, e in mu * potential.derivative(s) * e }
        var largest = zero
        for i in 0..<n {
            var row = zero
            for j in 0..<d { row = row + BigFloat(matrix[i, j], precision: 64).magnitude * sensitivity[j] }
            largest = BigFloat.maximum(largest, row)
        }
        guard largest.isFinite, let exponent = largest.binaryExponent else { return largest.isFinite ? 0 : Int.max / 4 }
        return Swift.max(0, exponent)
    }

    /// This core when its working precision covers the rounding amplification at `state`
    /// (precision ≥ accuracy + amplification − `uncoveredAmplificationBits`), else a core for the
    /// same problem and accuracy at that precision plus `precisionHeadroom`.
    func covering(_ state: State) -> DualNewtonCore {
        let needed = accuracy + Swift.max(0, roundingAmplificationBits(state) - Self.uncoveredAmplificationBits)
        guard needed > precision else { return self }
        return DualNewtonCore(
            problem, precision: accuracy, workingPrecision: needed + Self.precisionHeadroom, iterationLimit: iterationLimit)
    }

    /// s = Mᵀλ, nil outside the domain of h_D.
    func dualImage(_ lambda: [BigFloat]) -> [BigFloat]? {
        var s = BigVector(count: d, precision: precision)
        Kernels.multiplyTransposed(matrix, BigVector(lambda, precision: precision), into: &s, workspace: workspace)
        let values = s.elements
        return values.allSatisfy(potential.inDomain) ? values : nil
    }

    func evaluate(_ lambda: [BigFloat], mu: BigFloat, lower: [BigFloat]?) -> State? {
        guard let s = dualImage(lambda) else { return nil }
        let w = s.map { mu * potential.h($0) }
        var margins = BigVector(count: n, precision: precision)
        Kernels.multiply(matrix, BigVector(w, precision: precision), into: &margins, workspace: workspace)
        let m = margins.elements
        var conjugateSum = BigFloat(precision: precision)
        for si in s { conjugateSum = conjugateSum + potential.conjugate(si) }
        let muConjugate = mu * conjugateSum
        var linear = BigFloat(precision: precision)
        for (b, l) in zip(rhs, lambda) { linear = linear + b * l }
        let gradient = zip(m, rhs).map { $0 - $1 }
        // Report "margins" as M w − b + 1 so that slack = margin − 1 = (M w − b) for both kinds.
        let reportedMargins = gradient.map { $0 + 1 }
        var state = State(
            lambda: lambda, s: s, w: w, margins: reportedMargins, value: muConjugate - linear, gradient: gradient,
            precision: precision, lower: lower, mu: mu)
        state.dualObjectivePlusValue = muConjugate
        return state
    }

    /// Hessian block μ M_F diag(h'(s)) M_Fᵀ.
    func hessian(_ s: [BigFloat], mu: BigFloat, free: [Int]) -> BigMatrix {
        let k = free.count
        let weights = BigVector(s.map { mu * potential.derivative($0) }, precision: precision)
        // Weighted rows y_a = z_{free[a]} ∘ weights (k·d products), then H_ab = y_a · z_{free[b]}
        // with one multiplication and one addition per term.
        var weighted = BigMatrix(rows: k, columns: d, precision: precision)
        var result = BigMatrix(rows: k, columns: k, precision: precision)
        let columns = d
        var scratch = BigFloat(precision: precision)
        scratch.withMutableMPFR { t in
            matrix.withMPFR { z in
                weights.withMPFR { wts in
                    weighted.withMutableMPFR { y in
                        for a in 0..<k {
                            let rowA = z + free[a] * columns
                            for j in 0..<columns { _ = mpfr_mul(y + a * columns + j, rowA + j, wts + j, MPFR_RNDN) }
                        }
                        result.withMutableMPFR { h in
                            for a in 0..<k {
                                let rowA = UnsafePointer(y + a * columns)
                                for b in a..<k {
                                    let rowB = z + free[b] * columns
                                    let target = h + a * k + b
                                    mpfr_set_zero(target, 1)
                                    for j in 0..<columns {
                                        _ = mpfr_mul(t, rowA + j, rowB + j, MPFR_RNDN)
                                        _ = mpfr_add(target, target, t, MPFR_RNDN)
                                    }
                                    if b != a { _ = bf_mpfr_set(h + b * k + a, target, MPFR_RNDN) }
                                }
                            }
                        }
                    }
                }
            }
        }
        return result
    }

    /// M in Double (for inexact Newton steps only).
    lazy var doubleMatrix: [Double] = {
        var values = [Double](repeating: 0, count: n * d)
        for i in 0..<n { for j in 0..<d { values[i * d + j] = matrix[i, j].doubleValue } }
        return values
    }()

    /// The damped Newton step −(H_FF + δI)⁻¹ g_F with H_FF = μ M_F diag(h'(s)) M_Fᵀ formed and solved
    /// in Double (δ = ‖g‖∞ · max diag H). nil when a weight leaves the Double range or the system is
    /// numerically singular (the caller then uses MPFR).
    func doubleNewtonStep(_ s: [BigFloat], mu: BigFloat, free: [Int], gradient: [BigFloat], norm: BigFloat) -> [Double]? {
        let weights = s.map { (mu * potential.derivative($0)).doubleValue }
        guard weights.allSatisfy({ $0.isFinite && $0 < 1e300 }) else { return nil }
        let k = free.count
        let z = doubleMatrix
        var h = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
        var weighted = [Double](repeating: 0, count: d)
        for a in 0..<k {
            let rowA = free[a] * d
            for j in 0..<d { weighted[j] = z[rowA + j] * weights[j] }
            for b in a..<k {
                let rowB = free[b] * d
                var sum = 0.0
                for j in 0..<d { sum += weighted[j] * z[rowB + j] }
                h[a][b] = sum
                h[b][a] = sum
            }
        }
        let largest = (0..<k).map { h[$0][$0] }.max() ?? 0
        guard largest > 0, largest.isFinite else { return nil }
        let damping = Swift.min(norm.doubleValue, 1e300) * largest
        for a in 0..<k { h[a][a] += damping }
        // Scale to O(1) for the pivot threshold of the Double solver.
        let scaled = h.map { $0.map { $0 / largest } }
        let rhs = gradient.map { -$0.doubleValue / largest }
        guard rhs.allSatisfy(\.isFinite), let step = DoubleLinearSystem.solve(scaled, rhs), step.allSatisfy(\.isFinite) else { return nil }
        return step
    }

    /// Projected Newton at fixed μ from `start` (which must satisfy the bounds and the domain).
    /// - Parameter looseBits: when given, stop once ‖projected gradient‖∞ ≤ 2^-looseBits (for the
    ///   intermediate μ of a continuation, whose answers only start the next solve).
    func minimize(mu muValue: Rational, lower: [BigFloat]?, start: [BigFloat], looseBits: Int? = nil) throws(LimitError) -> State {
        let mu = BigFloat(muValue, precision: precision)
        let zero = BigFloat(precision: precision)
        // Start and bounds may come from a core at another precision.
        let start = start.map { BigFloat($0, precision: precision) }
        let lower = lower.map { $0.map { BigFloat($0, precision: precision) } }
        let startPoint = lower.map { bounds in zip(start, bounds).map { BigFloat.maximum($0, $1) } } ?? start
        guard var state = evaluate(startPoint, mu: mu, lower: lower) else {
            throw .solverFailed("the start point is outside the domain |Zᵀλ| < 1 of h_D")
        }
        let tolerance = BigFloat.scaled(BigFloat(1, precision: precision), byPowerOfTwo: -Swift.min(accuracy - 24, looseBits ?? Int.max))
        // Above this gradient level the Newton direction may come from a Double Hessian.
        let doubleHessianLevel = BigFloat.scaled(BigFloat(1, precision: precision), byPowerOfTwo: -40)
        let stagnationLevel = BigFloat.scaled(BigFloat(1, precision: precision), byPowerOfTwo: -(accuracy / 3))
        var stagnant = 0
        var iterations = 0
        var converged = false
        while iterations < iterationLimit {
            let norm = state.projectedGradientNorm
            if norm <= tolerance {
                converged = true
                break
            }
            iterations += 1
            // Active set: at the bound (within ε) with the gradient pushing outward.
            var active = Set<Int>()
            if let lower {
                var epsilon = zero
                for k in 0..<n {
                    let projected = BigFloat.maximum(lower[k], state.lambda[k] - state.gradient[k])
                    epsilon = BigFloat.maximum(epsilon, (state.lambda[k] - projected).magnitude)
                }
                epsilon = BigFloat.minimum(epsilon, BigFloat(1, precision: precision) / 1000)
                for k in 0..<n where state.lambda[k] - lower[k] <= epsilon && state.gradient[k] > zero { active.insert(k) }
            }
            let free = (0..<n).filter { !active.contains($0) }
            var direction = [BigFloat](repeating: zero, count: n)
            if !free.isEmpty {
                let gradientF = free.map { state.gradient[$0] }
                if norm > doubleHessianLevel, let step = doubleNewtonStep(state.s, mu: mu, free: free, gradient: gradientF, norm: norm) {
                    // Far from the optimum: the Hessian in Double (an inexact Newton step; the
                    // gradient, the line search and the stopping rule stay in MPFR).
                    for (a, k) in free.enumerated() { direction[k] = BigFloat(exactly: step[a], precision: precision) }
                } else {
                    var h = hessian(state.s, mu: mu, free: free)
                    // Levenberg–Marquardt damping δ = ‖projected gradient‖∞ · max_a H_aa on the
                    // diagonal: the step stays a descent direction when H_FF is singular (more free
                    // multipliers than features, N > d, or dependent rows), and δ → 0 quadratically
                    // fast at the optimum, so Newton's quadratic convergence is kept where H_FF is regular.
                    var largest = zero
                    for a in 0..<free.count { largest = BigFloat.maximum(largest, h[a, a]) }
                    let damping = norm * largest
                    for a in 0..<free.count { h[a, a] = h[a, a] + damping }
                    guard let lu = LUFactorization(h) else {
                        throw .solverFailed("singular dual Hessian (are the rows of the data linearly dependent?)")
                    }
                    var rhs = BigVector(gradientF.map { -$0 }, precision: precision)
                    lu.solve(&rhs)
                    for (a, k) in free.enumerated() { direction[k] = rhs[a] }
                }
            }
            if !active.isEmpty {
                // Held indices: a gradient step scaled by the Hessian diagonal μ Σ_j z_kj² h'(s_j).
                let weights = state.s.map { mu * potential.derivative($0) }
                for k in active {
                    var diagonal = zero
                    for j in 0..<d {
                        let z = matrix[k, j]
                        diagonal = diagonal + z * z * weights[j]
                    }
                    direction[k] = -state.gradient[k] / diagonal
                }
            }
            // Projected backtracking.
            var t = BigFloat(1, precision: precision)
            var accepted: State? = nil
            for _ in 0..<60 {
                var candidate = zip(state.lambda, direction).map { $0 + t * $1 }
                if let lower { candidate = zip(candidate, lower).map { BigFloat.maximum($0, $1) } }
                if let next = evaluate(candidate, mu: mu, lower: lower) {
                    var decrease = zero
                    for k in 0..<n { decrease = decrease + state.gradient[k] * (candidate[k] - state.lambda[k]) }
                    let armijo = next.value <= state.value + decrease / 10000
                    // Near the optimum f no longer resolves the decrease: accept a smaller gradient.
                    let smallerGradient = next.projectedGradientNorm < norm
                    if armijo || smallerGradient {
                        accepted = next
                        break
                    }
                }
                t = t / 2
            }
            guard let next = accepted else {
                if norm < stagnationLevel {
                    converged = true
                    break
                }
                throw .solverFailed(
                    "dual Newton line search failed at \(muText(muValue)) (‖gradient‖ = \(norm.formatted(significantDigits: 3)))")
            }
            if next.projectedGradientNorm >= norm && norm < stagnationLevel { stagnant += 1 } else { stagnant = 0 }
            state = next
            if stagnant >= 2 {
                converged = true
                break
            }
        }
        if !converged && state.projectedGradientNorm > tolerance {
            throw .solverFailed(
                "dual Newton did not converge in \(iterationLimit) iterations at \(muText(muValue)) "
                    + "(‖projected gradient‖ = \(state.projectedGradientNorm.formatted(significantDigits: 3)))")
        }
        state.iterations = iterations
        return state
    }

    /// "μ = 1.2e-112", with the target when `mu` is a continuation step on the way to it.
    func muText(_ mu: Rational) -> String {
        let shown = "μ = " + ExactDecimal.format(mu, significantDigits: 4)
        return mu == problem.mu
            ? shown : shown + " (a continuation step on the way to μ = " + ExactDecimal.format(problem.mu, significantDigits: 4) + ")"
    }
}
