import Multiprecision

/// The sweep reference path T(μ) of MATH.md §2.5 (the joint-limit target of gradient flow).
///
/// Start from λ = 0 at μ₀ (default 1000) and walk down the geometric grid
/// μ_k = μ₀ (μ/μ₀)^{k/K}, k = 1…K: at each μ_k solve the dual of argmin Q^D_{μ_k} subject to
/// Z w ≥ 1 with the bound λ ≥ λ(μ_{k−1}) instead of λ ≥ 0 (multipliers never decrease, as the
/// gradient-flow multipliers κ_D ν cannot). Then T(μ) = μ h_D(Zᵀλ(μ)). T(μ) equals argmin Q^D_μ
/// iff the unconstrained multipliers are monotone along the path (MATH.md T6).
///
/// Contract: T(μ) is that of the *discrete* grid of K steps (it converges to the continuous sweep
/// as K grows; MATH.md quotes K = 400 from μ₀ = 1e3). Its digits are verified as for
/// `DualNewtonSolver` (two precisions, the same grid).
public struct SweepPath: Sendable {
    public let problem: RegularizedLimitProblem
    public let start: Rational
    public let steps: Int
    public let options: DualNewtonSolver.Options

    /// - Throws: `LimitError.invalidData` for regression problems (the sweep is a margin notion),
    ///   fewer than one step, or μ₀ ≤ μ.
    public init(_ problem: RegularizedLimitProblem, start: Rational = Rational(1000), steps: Int = 400,
                options: DualNewtonSolver.Options = .init()) throws(LimitError) {
        guard problem.constraint == .margins else { throw .invalidData("the sweep path is defined for classification (Z w ≥ 1)") }
        guard steps >= 1 else { throw .invalidData("the sweep needs at least one step") }
        guard start > problem.mu else { throw .invalidData("the sweep starts above the target μ: μ₀ = \(start) ≤ μ = \(problem.mu)") }
        self.problem = problem
        self.start = start
        self.steps = steps
        self.options = options
    }

    /// T(μ) and the sweep multipliers at the target μ, with verified digits.
    /// - Throws: `LimitError.notSeparable` with an exact Farkas certificate for non-separable data,
    ///   else `.solverFailed` when a Newton solve fails.
    public func solve() throws(LimitError) -> RegularizedLimit {
        do {
            let low = try run(precision: options.precision)
            let high = try run(precision: DualNewtonSolver.checkPrecision(for: options.precision))
            return DualNewtonSolver.compare(problem, low: low, high: high)
        } catch {
            try DualNewtonSolver.diagnoseInfeasibility(problem)
            throw error
        }
    }

    func run(precision: Int) throws(LimitError) -> DualNewtonCore.State {
        let core = DualNewtonCore(problem, precision: precision, iterationLimit: options.iterationLimit)
        // μ_k = μ₀ · r^k with r = (μ/μ₀)^{1/K}, computed in MPFR and passed on as the exact
        // rational value of the rounded grid point (the last point is exactly μ).
        let extra = 64
        let mu0 = BigFloat(start, precision: precision + extra)
        let ratio = BigFloat.pow(BigFloat(problem.mu, precision: precision + extra) / mu0,
                                 BigFloat(1, precision: precision + extra) / BigFloat(steps, precision: precision + extra))
        var lambda = [BigFloat](repeating: BigFloat(precision: precision), count: problem.sampleCount)
        var state = try core.minimize(mu: start, lower: lambda, start: lambda)
        var iterations = state.iterations
        var current = mu0
        for k in 1...steps {
            current = current * ratio
            let mu = k == steps ? problem.mu : Self.rational(current)
            lambda = state.lambda
            state = try core.minimize(mu: mu, lower: lambda, start: lambda)
            iterations += state.iterations
        }
        state.iterations = iterations
        return state
    }

    /// The exact rational value of a finite MPFR number.
    static func rational(_ x: BigFloat) -> Rational {
        guard let (mantissa, exponent) = x.exactBinary else { return Rational() }
        let m = try! Rational(fraction: mantissa)
        let two = Rational(2)
        var power = Rational(1)
        for _ in 0..<abs(exponent) { power = power * two }
        return exponent >= 0 ? m * power : m / power
    }
}
