import LinearAlgebra
import Multiprecision

/// The entropic linear program of MATH.md §6.2 at strength λ > 0:
///
///     minimize cᵀx + λ Σ_j (x_j ln x_j − x_j)   subject to   Ax = b,
///
/// solved through its smooth concave dual max_μ −bᵀμ − λ Σ_j exp(−(c_j + a_jᵀμ)/λ), whose
/// maximizer gives x_j = exp(−(c_j + a_jᵀμ)/λ) > 0 with Ax = b (the KKT conditions: stationarity
/// c + λ ln x + Aᵀμ = 0 holds by construction). Damped Newton's method from μ = 0 in MPFR:
/// direction Δ = λ(A diag(x) Aᵀ)⁻¹(Ax − b), backtracking until the dual objective increases
/// (Armijo) or, near the optimum where objective values lose resolution, until ‖Ax − b‖ decreases
/// (MATH.md §10.8).
///
/// Contract: on success ‖Ax − b‖∞ ≤ 10^−digits · max(1, ‖b‖∞), with x and μ at a precision of
/// digits·log₂10 + 40 + log₂(1 + max|c|/λ) bits. Needs a strictly feasible LP (some x > 0 with
/// Ax = b) and A of full row rank; otherwise Newton fails and says so.
public struct EntropicLinearProgram: Sendable {
    public let program: LinearProgram
    public let lambda: Rational
    public let digits: Int

    public init(program: LinearProgram, lambda: Rational, digits: Int) throws(LinearProgramError) {
        guard lambda.signum > 0 else { throw .invalidData("λ must be positive, got \(ExactDecimal.brief(lambda))") }
        guard digits >= 1 else { throw .invalidData("ask for at least one digit") }
        self.program = program
        self.lambda = lambda
        self.digits = digits
    }

    public struct Solution: Sendable {
        public let x: [BigFloat]
        public let multiplier: [BigFloat]
        /// ‖Ax − b‖∞ at the solution.
        public let residual: BigFloat
        public let iterations: Int
        public let precision: Int
    }

    public func solve(iterationLimit: Int = 10_000) throws(LinearProgramError) -> Solution {
        let m = program.constraintCount, n = program.variableCount
        var largest = 0.0
        for value in program.c { largest = Swift.max(largest, BigFloat(value.magnitude / lambda, precision: 53).doubleValue) }
        let p = Int((Double(digits) * 3.3219280948873626).rounded(.up)) + 40 + Int((1 + largest).exponent) + 1
        let a = program.a.map { $0.map { BigFloat($0, precision: p) } }
        let b = program.b.map { BigFloat($0, precision: p) }
        let lam = BigFloat(lambda, precision: p)
        let cOverLambda = program.c.map { BigFloat($0 / lambda, precision: p) }
        var scale = BigFloat(1, precision: p)
        for value in b { scale = BigFloat.maximum(scale, value.magnitude) }
        let target = BigFloat.pow(BigFloat(10, precision: p), -digits) * scale

        func primal(_ mu: [BigFloat]) -> [BigFloat] {
            (0..<n).map { j in
                var exponent = cOverLambda[j]
                for i in 0..<m { exponent += a[i][j] * mu[i] / lam }
                return BigFloat.exp(-exponent)
            }
        }
        func gradient(_ x: [BigFloat]) -> [BigFloat] {
            (0..<m).map { i in
                var sum = -b[i]
                for j in 0..<n { sum += a[i][j] * x[j] }
                return sum
            }
        }
        func objective(_ mu: [BigFloat], _ x: [BigFloat]) -> BigFloat {
            var value = BigFloat(precision: p)
            for i in 0..<m { value -= b[i] * mu[i] }
            for j in 0..<n { value -= lam * x[j] }
            return value
        }
        func norm(_ v: [BigFloat]) -> BigFloat { v.reduce(BigFloat(precision: p)) { BigFloat.maximum($0, $1.magnitude) } }

        var mu = [BigFloat](repeating: BigFloat(precision: p), count: m)
        var x = primal(mu)
        var g = gradient(x)
        var iterations = 0
        while norm(g) > target {
            guard iterations < iterationLimit else {
                throw .solverFailed("entropic LP: Newton did not converge in \(iterationLimit) iterations")
            }
            iterations += 1
            var hessian = BigMatrix(rows: m, columns: m, precision: p)
            for r in 0..<m {
                for s in r..<m {
                    var sum = BigFloat(precision: p)
                    for j in 0..<n where !a[r][j].isZero && !a[s][j].isZero { sum += a[r][j] * x[j] * a[s][j] }
                    hessian[r, s] = sum
                    hessian[s, r] = sum
                }
            }
            guard let lu = LUFactorization(hessian) else {
                throw .solverFailed("entropic LP: A diag(x) Aᵀ is singular (A must have full row rank)")
            }
            var direction = BigVector(g, precision: p)
            lu.solve(&direction)
            let step = (0..<m).map { lam * direction[$0] }
            var slope = BigFloat(precision: p)  // ∇Dᵀ Δ = gᵀΔ > 0
            for i in 0..<m { slope += g[i] * step[i] }
            let current = objective(mu, x), currentNorm = norm(g)
            var t = BigFloat(1, precision: p)
            var accepted = false
            for _ in 0..<200 {
                let trial = (0..<m).map { mu[$0] + t * step[$0] }
                let trialX = primal(trial)
                let trialG = gradient(trialX)
                let gain = objective(trial, trialX) - current
                if gain >= BigFloat(Rational(1, 10_000), precision: p) * t * slope || norm(trialG) < currentNorm / 2 {
                    mu = trial
                    x = trialX
                    g = trialG
                    accepted = true
                    break
                }
                t = t / 2
            }
            guard accepted else { throw .solverFailed("entropic LP: no ascent step found (is the LP strictly feasible?)") }
        }
        return Solution(x: x, multiplier: mu, residual: norm(g), iterations: iterations, precision: p)
    }
}
