import Multiprecision

/// The sweep reference path T(μ) of MATH.md §2.5 (the joint-limit target of gradient flow).
///
/// Start from λ = 0 at μ₀ (default 1000) and walk down the fixed geometric grid
/// μ_k = μ₀ · 10^{−k/K} (K = `stepsPerDecade`): at each μ_k solve the dual of argmin Q^D_{μ_k}
/// subject to Z w ≥ 1 with the bound λ ≥ λ(μ_{k−1}) instead of λ ≥ 0 (multipliers never decrease,
/// as the gradient-flow multipliers κ_D ν cannot). A requested μ between grid points is solved
/// the same way from the last grid point above it. Then T(μ) = μ h_D(Zᵀλ(μ)). T(μ) equals
/// argmin Q^D_μ iff the unconstrained multipliers are monotone along the path (MATH.md T6).
///
/// Contract: T(μ) is that of the *discrete* grid (it converges to the continuous sweep as K grows;
/// MATH.md quotes 400 steps from 1e3 to 0.05, about 93 per decade). Because the grid does not
/// depend on the requested μ, one pass gives T at many μ and each equals a single-μ solve. The grid
/// points are exact rationals shared by both precision runs; digits are verified as for
/// `DualNewtonSolver` (two precisions, the same grid).
public struct SweepPath: Sendable {
    public let problem: RegularizedLimitProblem
    public let start: Rational
    public let stepsPerDecade: Int
    public let options: DualNewtonSolver.Options

    /// - Throws: `LimitError.invalidData` for regression problems (the sweep is a margin notion),
    ///   fewer than one step per decade, or μ₀ ≤ μ.
    public init(
        _ problem: RegularizedLimitProblem, start: Rational = Rational(1000), stepsPerDecade: Int = 100,
        options: DualNewtonSolver.Options = .init()
    ) throws(LimitError) {
        guard problem.constraint == .margins else { throw .invalidData("the sweep path is defined for classification (Z w ≥ 1)") }
        guard stepsPerDecade >= 1 else { throw .invalidData("the sweep needs at least one step per decade") }
        guard start > problem.mu else { throw .invalidData("the sweep starts above the target μ: μ₀ = \(start) ≤ μ = \(problem.mu)") }
        self.problem = problem
        self.start = start
        self.stepsPerDecade = stepsPerDecade
        self.options = options
    }

    /// T(μ) and the sweep multipliers at the problem's μ, with verified digits.
    public func solve() throws(LimitError) -> RegularizedLimit {
        try solve(at: [problem.mu])[0]
    }

    /// T(μ) at each μ of `mus` (all below μ₀), in the order given, from one pass down the grid.
    /// - Throws: `LimitError.notSeparable` with an exact Farkas certificate for non-separable data,
    ///   `.invalidData` for μ ≥ μ₀ or μ ≤ 0, else `.solverFailed` when a Newton solve fails.
    public func solve(at mus: [Rational]) throws(LimitError) -> [RegularizedLimit] {
        for mu in mus where !(mu.signum > 0 && mu < start) {
            throw .invalidData("sweep: μ = \(mu) is not in (0, μ₀ = \(start))")
        }
        do {
            let grid = self.grid(down: mus.min() ?? problem.mu)
            let low = try run(precision: options.precision, grid: grid, targets: mus)
            let high = try run(precision: DualNewtonSolver.checkPrecision(for: options.precision), grid: grid, targets: mus)
            return zip(mus, zip(low, high)).map { mu, pair in
                DualNewtonSolver.compare(problem.with(mu: mu), low: pair.0, high: pair.1)
            }
        } catch {
            try DualNewtonSolver.diagnoseInfeasibility(problem)
            throw error
        }
    }

    /// The grid μ₀ 10^{−k/K}, k = 1, 2, …, down to the first point at or below `smallest`, as exact
    /// rationals (each the MPFR value at a fixed 256 + check-precision bits).
    func grid(down smallest: Rational) -> [Rational] {
        let bits = 256 + DualNewtonSolver.checkPrecision(for: options.precision)
        let ratio = BigFloat.pow(BigFloat(10, precision: bits), BigFloat(-1, precision: bits) / BigFloat(stepsPerDecade, precision: bits))
        var current = BigFloat(start, precision: bits)
        var points: [Rational] = []
        while true {
            current = current * ratio
            let point = Self.rational(current)
            points.append(point)
            if point <= smallest { break }
        }
        return points
    }

    /// One pass at `precision`: the main path along `grid`, and for each target a branch solve from
    /// the last grid point strictly above it.
    func run(precision: Int, grid: [Rational], targets: [Rational]) throws(LimitError) -> [DualNewtonCore.State] {
        // The working precision rises down the path as the rounding amplification grows (DualNewtonCore).
        var core = DualNewtonCore(problem, precision: precision, iterationLimit: options.iterationLimit)
        let zero = [BigFloat](repeating: BigFloat(precision: precision), count: problem.sampleCount)
        var state = try core.minimize(mu: start, lower: zero, start: zero)
        core = core.covering(state)
        var iterations = state.iterations
        var results = [DualNewtonCore.State?](repeating: nil, count: targets.count)
        let order = targets.indices.sorted { targets[$0] > targets[$1] }
        var next = 0
        for mu in grid {
            // Branch solves for the targets in [mu, previous grid point).
            while next < order.count && targets[order[next]] >= mu {
                var branch = try core.minimize(mu: targets[order[next]], lower: state.lambda, start: state.lambda)
                branch.iterations += iterations
                results[order[next]] = branch
                next += 1
            }
            if next == order.count { break }
            state = try core.minimize(mu: mu, lower: state.lambda, start: state.lambda)
            iterations += state.iterations
            core = core.covering(state)
        }
        return results.map { $0! }
    }

    /// The exact rational value of a finite MPFR number.
    static func rational(_ x: BigFloat) -> Rational {
        guard let (mantissa, exponent) = x.exactBinary else { return Rational() }
        // MPFR's mantissa is a decimal integer string, which `Rational(fraction:)` always reads.
        guard let m = try? Rational(fraction: mantissa) else { return Rational() }
        let two = Rational(2)
        var power = Rational(1)
        for _ in 0..<abs(exponent) { power = power * two }
        return exponent >= 0 ? m * power : m / power
    }
}
