import Flow
import Limits
import Multiprecision

/// Linear programming with a diagonal network (Wang, Ghosal & Mazumder 2023; MATH.md §6.2, T14):
/// the exact LP optimum with its certificate, and for each λ the flow of x = u∘u from
/// x₀ = exp(−c/λ) to its limit, the entropic-LP KKT check there, and the convergence to the LP
/// optimum as λ → 0 with its rate measured.
///
/// Rate: for a unique, non-degenerate optimum x*, x_λ − x* = O(e^{−Δ/λ}) with Δ = the smallest
/// reduced cost of the variables at zero (exact, from the LP's dual certificate): the variables at
/// zero are x_j = exp(−(d_j + a_jᵀ(μ − μ*))/λ) and μ_λ − μ* = O(λ). `rateFits` gives, between
/// consecutive λ (largest first), Δ_fit = ln(e₁/e₂)/(1/λ₂ − 1/λ₁) with e = ‖x_λ − x*‖∞, which
/// tends to Δ as λ → 0.
public struct LinearProgramFlowStudy: Sendable {
    public let program: LinearProgram
    /// `program` with redundant equality rows dropped (a maximal linearly independent set, kept in
    /// order): the same feasible set when the program is feasible, and the full row rank the
    /// entropic flow and its Newton reference need.
    public let entropicProgram: LinearProgram
    public let lambdas: [String]
    public var digits: Int

    public init(program: LinearProgram, lambdas: [String], digits: Int = 30) throws(LinearProgramError) {
        guard !lambdas.isEmpty else { throw .invalidData("give at least one λ") }
        for text in lambdas {
            guard let value = try? Rational(decimal: text), value.signum > 0 else {
                throw .invalidData("λ must be a positive decimal, got '\(text)'")
            }
        }
        guard Precision.decimalDigitRange.contains(digits) else {
            throw .invalidData("\(digits) digits asked: between 1 and \(Precision.maximumDecimalDigits) can be verified")
        }
        self.program = program
        entropicProgram = try Self.independentRows(program)
        self.lambdas = lambdas
        self.digits = digits
    }

    public struct RateFit: Sendable {
        public let largerLambda: Rational
        public let smallerLambda: Rational
        public let fittedGap: Double
    }

    public struct Report: Sendable {
        public let optimum: LinearProgramSolution
        /// Δ, exact (nil when every variable is positive at the optimum).
        public let gap: Rational?
        public let entries: [EntropicLimitReport]
        public let rateFits: [RateFit]
    }

    public func solve(maximumTime: Double = 1e12) throws -> Report {
        let optimum = try program.solve()
        guard optimum.isVerified else { throw LinearProgramError.solverFailed("the LP certificate failed exact verification") }
        var entries: [EntropicLimitReport] = []
        for text in lambdas {
            entries.append(try entry(text, optimum: optimum, maximumTime: maximumTime))
        }
        let ordered = entries.sorted { $0.lambda > $1.lambda }
        var fits: [RateFit] = []
        for (a, b) in zip(ordered, ordered.dropFirst()) {
            guard let ea = a.distanceToOptimum.log10Magnitude, let eb = b.distanceToOptimum.log10Magnitude else { continue }
            let inverseA = 1 / BigFloat(a.lambda, precision: 53).doubleValue, inverseB = 1 / BigFloat(b.lambda, precision: 53).doubleValue
            fits.append(
                RateFit(largerLambda: a.lambda, smallerLambda: b.lambda, fittedGap: (ea - eb) * 2.302585092994046 / (inverseB - inverseA)))
        }
        return Report(optimum: optimum, gap: optimum.reducedCostGap, entries: entries, rateFits: fits)
    }

    /// The rows of `program` kept greedily while they stay linearly independent (exact Gram test).
    static func independentRows(_ program: LinearProgram) throws(LinearProgramError) -> LinearProgram {
        var kept: [Int] = []
        for i in 0..<program.constraintCount {
            let trial = kept + [i]
            let gram = trial.map { a in
                trial.map { b in
                    var sum = Rational()
                    for j in 0..<program.variableCount { sum.addProduct(program.a[a][j], program.a[b][j]) }
                    return sum
                }
            }
            if ExactLinearSystem.solve(gram, rightHandSides: [trial.map { _ in Rational() }]) != nil { kept = trial }
        }
        guard kept.count < program.constraintCount else { return program }
        return try LinearProgram(
            a: kept.map { program.a[$0] }, b: kept.map { program.b[$0] }, c: program.c, variableNames: program.variableNames)
    }

    private func entry(_ text: String, optimum: LinearProgramSolution, maximumTime: Double) throws -> EntropicLimitReport {
        let lambda = try Rational(decimal: text)
        let reduced = entropicProgram
        var flow = try LinearProgramFlow(a: reduced.a, b: reduced.b, c: reduced.c, lambda: lambda, digits: digits)
        guard try flow.runToLimit(maximumTime: maximumTime) else {
            throw LinearProgramError.solverFailed("λ = \(text): the flow did not reach ‖Ax − b‖∞ ≤ 1e-\(digits) by t = \(maximumTime)")
        }
        let p = flow.precision
        let x = flow.x, mu = flow.multiplier
        let lam = BigFloat(lambda, precision: p)
        let m = reduced.constraintCount, n = reduced.variableCount
        var primal = BigFloat(precision: p), stationarity = BigFloat(precision: p)
        for value in flow.residual { primal = BigFloat.maximum(primal, value.magnitude) }
        var smallest = x[0]
        for j in 0..<n {
            var value = BigFloat(program.c[j], precision: p) + lam * BigFloat.log(x[j])
            for i in 0..<m { value += BigFloat(reduced.a[i][j], precision: p) * mu[i] }
            stationarity = BigFloat.maximum(stationarity, value.magnitude)
            smallest = BigFloat.minimum(smallest, x[j])
        }
        let reference = try EntropicLinearProgram(program: reduced, lambda: lambda, digits: digits + 5).solve()
        var scale = BigFloat(1, precision: p), difference = BigFloat(precision: p)
        var distance = BigFloat(precision: p), objective = BigFloat(precision: p)
        for j in 0..<n {
            scale = BigFloat.maximum(scale, reference.x[j].magnitude)
            difference = BigFloat.maximum(difference, (x[j] - BigFloat(reference.x[j], precision: p)).magnitude)
            distance = BigFloat.maximum(distance, (x[j] - BigFloat(optimum.x[j], precision: p)).magnitude)
            // cᵀx − cᵀx* = dᵀx + yᵀ(Ax − b) (d = c − Aᵀy ≥ 0): each term has relative accuracy.
            objective += BigFloat(optimum.reducedCosts[j], precision: p) * x[j]
        }
        // The residual of every original row (a dropped row is a combination of the kept ones).
        for i in 0..<program.constraintCount {
            var r = -BigFloat(program.b[i], precision: p)
            for j in 0..<n { r += BigFloat(program.a[i][j], precision: p) * x[j] }
            objective += BigFloat(optimum.y[i], precision: p) * r
        }
        let relative = difference / scale
        let verified = relative.isZero ? digits : Swift.min(digits, Swift.max(0, Int((-(relative.log10Magnitude ?? 0)).rounded(.down))))
        return EntropicLimitReport(
            lambdaText: text, lambda: lambda, time: flow.time, steps: flow.acceptedSteps, rejectedSteps: flow.rejectedSteps, precision: p,
            x: x, multiplier: mu, primalResidual: primal, stationarityResidual: stationarity, smallestEntry: smallest,
            referenceX: reference.x, referenceIterations: reference.iterations, referenceDistance: relative, verifiedDigits: verified,
            distanceToOptimum: distance, objectiveGap: objective)
    }
}
