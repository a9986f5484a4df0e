import Testing
import Datasets
import Multiprecision
@testable import Limits

/// argmin Q^D_μ, the sweep path and the l_{2/D} KKT check against MATH.md T5, T6, T8, T10, T11
/// and against the exact limits.
@Suite struct RegularizedLimitTests {
    static func qMu(depth: Int, mu: String, precision: Int = 192) throws -> RegularizedLimit {
        let problem = try RegularizedLimitProblem(classificationRows: Fixtures.f1, depth: depth, mu: Fixtures.decimal(mu))
        return try DualNewtonSolver(options: .init(precision: precision)).solve(problem)
    }

    static func doubles(_ v: [BigFloat]) -> [Double] { v.map(\.doubleValue) }

    @Test(arguments: [2, 3, 4])
    func kernelRegimeMatchesMaxMarginL2(depth: Int) throws {
        // MATH.md T5: at μ = 100 argmin Q_μ agrees with ŵ₂ to 1e−4; and the multipliers are
        // λ ≈ λ_SVM / (c_D μ) (MATH.md §2.3 item 3), c_D = h_D'(0).
        let limit = try Self.qMu(depth: depth, mu: "100")
        let exact = try LimitProblem(kind: .l2Margin, classificationRows: Fixtures.f1).solve()
        #expect(Fixtures.distance(Self.doubles(limit.w), Fixtures.doubles(exact.w)) < 1e-4)
        let c = depth == 2 ? 2.0 : 2.0 * Double(depth) / Double(depth - 2)
        for (lambda, svm) in zip(Self.doubles(limit.dual), Fixtures.doubles(exact.dual)) {
            #expect(abs(lambda - svm / (c * 100)) <= 1e-2 * svm / (c * 100) + 1e-12)
        }
        #expect(limit.verifiedDigits >= 40)
    }

    @Test(arguments: [2, 3])
    func smallMuApproachesMaxMarginL1(depth: Int) throws {
        // MATH.md T5 / §2.3: Q^D_μ → ‖·‖₁ as μ → 0; logarithmically for D = 2, polynomially for D > 2.
        let exact = Fixtures.doubles(try LimitProblem(kind: .l1Margin, classificationRows: Fixtures.f1).solve().w)
        let mus = ["0.1", "0.01", "0.001", "0.0001"]
        let distances = try mus.map { Fixtures.distance(Self.doubles(try Self.qMu(depth: depth, mu: $0, precision: 128).w), exact) }
        for k in 1..<distances.count { #expect(distances[k] < distances[k - 1]) }
        if depth == 2 {
            // ‖w − ŵ₁‖ · log(1/μ) stays of order one (C/log rate), it does not decay like a power.
            let products = zip(distances, [0.1, 0.01, 0.001, 0.0001]).map { $0 * -naturalLog($1) }
            #expect(products.allSatisfy { $0 > 0.2 && $0 < 2 })
        } else {
            // Polynomial: at least a factor 3 per decade at the small end.
            #expect(distances[3] < distances[2] / 3)
        }
    }

    @Test func t6JointLimitMultipliers() throws {
        // MATH.md T6, D = 3, μ = 0.05: argmin Q_μ multipliers (0.28050, 0.26048, 0.23068, 0) and
        // sweep multipliers (0.28540, 0.23772, 0.24747, 0); they differ because λ₃ is not monotone.
        let problem = try RegularizedLimitProblem(classificationRows: Fixtures.f1, depth: 3, mu: Fixtures.decimal("0.05"))
        let argmin = try DualNewtonSolver(options: .init(precision: 128)).solve(problem)
        let sweep = try SweepPath(problem, options: .init(precision: 128)).solve()
        #expect(Fixtures.maxDifference(Self.doubles(argmin.dual), [0.28050, 0.26048, 0.23068, 0]) < 1e-5)
        #expect(Fixtures.maxDifference(Self.doubles(sweep.dual), [0.28540, 0.23772, 0.24747, 0]) < 1e-5)
        #expect(argmin.dual[3].isZero && sweep.dual[3].isZero)
        // GF tracks the sweep to 3.9e−4 / 2.3e−5 while its distance to argmin stalls at 1.9e−2:
        // so ‖sweep − argmin‖ ∈ 1.87e−2 ± 4e−4 (MATH.md T6 table).
        let gap = Fixtures.distance(Self.doubles(sweep.w), Self.doubles(argmin.w))
        #expect(abs(gap - 0.0187) < 1e-3)
        #expect(argmin.verifiedDigits >= 25 && sweep.verifiedDigits >= 25)
        // MATH.md T6: λ*₃(μ) of argmin Q_μ peaks near μ ≈ 0.1 at 0.2473 and falls to 0.2307 at 0.05.
        let third = try ["0.2", "0.1", "0.05"].map { try Self.qMu(depth: 3, mu: $0, precision: 96).dual[2].doubleValue }
        #expect(abs(third[1] - 0.2473) < 1e-4 && third[1] > third[0] && third[1] > third[2])
        // KKT of the sweep step: margins ≥ 1 and complementary slackness against the previous bound.
        #expect(sweep.residuals.primalInfeasibility.doubleValue < 1e-25)
        #expect(sweep.residuals.complementarity.doubleValue < 1e-25)
    }

    @Test(arguments: [(2, "0.5"), (2, "0.05"), (3, "0.5")])
    func sweepEqualsArgminWhenMultipliersAreMonotone(depth: Int, mu: String) throws {
        // MATH.md T6: without non-monotone multipliers the sweep and argmin Q_μ coincide.
        let problem = try RegularizedLimitProblem(classificationRows: Fixtures.f1, depth: depth, mu: Fixtures.decimal(mu))
        let argmin = try DualNewtonSolver(options: .init(precision: 128)).solve(problem)
        let sweep = try SweepPath(problem, stepsPerDecade: 25, options: .init(precision: 128)).solve()
        #expect(Fixtures.distance(Self.doubles(sweep.w), Self.doubles(argmin.w)) < 1e-20)
    }

    @Test func sweepAtManyMuEqualsSingleSolves() throws {
        // One pass down the fixed grid gives T at several μ; each equals its own single-μ pass.
        let problem = try RegularizedLimitProblem(classificationRows: Fixtures.f1, depth: 3, mu: Fixtures.decimal("0.05"))
        let mus = ["0.3", "0.05", "0.1"].map(Fixtures.decimal)
        let path = try SweepPath(problem, stepsPerDecade: 20, options: .init(precision: 96))
        let together = try path.solve(at: mus)
        for (mu, limit) in zip(mus, together) {
            let alone = try SweepPath(problem.with(mu: mu), stepsPerDecade: 20, options: .init(precision: 96)).solve()
            #expect(limit.mu == mu)
            #expect(limit.w.map(\.description) == alone.w.map(\.description))
        }
        // Multipliers never decrease along the path (the defining property of the sweep).
        for (earlier, later) in [(together[0], together[2]), (together[2], together[1])] {
            for (a, b) in zip(earlier.dual, later.dual) { #expect(a <= b) }
        }
    }

    @Test func moreSamplesThanFeatures() throws {
        // N = 30 > d = 3: the dual Hessian is singular; damped Newton must still converge to
        // ŵ₂ at large μ and reach the KKT point with tiny residuals at small μ.
        let rows = RandomRationalData(samples: 30, features: 3, seed: 44).rows.map { row in
            [row[0].magnitude + Rational(1)] + row.dropFirst()
        }
        let exact = try LimitProblem(kind: .l2Margin, classificationRows: rows).solve()
        let large = try DualNewtonSolver(options: .init(precision: 96)).solve(
            try RegularizedLimitProblem(classificationRows: rows, depth: 2, mu: Rational(100)))
        #expect(Fixtures.distance(Self.doubles(large.w), Fixtures.doubles(exact.w)) < 1e-4)
        let small = try DualNewtonSolver(options: .init(precision: 96)).solve(
            try RegularizedLimitProblem(classificationRows: rows, depth: 3, mu: Fixtures.decimal("0.01")))
        #expect(small.verifiedDigits >= 20)
        #expect(small.residuals.primalInfeasibility.doubleValue < 1e-20 && small.residuals.complementarity.doubleValue < 1e-20)
        #expect(small.dual.filter { !$0.isZero }.count <= 3)  // at most d support vectors (generic data)
    }

    @Test func verifiedDigitsAreCorrect() throws {
        // The digits claimed at 128/224 bits must agree with an independent run at 512 bits.
        let reported = try Self.qMu(depth: 3, mu: "0.2", precision: 128)
        let reference = try Self.qMu(depth: 3, mu: "0.2", precision: 512)
        #expect(reported.verifiedDigits >= 30)
        #expect(AgreedDigits.normwise(reported.w, reference.w) >= reported.verifiedDigits)
        // Zero duality gap up to the working precision (complementary slackness).
        let gap = (reported.objective - reported.dualObjective).magnitude
        #expect(gap.doubleValue < 1e-50)
    }

    @Test func regressionLimitsAtLargeAndSmallScale() throws {
        // MATH.md T10 on the T11 data: large α gives the min-l2 interpolator, small α the min-l1 one.
        let l2 = Fixtures.doubles(try LimitProblem(kind: .l2Interpolation, regressionRows: Fixtures.t11x, targets: Fixtures.t11y).solve().w)
        let l1 = Fixtures.doubles(try LimitProblem(kind: .l1Interpolation, regressionRows: Fixtures.t11x, targets: Fixtures.t11y).solve().w)
        func solve(_ depth: Int, _ mu: String) throws -> [Double] {
            let problem = try RegularizedLimitProblem(
                regressionRows: Fixtures.t11x, targets: Fixtures.t11y, depth: depth, mu: Fixtures.decimal(mu))
            let limit = try DualNewtonSolver(options: .init(precision: 128)).solve(problem)
            #expect(limit.residuals.primalInfeasibility.doubleValue < 1e-30)  // X w = y
            return Self.doubles(limit.w)
        }
        for depth in [2, 3] { #expect(Fixtures.distance(try solve(depth, "1e4"), l2) < 1e-3) }
        // D = 3 approaches the min-l1 interpolator polynomially. At a non-degenerate l1 vertex the
        // off-support coordinates are μ h_D(s_i) with |s_i| < 1 bounded away from 1, i.e. O(μ), and
        // the support moves by as much: so three decades of μ must give at least two decades of
        // distance (a 1/log(1/α) rate, as for D = 2, would give less than a factor 2).
        let gapA = Fixtures.distance(try solve(3, "1e-6"), l1), gapB = Fixtures.distance(try solve(3, "1e-9"), l1)
        #expect(gapB < gapA / 100)
        // MATH.md T11: at α = 1e−30 (D = 2, μ = α² = 1e−60) the Q_α minimiser still has β₁ ≈ 4.7e−5.
        let tiny = try solve(2, "1e-60")
        #expect(abs(tiny[0] - 4.7e-5) < 0.05e-5)
        #expect(Fixtures.distance(tiny, l1) < 1e-3)
    }

    @Test func sparseRegressionLimits() throws {
        // A 20 × 100 slice of the MATH.md §3.6 design: Q^D_α interpolates, tends to the exact min-l2
        // interpolator at large α and to the exact min-l1 one at small α (D = 3, polynomial rate).
        let data = RandomRationalData(samples: 20, features: 100, seed: 36)
        let l2 = Fixtures.doubles(try LimitProblem(kind: .l2Interpolation, regressionRows: data.rows, targets: data.targets).solve().w)
        let l1 = Fixtures.doubles(try LimitProblem(kind: .l1Interpolation, regressionRows: data.rows, targets: data.targets).solve().w)
        func solve(_ mu: String) throws -> RegularizedLimit {
            let problem = try RegularizedLimitProblem(regressionRows: data.rows, targets: data.targets, depth: 3, mu: Fixtures.decimal(mu))
            return try DualNewtonSolver(options: .init(precision: 96)).solve(problem)
        }
        let large = try solve("1e4"), small = try solve("1e-9")
        #expect(large.verifiedDigits >= 20 && small.verifiedDigits >= 20)
        #expect(large.residuals.primalInfeasibility.doubleValue < 1e-20 && small.residuals.primalInfeasibility.doubleValue < 1e-20)
        #expect(Fixtures.distance(Self.doubles(large.w), l2) < 1e-3)
        #expect(Fixtures.distance(Self.doubles(small.w), l1) < 1e-3)
    }

    @Test func l2OverDKKTCheck() throws {
        // MATH.md T8: for D = 3, (1/0.646)·e₁ is a (1-sparse) l_{2/3} KKT point of F1.
        let p = 256
        let point =
            [BigFloat(1, precision: p) / BigFloat(Fixtures.decimal("0.646"), precision: p)]
            + (1..<6).map { _ in BigFloat(precision: p) }
        let check = try KKTResidualCheck(z: Fixtures.f1, w: point, depth: 3, precision: p)
        #expect(check.tight == [0] && check.support == [0])
        #expect(check.worst.doubleValue < 1e-60)
        #expect(check.multipliers[0] > BigFloat(precision: p))
        // For D = 2 (the convex l1 problem) the same point is not a KKT point (‖ŵ₁‖₁ < 1/0.646) ...
        let l1Check = try KKTResidualCheck(z: Fixtures.f1, w: point, depth: 2, precision: p)
        #expect(l1Check.worst.doubleValue > 1e-3)
        // ... while ŵ₁ is.
        let exact = try LimitProblem(kind: .l1Margin, classificationRows: Fixtures.f1).solve()
        let optimal = try KKTResidualCheck(z: Fixtures.f1, w: exact.w.map { BigFloat($0, precision: p) }, depth: 2, precision: p)
        #expect(optimal.worst.doubleValue < 1e-60)
    }

    @Test(arguments: [2, 3, 5])
    func depthPotentialIdentities(depth: Int) throws {
        // (q_D^*)' = h_D and h_D' by central differences at 256 bits; h_D'(0) = c_D.
        let p = 256
        let potential = DepthPotential(depth: depth, precision: p)
        let step = BigFloat.scaled(BigFloat(1, precision: p), byPowerOfTwo: -60)
        for value in ["-0.7", "-0.05", "0.3", "0.9"] {
            let s = try BigFloat(value, precision: p)
            let dq = (potential.conjugate(s + step) - potential.conjugate(s - step)) / (step * 2)
            let dh = (potential.h(s + step) - potential.h(s - step)) / (step * 2)
            #expect(((dq - potential.h(s)) / potential.h(s)).magnitude.doubleValue < 1e-30)
            #expect(((dh - potential.derivative(s)) / potential.derivative(s)).magnitude.doubleValue < 1e-30)
        }
        #expect(potential.derivative(BigFloat(precision: p)) == potential.slopeAtZero)
        // Closed forms: h_2 = 2 sinh; h_D(s) = (1−s)^{−D/(D−2)} − (1+s)^{−D/(D−2)} at a moderate s.
        let s = try BigFloat("0.4", precision: p)
        let e = BigFloat(depth, precision: p) / BigFloat(max(depth - 2, 1), precision: p)
        let naive = depth == 2 ? BigFloat.sinh(s) * 2 : BigFloat.pow(1 - s, -e) - BigFloat.pow(1 + s, -e)
        #expect(((potential.h(s) - naive) / naive).magnitude.doubleValue < 1e-70)
    }

    @Test func infeasibleConstraintsAreRefused() throws {
        var rows = RandomRationalData(samples: 2, features: 4, seed: 5).rows
        rows.append(zip(rows[0], rows[1]).map { -($0 + $1) })
        let problem = try RegularizedLimitProblem(classificationRows: rows, depth: 2, mu: Rational(1))
        var refused = false
        do { _ = try DualNewtonSolver(options: .init(precision: 64)).solve(problem) } catch {
            guard case let .notSeparable(certificate) = error else { throw error }
            refused = certificate.isVerified
        }
        #expect(refused)
    }
}

#if canImport(Glibc)
    import Glibc
    func naturalLog(_ x: Double) -> Double { Glibc.log(x) }
#else
    import Darwin
    func naturalLog(_ x: Double) -> Double { Darwin.log(x) }
#endif
