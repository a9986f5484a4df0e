import CMPFR
import LinearAlgebra
import Multiprecision

/// Solves a `LimitProblem` into an exact `Limit` with a verified certificate.
///
/// Strategy (the same for every kind): a floating (`Double`) solve only *chooses* a basis (LP) or a
/// support set (QP); that choice is re-solved in exact rational arithmetic by fraction-free
/// elimination on a system whose size is the number of basic structural columns / support vectors
/// (≤ N, never d), and the result is accepted only if its `Certificate` verifies exactly. If the
/// floating choice is wrong, an exact solver takes over (the revised simplex or the active-set
/// method in `Rational`, warm-started where possible). No rational ever passes through a `Double`.
public struct ExactLimitSolver: Sendable {
    public struct Options: Sendable {
        /// Use the floating warm start (default). When false the exact solvers run from scratch;
        /// the answer is the same, only slower.
        public var floatingWarmStart = true
        /// Iteration limit of each simplex phase / active-set run.
        public var iterationLimit = 100_000
        public init(floatingWarmStart: Bool = true, iterationLimit: Int = 100_000) {
            self.floatingWarmStart = floatingWarmStart
            self.iterationLimit = iterationLimit
        }
    }

    public let options: Options
    public init(options: Options = .init()) { self.options = options }

    public func solve(_ problem: LimitProblem) throws(LimitError) -> Limit {
        let clock = ContinuousClock()
        let started = clock.now
        let limit: Limit
        switch problem.kind {
        case .l1Margin, .l1Interpolation: limit = try solveLinearProgram(problem)
        case .l2Margin: limit = try solveMarginQuadratic(problem)
        case .l2Interpolation: limit = try solveInterpolationQuadratic(problem)
        }
        var statistics = limit.statistics
        statistics.exactSeconds = Self.seconds(clock.now - started) - statistics.floatingSeconds
        return Limit(
            kind: limit.kind, w: limit.w, dual: limit.dual, objective: limit.objective, certificate: limit.certificate,
            uniqueness: limit.uniqueness, statistics: statistics)
    }

    /// 2^-e with 2^(e−1) ≤ x < 2^e roughly (from the sizes of numerator and denominator), as a
    /// Double; exact powers of two keep the floating data exact up to its own rounding.
    static func powerOfTwoScale(_ x: Rational) -> Double {
        let e = x.withMPQ { q in Int(bf_mpz_sizeinbase(bf_mpq_numref_const(q), 2)) - Int(bf_mpz_sizeinbase(bf_mpq_denref_const(q), 2)) }
        let clamped = Swift.max(-1000, Swift.min(1000, e))
        return Double(sign: .plus, exponent: -clamped, significand: 1)
    }

    /// 2^-e as an exact rational, with e ≈ log2 x from the sizes of numerator and denominator.
    static func powerOfTwo(_ x: Rational) -> Rational {
        let e = x.withMPQ { q in Int(bf_mpz_sizeinbase(bf_mpq_numref_const(q), 2)) - Int(bf_mpz_sizeinbase(bf_mpq_denref_const(q), 2)) }
        var result = Rational(1)
        let two = Rational(2)
        for _ in 0..<abs(e) { result = result * two }
        return e >= 0 ? result.reciprocal : result
    }

    static func seconds(_ duration: Duration) -> Double {
        let (s, attoseconds) = duration.components
        return Double(s) + Double(attoseconds) * 1e-18
    }

    // MARK: l1: linear programs

    func solveLinearProgram(_ problem: LimitProblem) throws(LimitError) -> Limit {
        let surplus = problem.kind == .l1Margin
        var statistics = Limit.Statistics()
        var floatingHeads: [Int]? = nil
        if options.floatingWarmStart {
            // Each row and its right-hand side scaled by a power of two near 1/max|row| (an exact
            // LP transformation: the basis, which is all a floating solve delivers, is unchanged),
            // so that the absolute tolerances of the floating simplex fit data of any magnitude.
            var rows: [[Rational]] = []
            var rhs: [Rational] = []
            for (row, b) in zip(problem.matrix, problem.rhs) {
                let largest = row.map { $0.magnitude }.max() ?? Rational(1)
                let scale = largest.isZero ? Rational(1) : Self.powerOfTwo(largest)
                rows.append(row.map { $0 * scale })
                rhs.append(b * scale)
            }
            let clock = ContinuousClock()
            let started = clock.now
            // 1. Double.
            var floating = RevisedSimplex<Double>(
                matrix: rows.map { $0.map(Double.init(rationalValue:)) }, rhs: rhs.map(Double.init(rationalValue:)),
                hasSurplus: surplus, refactorInterval: 50)
            let result = floating.solve(iterationLimit: options.iterationLimit)
            statistics.floatingSeconds = Self.seconds(clock.now - started)
            statistics.floatingIterations = floating.pivots
            if case .optimal = result {
                floatingHeads = floating.heads
                if let limit = exactLimit(problem, heads: floating.heads, statistics: &statistics) { return limit }
            }
            if case .infeasible = result { try throwExactFarkas(problem, phaseOneHeads: floating.heads) }
            // 2. MPFR at 256 bits, warm from the Double basis when it is feasible there: resolves
            //    data that differ below double resolution without an exact simplex.
            var precise = RevisedSimplex<BigFloat>(
                matrix: rows.map { $0.map(BigFloat.init(rationalValue:)) }, rhs: rhs.map(BigFloat.init(rationalValue:)),
                hasSurplus: surplus, refactorInterval: 200)
            var warm = false
            if let heads = floatingHeads {
                var candidate = precise
                candidate.heads = heads
                if candidate.refactor(), candidate.values.allSatisfy({ $0.toleratedSign >= 0 }),
                    zip(candidate.heads, candidate.values).allSatisfy({ !candidate.isArtificial($0) || $1.toleratedSign == 0 })
                {
                    precise = candidate
                    warm = true
                }
            }
            let before = precise.pivots
            let preciseResult = precise.solve(iterationLimit: options.iterationLimit, skipPhaseOne: warm)
            statistics.floatingIterations += precise.pivots - before
            statistics.floatingSeconds = Self.seconds(clock.now - started)
            if case .optimal = preciseResult {
                floatingHeads = precise.heads
                if let limit = exactLimit(problem, heads: precise.heads, statistics: &statistics) { return limit }
            }
            if case .infeasible = preciseResult { try throwExactFarkas(problem, phaseOneHeads: precise.heads) }
        }
        // Exact simplex: warm from the floating basis when that basis is exactly primal feasible.
        var exact = RevisedSimplex<Rational>(matrix: problem.matrix, rhs: problem.rhs, hasSurplus: surplus, refactorInterval: nil)
        exact.integerMatrix = problem.integerMatrix
        var warm = false
        if let heads = floatingHeads {
            var candidate = exact
            candidate.heads = heads
            if candidate.refactor(), candidate.values.allSatisfy({ $0.signum >= 0 }),
                zip(candidate.heads, candidate.values).allSatisfy({ !candidate.isArtificial($0) || $1.isZero })
            {
                exact = candidate
                warm = true
            }
        }
        let before = exact.pivots
        let result = exact.solve(iterationLimit: options.iterationLimit, skipPhaseOne: warm)
        statistics.exactIterations = exact.pivots - before
        switch result {
        case .optimal:
            guard let limit = exactLimit(problem, heads: exact.heads, statistics: &statistics) else {
                throw .solverFailed("the exact simplex basis did not verify (internal error)")
            }
            statistics.warmStartAccepted = false
            return Limit(
                kind: limit.kind, w: limit.w, dual: limit.dual, objective: limit.objective,
                certificate: limit.certificate, uniqueness: limit.uniqueness, statistics: statistics)
        case let .infeasible(farkas):
            let certificate = FarkasCertificate.check(problem, combination: farkas)
            throw problem.kind.isClassification ? .notSeparable(certificate) : .inconsistent(certificate)
        case let .failed(why):
            throw .solverFailed(why)
        }
    }

    /// If the final phase-1 basis `heads` of a floating run proves infeasibility exactly, throws the
    /// verified Farkas certificate y = B^{-T} c_B (phase-1 costs; row scaling does not change it);
    /// returns otherwise. The basis system is solved exactly in the original data.
    func throwExactFarkas(_ problem: LimitProblem, phaseOneHeads heads: [Int]) throws(LimitError) {
        let m = problem.sampleCount, d = problem.featureCount
        let structuralCount = 2 * d + (problem.kind == .l1Margin ? m : 0)
        var columns: [[Rational]] = []
        var costs: [Rational] = []
        for q in heads {
            var column = [Rational](repeating: Rational(), count: m)
            if q < 2 * d {
                let j = q < d ? q : q - d
                for i in 0..<m { column[i] = q < d ? problem.matrix[i][j] : -problem.matrix[i][j] }
                costs.append(Rational())
            } else if q < structuralCount {
                column[q - 2 * d] = Rational(-1)
                costs.append(Rational())
            } else {
                let i = q - structuralCount
                column[i] = Rational(problem.rhs[i].signum < 0 ? -1 : 1)
                costs.append(Rational(1))
            }
            columns.append(column)
        }
        // Bᵀ y = c_B: row r of Bᵀ is column r of B.
        guard let y = ExactLinearSystem.solve(columns, rightHandSides: [costs])?.first else { return }
        let certificate = FarkasCertificate.check(problem, combination: y)
        guard certificate.isVerified else { return }
        throw problem.kind.isClassification ? .notSeparable(certificate) : .inconsistent(certificate)
    }

    /// Re-solves the basis `heads` exactly through its reduced square system and returns the limit
    /// if the certificate verifies; nil otherwise.
    func exactLimit(_ problem: LimitProblem, heads: [Int], statistics: inout Limit.Statistics) -> Limit? {
        let m = problem.sampleCount, d = problem.featureCount
        let surplus = problem.kind == .l1Margin
        let structuralCount = 2 * d + (surplus ? m : 0)
        var columns: [(feature: Int, sign: Int)] = []
        var unitRows = Set<Int>()
        for q in heads {
            if q < d {
                columns.append((q, 1))
            } else if q < 2 * d {
                columns.append((q - d, -1))
            } else if q < structuralCount {
                unitRows.insert(q - 2 * d)
            } else {
                unitRows.insert(q - structuralCount)
            }
        }
        let rows = (0..<m).filter { !unitRows.contains($0) }
        guard rows.count == columns.count else { return nil }
        let c = rows.map { i in
            columns.map { column in column.sign > 0 ? problem.matrix[i][column.feature] : -problem.matrix[i][column.feature] }
        }
        let transposed = columns.indices.map { k in rows.indices.map { i in c[i][k] } }
        guard let x = ExactLinearSystem.solve(c, rightHandSides: [rows.map { problem.rhs[$0] }])?.first,
            let yR = ExactLinearSystem.solve(transposed, rightHandSides: [columns.map { _ in Rational(1) }])?.first
        else { return nil }
        guard x.allSatisfy({ $0.signum >= 0 }) else { return nil }
        var w = [Rational](repeating: Rational(), count: d)
        for (k, column) in columns.enumerated() { w[column.feature] = column.sign > 0 ? x[k] : -x[k] }
        var y = [Rational](repeating: Rational(), count: m)
        for (k, i) in rows.enumerated() { y[i] = yR[k] }
        let certificate = Certificate.check(problem, w: w, dual: y)
        guard certificate.isVerified else { return nil }
        statistics.warmStartAccepted = true
        statistics.exactSystemSize = columns.count
        return Limit(
            kind: problem.kind, w: w, dual: y, objective: certificate.primalObjective, certificate: certificate,
            uniqueness: linearUniqueness(problem, certificate: certificate, dual: y, basicValues: x, columns: columns, unitRows: unitRows),
            statistics: statistics)
    }

    /// Uniqueness read off an exact optimal basis: the primal optimum is unique when no nonbasic
    /// column has zero reduced cost (dual non-degeneracy); the dual optimum is unique when no basic
    /// variable is zero (primal non-degeneracy). Otherwise the optimal face is described.
    func linearUniqueness(
        _ problem: LimitProblem, certificate: Certificate, dual: [Rational], basicValues: [Rational],
        columns: [(feature: Int, sign: Int)], unitRows: Set<Int>
    ) -> Limit.Uniqueness {
        let s = certificate.dualImage
        let one = Rational(1)
        let basic = Set(columns.map { $0.feature * 2 + ($0.sign > 0 ? 0 : 1) })
        var zeroReducedCost: [String] = []
        for (j, sj) in s.enumerated() {
            if sj == one && !basic.contains(2 * j) { zeroReducedCost.append("+w\(j + 1)") }
            if sj == -one && !basic.contains(2 * j + 1) { zeroReducedCost.append("-w\(j + 1)") }
        }
        if problem.kind.isClassification {
            for (n, value) in dual.enumerated() where value.isZero && !unitRows.contains(n) {
                zeroReducedCost.append("surplus\(n + 1)")
            }
        }
        var degenerate = basicValues.filter(\.isZero).count
        if problem.kind.isClassification {
            let margins = certificate.constraintValues
            degenerate += unitRows.filter { margins[$0] == one }.count
        }
        let primalUnique = zeroReducedCost.isEmpty
        let dualUnique = degenerate == 0
        var notes: [String] = []
        if primalUnique {
            notes.append("primal unique: every nonbasic reduced cost is positive")
        } else {
            notes.append(
                "primal optimum possibly not unique: zero reduced cost on \(zeroReducedCost.joined(separator: ", ")); "
                    + "the optimal set is the feasible set restricted to the columns with zero reduced cost")
        }
        notes.append(
            dualUnique
                ? "dual unique: the optimal basis is primal non-degenerate"
                : "dual optimum possibly not unique: \(degenerate) basic variable(s) at zero (degenerate vertex)")
        return Limit.Uniqueness(primalUnique: primalUnique, dualUnique: dualUnique, note: notes.joined(separator: "; "))
    }

    // MARK: l2-margin: convex QP through its dual (an NNLS-type problem over N multipliers)

    func solveMarginQuadratic(_ problem: LimitProblem) throws(LimitError) -> Limit {
        var statistics = Limit.Statistics()
        let data = problem.integerMatrix
        let gram = data.gram()
        let ones = problem.rhs
        var startingSupport: [Int] = []
        if options.floatingWarmStart {
            // One global power-of-two scale σ ≈ 1/max G_ij: σG has the same optimal support (λ/σ).
            let largest = gram.flatMap { $0 }.map { $0.magnitude }.max() ?? Rational(1)
            let sigma = largest.isZero ? 1.0 : Self.powerOfTwoScale(largest)
            let sigmaRational = largest.isZero ? Rational(1) : Self.powerOfTwo(largest)
            let floatingGram = gram.map { $0.map { Double(rationalValue: $0) * sigma } }
            let floating = BoundedQuadraticActiveSet<Double>(
                gram: floatingGram, linear: ones.map { _ in 1.0 }, solveSystem: DoubleLinearSystem.solve)
            let clock = ContinuousClock()
            let started = clock.now
            let floatingResult = floating.solve()
            statistics.floatingSeconds = Self.seconds(clock.now - started)
            if case let .solved(_, support, iterations) = floatingResult {
                statistics.floatingIterations = iterations
                startingSupport = support
                if let limit = marginLimitFromSupport(problem, gram: gram, support: support, statistics: &statistics) {
                    return limit
                }
            }
            // MPFR at 256 bits from the Double support: resolves sub-double differences.
            let preciseGram = gram.map { $0.map { BigFloat(rationalValue: $0 * sigmaRational) } }
            let precise = BoundedQuadraticActiveSet<BigFloat>(gram: preciseGram, linear: ones.map { _ in BigFloat.one }) { rows, rhs in
                let n = rhs.count
                guard n > 0 else { return [] }
                var matrix = BigMatrix(rows: n, columns: n, precision: BigFloat.simplexPrecision)
                for i in 0..<n { for j in 0..<n { matrix[i, j] = rows[i][j] } }
                guard let lu = LUFactorization(matrix) else { return nil }
                var b = BigVector(rhs, precision: BigFloat.simplexPrecision)
                lu.solve(&b)
                return b.elements
            }
            if case let .solved(_, support, iterations) = precise.solve(startingSupport: startingSupport) {
                statistics.floatingIterations += iterations
                startingSupport = support
                if let limit = marginLimitFromSupport(problem, gram: gram, support: support, statistics: &statistics) {
                    return limit
                }
            }
        }
        let exact = BoundedQuadraticActiveSet<Rational>(gram: gram, linear: ones) { rows, rhs in
            ExactLinearSystem.solve(rows, rightHandSides: [rhs])?.first
        }
        switch exact.solve(startingSupport: startingSupport, iterationLimit: options.iterationLimit) {
        case let .solved(_, support, iterations):
            statistics.exactIterations = iterations
            if var limit = marginLimitFromSupport(problem, gram: gram, support: support, statistics: &statistics) {
                statistics.warmStartAccepted = false
                limit = Limit(
                    kind: limit.kind, w: limit.w, dual: limit.dual, objective: limit.objective,
                    certificate: limit.certificate, uniqueness: limit.uniqueness, statistics: statistics)
                return limit
            }
            throw .solverFailed("the exact active-set support did not verify (internal error)")
        case let .failed(why):
            // Unbounded dual ⇔ not separable: the LP's phase 1 gives the exact Farkas certificate.
            _ = try solveLinearProgram(try LimitProblem(kind: .l1Margin, classificationRows: problem.matrix))
            throw .solverFailed("the l2-margin active set failed on separable data: \(why)")
        }
    }

    func marginLimitFromSupport(_ problem: LimitProblem, gram: [[Rational]], support: [Int], statistics: inout Limit.Statistics) -> Limit? {
        let rows = support.map { i in support.map { j in gram[i][j] } }
        guard let lambdaS = ExactLinearSystem.solve(rows, rightHandSides: [support.map { _ in Rational(1) }])?.first,
            lambdaS.allSatisfy({ $0.signum >= 0 })
        else { return nil }
        var lambda = [Rational](repeating: Rational(), count: problem.sampleCount)
        for (k, n) in support.enumerated() { lambda[n] = lambdaS[k] }
        let w = problem.integerMatrix.multiplyTransposed(lambda)
        let certificate = Certificate.check(problem, w: w, dual: lambda)
        guard certificate.isVerified else { return nil }
        statistics.warmStartAccepted = true
        statistics.exactSystemSize = support.count
        // w is unique (strictly convex objective). λ is unique iff the tight rows are independent.
        let margins = certificate.constraintValues
        let tight = (0..<problem.sampleCount).filter { margins[$0] == Rational(1) }
        let tightGram = tight.map { i in tight.map { j in gram[i][j] } }
        let independent =
            tight.count == support.count
            || ExactLinearSystem.solve(tightGram, rightHandSides: [tight.map { _ in Rational(1) }]) != nil
        let weak = tight.filter { lambda[$0].isZero }
        var note = "primal unique: strictly convex objective"
        note +=
            independent
            ? "; dual unique: the tight constraints' rows z_n are linearly independent"
            : "; dual optimum not unique: the tight rows z_n are linearly dependent (any λ ≥ 0 on them with Zᵀλ = ŵ₂ is optimal)"
        if !weak.isEmpty { note += "; weakly active constraints (margin 1, λ = 0): \(weak.map { String($0 + 1) }.joined(separator: ", "))" }
        return Limit(
            kind: problem.kind, w: w, dual: lambda, objective: certificate.primalObjective, certificate: certificate,
            uniqueness: .init(primalUnique: true, dualUnique: independent, note: note), statistics: statistics)
    }

    // MARK: l2-interpolation: X^T (X X^T)^{-1} y

    func solveInterpolationQuadratic(_ problem: LimitProblem) throws(LimitError) -> Limit {
        var statistics = Limit.Statistics()
        let data = problem.integerMatrix
        let gram = data.gram()
        var rowsUsed = Array(0..<problem.sampleCount)
        var nu: [Rational]
        if let solution = ExactLinearSystem.solve(gram, rightHandSides: [problem.rhs])?.first {
            nu = solution
        } else {
            // Rank-deficient X: decide consistency exactly with the LP's phase 1 (Farkas if not),
            // then keep a maximal independent set of rows (greedy, exact).
            _ = try solveLinearProgram(try LimitProblem(kind: .l1Interpolation, regressionRows: problem.matrix, targets: problem.rhs))
            rowsUsed = []
            for n in 0..<problem.sampleCount {
                let candidate = rowsUsed + [n]
                let sub = candidate.map { i in candidate.map { j in gram[i][j] } }
                if ExactLinearSystem.solve(sub, rightHandSides: [candidate.map { _ in Rational() }]) != nil { rowsUsed = candidate }
            }
            let sub = rowsUsed.map { i in rowsUsed.map { j in gram[i][j] } }
            guard let solution = ExactLinearSystem.solve(sub, rightHandSides: [rowsUsed.map { problem.rhs[$0] }])?.first else {
                throw .solverFailed("no independent row subset found (internal error)")
            }
            nu = [Rational](repeating: Rational(), count: problem.sampleCount)
            for (k, n) in rowsUsed.enumerated() { nu[n] = solution[k] }
        }
        let w = data.multiplyTransposed(nu)
        let certificate = Certificate.check(problem, w: w, dual: nu)
        guard certificate.isVerified else { throw .solverFailed("the min-l2 interpolator did not verify (internal error)") }
        statistics.exactSystemSize = rowsUsed.count
        let full = rowsUsed.count == problem.sampleCount
        return Limit(
            kind: problem.kind, w: w, dual: nu, objective: certificate.primalObjective, certificate: certificate,
            uniqueness: .init(
                primalUnique: true, dualUnique: full,
                note: "primal unique: strictly convex objective"
                    + (full
                        ? "; dual unique: X has full row rank"
                        : "; dual not unique: X has rank \(rowsUsed.count) < \(problem.sampleCount) (ν + null(Xᵀ) is optimal)")),
            statistics: statistics)
    }
}
