import CMPFR
import Multiprecision

/// Dual Newton for argmin Q^D_μ (MATH.md §2.5, §3.5) in MPFR, with verified digits.
///
/// The dual f(λ) = μ Σ_i q_D^*(s_i) − bᵀλ, s = Mᵀλ, is minimised (i.e. the concave dual maximised)
/// over λ ≥ ℓ (classification; ℓ = 0, or the previous multipliers on the sweep path) or over all λ
/// (regression). Gradient ∇f = M w − b with w = μ h_D(s); Hessian μ M diag(h_D'(s)) Mᵀ (positive
/// definite for full-row-rank M).
///
/// Method: Bertsekas' projected Newton: indices at their bound whose gradient pushes outward are
/// held (a diagonally scaled gradient step), the others take the Newton step of their block,
/// damped by ‖projected gradient‖∞ · max diag H (Levenberg–Marquardt: robust when the block is
/// singular, e.g. more samples than features, and vanishing at the optimum); a
/// projected backtracking search keeps |s|∞ < 1 for D > 2 (the built-in barrier) and accepts a
/// step on sufficient decrease of f, or, once the gradient is tiny and f no longer resolves
/// differences, on decrease of the projected gradient (MATH.md §10.8). Small μ are reached by
/// continuation: μ halves from max(μ, `continuationStart`), each solve warm-started from the last.
///
/// Contract: the run stops when ‖projected gradient‖∞ ≤ 2^-(p − 24) or when it stagnates below
/// 2^-(p/3); Newton is then run again at precision ≈ 1.5p + 32 with its tighter stopping rule
/// (started from the first answer; the optimum does not depend on the path) and the digits on which
/// the two answers agree are reported (`RegularizedLimit.verifiedDigits`). Each run does its
/// arithmetic at p bits plus the amplification of rounding in s = Mᵀλ that it measures along the
/// way (`DualNewtonCore.covering`; about (D−2)/D · log2(1/μ) bits for D > 2 at small μ), so the
/// stopping rule is met at every μ; `RegularizedLimit.precision` reports the bits used.
public struct DualNewtonSolver: Sendable {
    public struct Options: Sendable {
        /// Working precision of the check run, bits; the reported run uses ≈ 1.5 × this + 32.
        public var precision = 192
        /// Continuation starts at max(μ, this).
        public var continuationStart = Rational(1000)
        /// Iteration limit of each Newton solve.
        public var iterationLimit = 200
        public init(precision: Int = 192, continuationStart: Rational = Rational(1000), iterationLimit: Int = 200) {
            self.precision = precision
            self.continuationStart = continuationStart
            self.iterationLimit = iterationLimit
        }
    }

    public let options: Options
    public init(options: Options = .init()) { self.options = options }

    /// argmin Q^D_μ with verified digits.
    /// - Throws: `LimitError.notSeparable` / `.inconsistent` with an exact Farkas certificate when
    ///   the constraints are infeasible (the dual is then unbounded), else `.solverFailed`.
    public func solve(_ problem: RegularizedLimitProblem) throws(LimitError) -> RegularizedLimit {
        do {
            let low = try run(problem, precision: options.precision)
            let high = try refine(problem, from: low, precision: Self.checkPrecision(for: options.precision))
            return Self.compare(problem, low: low, high: high)
        } catch {
            try Self.diagnoseInfeasibility(problem)
            throw error
        }
    }

    /// Throws the exact Farkas certificate when the constraints of `problem` are infeasible (decided
    /// exactly by the l1 linear program on the same constraints); returns when they are feasible.
    static func diagnoseInfeasibility(_ problem: RegularizedLimitProblem) throws(LimitError) {
        let lp =
            problem.constraint == .margins
            ? try LimitProblem(kind: .l1Margin, classificationRows: problem.matrix)
            : try LimitProblem(kind: .l1Interpolation, regressionRows: problem.matrix, targets: problem.rhs)
        _ = try lp.solve()
    }

    static func checkPrecision(for precision: Int) -> Int { precision + precision / 2 + 32 }

    /// The run at the higher precision: Newton at the target μ started from the lower-precision
    /// optimum; its own tighter stopping rule decides convergence. w is unique (Q^D_μ is strictly
    /// convex), and so is λ when the rows of the free set are independent (always for N ≤ d and
    /// full-rank data); where λ is not unique the comparison shows it as fewer verified digits.
    /// The iteration count reported is that of both runs.
    func refine(_ problem: RegularizedLimitProblem, from low: DualNewtonCore.State, precision: Int) throws(LimitError)
        -> DualNewtonCore.State
    {
        let core = DualNewtonCore(problem, precision: precision, iterationLimit: options.iterationLimit).covering(low)
        let start = low.lambda.map { BigFloat($0, precision: core.precision) }
        let lower = core.bounded ? start.map { _ in BigFloat(precision: core.precision) } : nil
        var state = try core.minimize(mu: problem.mu, lower: lower, start: start)
        state.iterations += low.iterations
        return state
    }

    func run(_ problem: RegularizedLimitProblem, precision: Int) throws(LimitError) -> DualNewtonCore.State {
        // The working precision rises along the continuation as the rounding amplification grows (DualNewtonCore).
        var core = DualNewtonCore(problem, precision: precision, iterationLimit: options.iterationLimit)
        var mus: [Rational] = []
        let start = problem.mu > options.continuationStart ? problem.mu : options.continuationStart
        var mu = start
        let half = Rational(1, 2)
        while mu > problem.mu {
            mus.append(mu)
            mu = mu * half
        }
        mus.append(problem.mu)
        var lambda = [BigFloat](repeating: BigFloat(precision: precision), count: problem.sampleCount)
        var state: DualNewtonCore.State? = nil
        var iterations = 0
        for (index, value) in mus.enumerated() {
            // Intermediate μ only start the next solve: 2^-40 is plenty; the target gets full precision.
            let loose = index < mus.count - 1 ? 40 : nil
            let next = try core.minimize(
                mu: value, lower: core.bounded ? lambda.map { _ in BigFloat(precision: core.precision) } : nil,
                start: lambda, looseBits: loose)
            iterations += next.iterations
            lambda = next.lambda
            state = next
            core = core.covering(next)
        }
        state!.iterations = iterations
        return state!
    }

    /// Builds the reported limit from two runs: digits = agreement of `low` and `high`.
    static func compare(_ problem: RegularizedLimitProblem, low: DualNewtonCore.State, high: DualNewtonCore.State) -> RegularizedLimit {
        let digits = Swift.min(AgreedDigits.normwise(low.w, high.w), AgreedDigits.normwise(low.lambda, high.lambda))
        return RegularizedLimit(
            depth: problem.depth, mu: problem.mu, w: high.w, dual: high.lambda, objective: high.primalObjective,
            dualObjective: high.dualObjective, verifiedDigits: digits, residuals: high.residuals,
            precision: high.precision, checkPrecision: low.precision, newtonIterations: high.iterations)
    }

}
