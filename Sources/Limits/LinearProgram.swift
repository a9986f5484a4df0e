import Multiprecision

/// A linear program in standard form on exact rational data (MATH.md §6):
///
///     minimize cᵀx   subject to   Ax = b,   x ≥ 0.
///
/// `solve()` runs the exact two-phase simplex method (`StandardFormSimplex`) and returns the
/// optimum with a certificate verified in exact arithmetic, or throws `LinearProgramError` with an
/// exactly verified Farkas certificate (infeasible) or feasible point and ray (unbounded).
public struct LinearProgram: Sendable {
    /// m × n, m ≥ 1, n ≥ 1.
    public let a: [[Rational]]
    public let b: [Rational]
    public let c: [Rational]
    /// Names of the variables (from the file header, or x1 … xn).
    public let variableNames: [String]

    public var constraintCount: Int { a.count }
    public var variableCount: Int { c.count }

    public init(a: [[Rational]], b: [Rational], c: [Rational], variableNames: [String]? = nil) throws(LinearProgramError) {
        guard !c.isEmpty else { throw .invalidData("the LP has no variables") }
        guard !a.isEmpty else { throw .invalidData("the LP has no constraints") }
        if let bad = a.firstIndex(where: { $0.count != c.count }) {
            throw .invalidData("constraint \(bad + 1) has \(a[bad].count) coefficients, the objective \(c.count)")
        }
        guard b.count == a.count else { throw .invalidData("\(a.count) constraints but \(b.count) right-hand sides") }
        self.a = a
        self.b = b
        self.c = c
        self.variableNames = variableNames ?? (1...c.count).map { "x\($0)" }
    }

    public func solve(iterationLimit: Int? = nil) throws(LinearProgramError) -> LinearProgramSolution {
        let m = constraintCount, n = variableCount
        let limit = iterationLimit ?? (50 * (m + n) + 1000)
        var simplex = StandardFormSimplex(a: a, b: b)
        let phaseOneCosts = (0..<(n + m)).map { $0 >= n ? Rational(1) : Rational() }
        switch simplex.run(costs: phaseOneCosts, artificialsMayEnter: true, iterationLimit: limit) {
        case .optimal: break
        case .unbounded: throw .solverFailed("phase 1 unbounded (impossible: its objective is bounded below by 0)")
        case .iterationLimit: throw .solverFailed("iteration limit \(limit) in phase 1")
        }
        var infeasibility = Rational()
        for r in 0..<m where simplex.isArtificial(simplex.basis[r]) { infeasibility += simplex.values[r] }
        if infeasibility.signum > 0 {
            // Phase-1 duals: Aᵀy ≤ 0 and bᵀy = the infeasibility > 0; normalised to bᵀy = 1.
            let y = simplex.duals(phaseOneCosts).map { $0 / infeasibility }
            throw .infeasible(farkas: y, verified: verifyFarkas(y))
        }
        simplex.driveOutArtificials()
        let costs = c + [Rational](repeating: Rational(), count: m)
        switch simplex.run(costs: costs, artificialsMayEnter: false, iterationLimit: limit) {
        case .optimal: break
        case let .unbounded(q):
            var ray = [Rational](repeating: Rational(), count: n)
            ray[q] = Rational(1)
            for r in 0..<m where !simplex.isArtificial(simplex.basis[r]) { ray[simplex.basis[r]] = -simplex.tableau[r][q] }
            var slope = Rational()
            for j in 0..<n { slope.addProduct(c[j], ray[j]) }
            let normalised = ray.map { $0 / -slope }
            let point = simplex.solution
            throw .unbounded(point: point, ray: normalised, verified: verifyRay(normalised, point: point))
        case .iterationLimit: throw .solverFailed("iteration limit \(limit) in phase 2")
        }
        let x = simplex.solution
        let y = simplex.duals(costs)
        return certify(x: x, y: y, basis: simplex.basis.filter { $0 < n }, pivots: simplex.pivots)
    }

    /// Checks optimality of (x, y) exactly from the data (see `LinearProgramSolution`).
    public func certify(x: [Rational], y: [Rational], basis: [Int] = [], pivots: Int = 0) -> LinearProgramSolution {
        let residual = product(x)
        let primal = x.allSatisfy { $0.signum >= 0 } && residual == b
        let d = (0..<variableCount).map { j in
            var value = c[j]
            for i in 0..<constraintCount { value.subtractProduct(a[i][j], y[i]) }
            return value
        }
        let dual = d.allSatisfy { $0.signum >= 0 }
        let complementary = zip(x, d).allSatisfy { $0.isZero || $1.isZero }
        var objective = Rational()
        for j in 0..<variableCount { objective.addProduct(c[j], x[j]) }
        return LinearProgramSolution(
            x: x, y: y, reducedCosts: d, objective: objective, basis: basis.sorted(),
            primalFeasible: primal, dualFeasible: dual, complementarySlackness: complementary, pivots: pivots)
    }

    /// Ax, exact.
    public func product(_ x: [Rational]) -> [Rational] {
        a.map { row in
            var sum = Rational()
            for (coefficient, value) in zip(row, x) where !coefficient.isZero && !value.isZero { sum.addProduct(coefficient, value) }
            return sum
        }
    }

    private func verifyFarkas(_ y: [Rational]) -> Bool {
        var by = Rational()
        for (value, rhs) in zip(y, b) { by.addProduct(value, rhs) }
        guard by == Rational(1) else { return false }
        for j in 0..<variableCount {
            var sum = Rational()
            for i in 0..<constraintCount { sum.addProduct(a[i][j], y[i]) }
            if sum.signum > 0 { return false }
        }
        return true
    }

    private func verifyRay(_ ray: [Rational], point: [Rational]) -> Bool {
        var slope = Rational()
        for j in 0..<variableCount { slope.addProduct(c[j], ray[j]) }
        return ray.allSatisfy { $0.signum >= 0 } && product(ray).allSatisfy(\.isZero) && slope == Rational(-1)
            && point.allSatisfy { $0.signum >= 0 } && product(point) == b
    }
}
