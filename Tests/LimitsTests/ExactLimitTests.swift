import Testing
import Datasets
import Multiprecision
@testable import Limits

/// Exact limits: MATH.md §9 reference values, closed forms, exact certificates, two independent
/// exact solvers agreeing, infeasible data refused with verified Farkas certificates.
@Suite struct ExactLimitTests {
    @Test func f1MaxMarginL2MatchesReference() throws {
        let limit = try LimitProblem(kind: .l2Margin, classificationRows: Fixtures.f1).solve()
        #expect(limit.certificate.isVerified)
        let w = Fixtures.doubles(limit.w)
        // MATH.md §9 (6 decimals in double precision).
        #expect(Fixtures.maxDifference(w, [0.947069, 0.272208, -0.084058, 0.067357, 0.261854, 0.096337]) < 1e-6)
        #expect(abs(w.map { $0 * $0 }.reduce(0, +).squareRoot() - 1.0297999) < 1e-7)
        #expect(Fixtures.maxDifference(Fixtures.doubles(limit.dual), [0.257255, 0.257622, 0.545610, 0]) < 1e-6)
        #expect(limit.dual[3].isZero)
        let margins = Fixtures.times(Fixtures.f1, limit.w)
        #expect(margins[0] == Rational(1) && margins[1] == Rational(1) && margins[2] == Rational(1))
        #expect(abs(Fixtures.double(margins[3]) - 1.371359) < 1e-6)
        // Stationarity, independently: ŵ₂ = Zᵀλ exactly.
        #expect(Fixtures.transposeTimes(Fixtures.f1, limit.dual) == limit.w)
        #expect(limit.uniqueness.primalUnique && limit.uniqueness.dualUnique)
    }

    @Test func f1MaxMarginL1MatchesReference() throws {
        let limit = try LimitProblem(kind: .l1Margin, classificationRows: Fixtures.f1).solve()
        #expect(limit.certificate.isVerified)
        let w = Fixtures.doubles(limit.w)
        #expect(Fixtures.maxDifference(w, [1.05546, 0.245763, 0, -0.089145, 0, 0]) < 1e-5)
        #expect(limit.w[2].isZero && limit.w[4].isZero && limit.w[5].isZero)
        #expect(abs(Fixtures.double(limit.objective) - 1.3903679) < 1e-7)
        let margins = Fixtures.times(Fixtures.f1, limit.w)
        #expect(margins[0] == Rational(1) && margins[1] == Rational(1) && margins[2] == Rational(1))
        #expect(abs(Fixtures.double(margins[3]) - 1.103451) < 1e-6)
        // Strong duality, independently: ‖ŵ₁‖₁ = 1ᵀλ and ‖Zᵀλ‖∞ ≤ 1.
        #expect(limit.w.reduce(Rational()) { $0 + $1.magnitude } == limit.dual.reduce(Rational(), +))
        #expect(Fixtures.transposeTimes(Fixtures.f1, limit.dual).allSatisfy { $0.magnitude <= Rational(1) })
        // MATH.md T9: the Lyu–Li limit 1/‖ŵ₁‖₁ = 0.71923.
        #expect(abs(1 / Fixtures.double(limit.objective) - 0.71923) < 1e-5)
    }

    @Test func warmStartedAndPurelyExactSolversAgree() throws {
        for kind in [LimitProblem.Kind.l1Margin, .l2Margin] {
            let problem = try LimitProblem(kind: kind, classificationRows: Fixtures.f1)
            let warm = try problem.solve()
            let cold = try problem.solve(.init(floatingWarmStart: false))
            #expect(warm.statistics.warmStartAccepted)
            #expect(!cold.statistics.warmStartAccepted && cold.statistics.exactIterations > 0)
            #expect(warm.w == cold.w && warm.dual == cold.dual && warm.objective == cold.objective)
        }
    }

    @Test func t11MinL1InterpolatorIsTheSaddleToSaddleEndpoint() throws {
        // MATH.md T11: β^(3) = (0, 0, 10/7, −10/49), ‖β‖₁ = 80/49.
        let limit = try LimitProblem(kind: .l1Interpolation, regressionRows: Fixtures.t11x, targets: Fixtures.t11y).solve()
        #expect(limit.certificate.isVerified)
        #expect(limit.w == [Rational(0), Rational(0), Rational(10, 7), Rational(-10, 49)])
        #expect(limit.objective == Rational(80, 49))
        let cold = try LimitProblem(kind: .l1Interpolation, regressionRows: Fixtures.t11x, targets: Fixtures.t11y).solve(
            .init(floatingWarmStart: false))
        #expect(cold.w == limit.w && cold.objective == limit.objective)
    }

    @Test func t11MinL2InterpolatorMatchesClosedForm() throws {
        let limit = try LimitProblem(kind: .l2Interpolation, regressionRows: Fixtures.t11x, targets: Fixtures.t11y).solve()
        #expect(limit.certificate.isVerified)
        // Closed form: w = Xᵀ G⁻¹ y with the 2×2 inverse by the adjugate.
        let x = Fixtures.t11x
        func dot(_ a: [Rational], _ b: [Rational]) -> Rational { zip(a, b).reduce(Rational()) { $0 + $1.0 * $1.1 } }
        let g00 = dot(x[0], x[0]), g01 = dot(x[0], x[1]), g11 = dot(x[1], x[1])
        let det = g00 * g11 - g01 * g01
        let y = Fixtures.t11y
        let nu = [(g11 * y[0] - g01 * y[1]) / det, (g00 * y[1] - g01 * y[0]) / det]
        #expect(limit.dual == nu)
        #expect(limit.w == Fixtures.transposeTimes(x, nu))
    }

    @Test func certificateCheckerRejectsWrongAnswers() throws {
        let problem = try LimitProblem(kind: .l1Margin, classificationRows: Fixtures.f1)
        let limit = try problem.solve()
        var w = limit.w
        w[0] = w[0] + Rational(1, 1_000_000)  // feasible, but not optimal: objectives differ
        let shifted = Certificate.check(problem, w: w, dual: limit.dual)
        #expect(shifted.primalFeasible && !shifted.objectivesEqual && !shifted.isVerified)
        var dual = limit.dual
        dual[3] = Rational(1, 1000)  // λ on a non-tight constraint
        let slack = Certificate.check(problem, w: limit.w, dual: dual)
        #expect(!slack.complementarySlackness && !slack.isVerified)
        let l2 = try LimitProblem(kind: .l2Margin, classificationRows: Fixtures.f1)
        let scaled = Certificate.check(l2, w: limit.w, dual: limit.dual)  // the l1 answer is not the l2 answer
        #expect(!scaled.isVerified)
    }

    @Test(arguments: Array(1...12))
    func randomSmallProblemsAreCertified(seed: Int) throws {
        let n = 2 + seed % 7, d = 3 + (seed * 5) % 17
        let data = RandomRationalData(samples: n, features: d, seed: UInt64(seed))
        for kind in LimitProblem.Kind.allCases {
            let problem =
                kind.isClassification
                ? try LimitProblem(kind: kind, classificationRows: data.rows)
                : try LimitProblem(kind: kind, regressionRows: data.rows, targets: data.targets)
            let warm = try problem.solve()
            #expect(warm.certificate.isVerified)
            // Re-check through the public checker (recomputes everything from the data).
            #expect(Certificate.check(problem, w: warm.w, dual: warm.dual).isVerified)
            if kind != .l2Interpolation {
                let cold = try problem.solve(.init(floatingWarmStart: false))
                #expect(cold.objective == warm.objective)
                if warm.uniqueness.primalUnique { #expect(cold.w == warm.w) }
            }
        }
    }

    @Test(arguments: [(5, 2), (12, 3), (30, 4)])
    func moreSamplesThanFeatures(n: Int, d: Int) throws {
        // Not separable through the origin in general: either a verified limit or a verified Farkas certificate.
        let data = RandomRationalData(samples: n, features: d, seed: UInt64(n * 31 + d))
        for kind in [LimitProblem.Kind.l1Margin, .l2Margin] {
            do {
                let limit = try LimitProblem(kind: kind, classificationRows: data.rows).solve()
                #expect(limit.certificate.isVerified)
            } catch {
                guard case let .notSeparable(certificate) = error else { throw error }
                #expect(certificate.isVerified)
                #expect(Fixtures.transposeTimes(data.rows, certificate.combination).allSatisfy { $0.isZero })
                #expect(certificate.combination.allSatisfy { $0.signum >= 0 })
                #expect(certificate.combination.reduce(Rational(), +) == Rational(1))
            }
        }
    }

    @Test(arguments: [(30, 2), (40, 3), (25, 5)])
    func tallSeparableDataAreCertified(n: Int, d: Int) throws {
        // First coordinate ≥ 1: separable by e₁, with many more samples than features, so that
        // support sets can be degenerate (more tight rows than dimensions).
        let rows = RandomRationalData(samples: n, features: d, seed: UInt64(7 * n + d)).rows.map { row in
            [row[0].magnitude + Rational(1)] + row.dropFirst()
        }
        for kind in [LimitProblem.Kind.l1Margin, .l2Margin] {
            let problem = try LimitProblem(kind: kind, classificationRows: rows)
            let warm = try problem.solve()
            let cold = try problem.solve(.init(floatingWarmStart: false))
            #expect(warm.certificate.isVerified && cold.certificate.isVerified)
            #expect(warm.objective == cold.objective)
            if kind == .l2Margin { #expect(warm.w == cold.w) }  // unique
        }
    }

    @Test func nonSeparableDataAreRefusedWithAFarkasCertificate() throws {
        // z₃ = −(z₁ + 2 z₂): (1/4, 1/2, 1/4) is the only normalised combination that vanishes.
        var rows = RandomRationalData(samples: 2, features: 5, seed: 3).rows
        rows.append(zip(rows[0], rows[1]).map { -($0 + $1 * Rational(2)) })
        for kind in [LimitProblem.Kind.l1Margin, .l2Margin] {
            for warm in [true, false] {
                var refused = false
                do {
                    _ = try LimitProblem(kind: kind, classificationRows: rows).solve(.init(floatingWarmStart: warm))
                } catch {
                    guard case let .notSeparable(certificate) = error else { throw error }
                    refused = true
                    let combination = certificate.combination
                    #expect(certificate.isVerified)
                    #expect(combination.allSatisfy { $0.signum >= 0 })
                    #expect(Fixtures.transposeTimes(rows, combination).allSatisfy { $0.isZero })
                    #expect(combination == [Rational(1, 4), Rational(1, 2), Rational(1, 4)])
                }
                #expect(refused)
            }
        }
    }

    @Test func largeNonSeparableDataAreRefusedQuickly() throws {
        // N = 80 points in d = 10 dimensions through the origin are not separable in general: the
        // Farkas certificate comes from the floating phase-1 basis, solved and verified exactly.
        let rows = RandomRationalData(samples: 80, features: 10, seed: 12).rows
        let clock = ContinuousClock()
        let started = clock.now
        var refused = false
        do { _ = try LimitProblem(kind: .l1Margin, classificationRows: rows).solve() } catch {
            guard case let .notSeparable(certificate) = error else { throw error }
            refused = certificate.isVerified
            #expect(Fixtures.transposeTimes(rows, certificate.combination).allSatisfy { $0.isZero })
            #expect(certificate.combination.allSatisfy { $0.signum >= 0 })
        }
        #expect(refused)
        #expect(clock.now - started < .seconds(20))  // the cold exact simplex would take far longer in debug
    }

    @Test func inconsistentRegressionIsRefusedWithACertificate() throws {
        let data = RandomRationalData(samples: 3, features: 6, seed: 9)
        var x = data.rows
        var y = data.targets
        x.append(zip(x[0], x[2]).map { $0 - $1 })
        y.append(y[0] - y[2] + Rational(1, 10))  // inconsistent by 1/10
        for kind in [LimitProblem.Kind.l1Interpolation, .l2Interpolation] {
            var refused = false
            do {
                _ = try LimitProblem(kind: kind, regressionRows: x, targets: y).solve()
            } catch {
                guard case let .inconsistent(certificate) = error else { throw error }
                refused = true
                let v = certificate.combination
                let yv = zip(v, y).reduce(Rational()) { $0 + $1.0 * $1.1 }
                #expect(certificate.isVerified)
                #expect(Fixtures.transposeTimes(x, v).allSatisfy { $0.isZero })
                #expect(yv == Rational(1))
            }
            #expect(refused)
        }
    }

    @Test func rankDeficientConsistentRegressionIsSolved() throws {
        let data = RandomRationalData(samples: 3, features: 7, seed: 11)
        var x = data.rows, y = data.targets
        x.append(zip(x[0], x[1]).map { $0 + $1 })
        y.append(y[0] + y[1])
        let cold = try LimitProblem(kind: .l1Interpolation, regressionRows: x, targets: y).solve(.init(floatingWarmStart: false))
        #expect(cold.certificate.isVerified)
        for kind in [LimitProblem.Kind.l1Interpolation, .l2Interpolation] {
            let limit = try LimitProblem(kind: kind, regressionRows: x, targets: y).solve()
            #expect(limit.certificate.isVerified)
            if kind == .l1Interpolation { #expect(limit.objective == cold.objective) }
            #expect(Fixtures.times(x, limit.w) == y)
            // Removing the redundant row changes nothing.
            let reduced = try LimitProblem(kind: kind, regressionRows: Array(x.prefix(3)), targets: Array(y.prefix(3))).solve()
            #expect(reduced.objective == limit.objective)
            if kind == .l2Interpolation { #expect(!limit.uniqueness.dualUnique && reduced.w == limit.w) }
        }
    }

    @Test func differencesBelowDoubleResolutionAreResolvedExactly() throws {
        // Rows that agree to 1e−30 are identical in Double: the Double warm start cannot tell them
        // apart, the exact answer must (and must equal the purely exact solver's).
        var rows = Fixtures.f1
        let tiny = Fixtures.decimal("1e-30")
        rows.append(rows[0].enumerated().map { $0.offset == 1 ? $0.element - tiny : $0.element })
        rows.append(rows[2].enumerated().map { $0.offset == 0 ? $0.element + tiny : $0.element })
        for kind in [LimitProblem.Kind.l1Margin, .l2Margin] {
            let problem = try LimitProblem(kind: kind, classificationRows: rows)
            let warm = try problem.solve()
            let cold = try problem.solve(.init(floatingWarmStart: false))
            #expect(warm.certificate.isVerified && cold.certificate.isVerified)
            #expect(warm.objective == cold.objective)
            // The 256-bit MPFR warm start resolves what Double cannot: no exact pivots needed.
            #expect(warm.statistics.warmStartAccepted && warm.statistics.exactIterations == 0)
            // The perturbed copy of z₁ is the binding one: its margin is exactly 1 and z₁'s is above.
            let margins = Fixtures.times(rows, warm.w)
            #expect(margins.allSatisfy { $0 >= Rational(1) })
            #expect(margins[4] == Rational(1) && margins[0] > Rational(1))
        }
    }

    @Test func extremeMagnitudesKeepTheFloatingWarmStartUseful() throws {
        // Z scaled by 10^-12 has ŵ scaled by 10^12 exactly; the floating solve must still pick the
        // right basis / support (it works on row- or globally-rescaled data), so no exact pivots.
        let factor = Fixtures.decimal("1e-12")
        let rows = Fixtures.f1.map { $0.map { $0 * factor } }
        for kind in [LimitProblem.Kind.l1Margin, .l2Margin] {
            let reference = try LimitProblem(kind: kind, classificationRows: Fixtures.f1).solve()
            let scaled = try LimitProblem(kind: kind, classificationRows: rows).solve()
            #expect(scaled.certificate.isVerified && scaled.statistics.warmStartAccepted)
            #expect(scaled.w == reference.w.map { $0 / factor })
        }
    }

    @Test func degenerateVerticesDoNotCycle() throws {
        // Every row three times: each vertex is highly degenerate (many bases, zero-length pivots).
        let rows = Fixtures.f1 + Fixtures.f1 + Fixtures.f1
        let reference = try LimitProblem(kind: .l1Margin, classificationRows: Fixtures.f1).solve()
        for warm in [true, false] {
            let limit = try LimitProblem(kind: .l1Margin, classificationRows: rows).solve(.init(floatingWarmStart: warm))
            #expect(limit.certificate.isVerified && limit.w == reference.w)
            #expect(!limit.uniqueness.dualUnique)
        }
    }

    @Test func nonUniqueOptimaAreReported() throws {
        // min |w₁| + |w₂| s.t. w₁ + w₂ ≥ 1: every convex combination of e₁, e₂ is optimal.
        let lp = try LimitProblem(kind: .l1Margin, classificationRows: [[Rational(1), Rational(1)]]).solve()
        #expect(lp.certificate.isVerified && lp.objective == Rational(1))
        #expect(!lp.uniqueness.primalUnique)
        // Duplicate support vector: the l2 dual splits its weight arbitrarily between the copies.
        var rows = Fixtures.f1
        rows.append(rows[0])
        let qp = try LimitProblem(kind: .l2Margin, classificationRows: rows).solve()
        let reference = try LimitProblem(kind: .l2Margin, classificationRows: Fixtures.f1).solve()
        #expect(qp.certificate.isVerified && qp.w == reference.w)
        #expect(qp.uniqueness.primalUnique && !qp.uniqueness.dualUnique)
        #expect(qp.dual[0] + qp.dual[4] == reference.dual[0])
    }

    /// The size of the sparse-regression experiment (MATH.md §3.6): all four limits exact, certified.
    @Test(arguments: LimitProblem.Kind.allCases)
    func fullSizeProblemsAreCertified(kind: LimitProblem.Kind) throws {
        let data = RandomRationalData(samples: 100, features: 1000, seed: 2026)
        let problem =
            kind.isClassification
            ? try LimitProblem(kind: kind, classificationRows: data.rows)
            : try LimitProblem(kind: kind, regressionRows: data.rows, targets: data.targets)
        let limit = try problem.solve()
        #expect(limit.certificate.isVerified)
        #expect(limit.w.count == 1000 && limit.dual.count == 100)
        if kind.isLinearProgram { #expect(limit.w.filter { !$0.isZero }.count <= 100) }  // a basic solution
    }
}
