import Testing
import Datasets
import Multiprecision
@testable import Limits

/// The exact standard-form LP: a hand-solved example, basis pursuit against the independent
/// revised-simplex solver of the l1 limits, exactly verified infeasibility and unboundedness
/// certificates, redundant rows, and the CSV format's errors.
@Suite struct LinearProgramTests {
    static func r(_ text: String) -> Rational { try! Rational(decimal: text) }
    static let small = """
        x1,x2,x3,x4,rhs
        1,2,3,0.5,0
        1,1,1,1,1
        1,-1,2,-1,0.5
        """

    @Test func handSolvedExample() throws {
        // x1 + x4 = 1 and x1 − x4 = 1/2 on the basis {1, 4}: x* = (3/4, 0, 0, 1/4), cᵀx* = 7/8;
        // y* solves y1 + y2 = 1, y1 − y2 = 1/2: (3/4, 1/4); d = (0, 3/2, 7/4, 0) ≥ 0.
        let program = try LinearProgram(parsing: Self.small, source: "small.csv")
        let solution = try program.solve()
        #expect(solution.isVerified)
        #expect(solution.x == [Rational(3, 4), Rational(), Rational(), Rational(1, 4)])
        #expect(solution.y == [Rational(3, 4), Rational(1, 4)])
        #expect(solution.objective == Rational(7, 8))
        #expect(solution.reducedCosts == [Rational(), Rational(3, 2), Rational(7, 4), Rational()])
        #expect(solution.reducedCostGap == Rational(3, 2))
        #expect(solution.primalUnique)
        #expect(program.variableNames == ["x1", "x2", "x3", "x4"])
    }

    @Test func basisPursuitMatchesTheL1InterpolationLimit() throws {
        for seed in [UInt64(5), 17] {
            let data = RandomRationalData(samples: 5, features: 12, seed: seed)
            // min 1ᵀ(p + q) s.t. X(p − q) = y, p, q ≥ 0.
            let a = data.rows.map { $0 + $0.map { -$0 } }
            let c = [Rational](repeating: Rational(1), count: 24)
            let solution = try LinearProgram(a: a, b: data.targets, c: c).solve()
            #expect(solution.isVerified)
            let limit = try LimitProblem(kind: .l1Interpolation, regressionRows: data.rows, targets: data.targets).solve()
            #expect(solution.objective == limit.objective)
            let w = (0..<12).map { solution.x[$0] - solution.x[12 + $0] }
            #expect(w == limit.w)
        }
    }

    @Test func redundantAndNegativeRightHandSides() throws {
        // The second row is −1 times the first: redundant; b has a negative entry.
        let program = try LinearProgram(
            a: [
                [Rational(1), Rational(2), Rational(1)], [Rational(-1), Rational(-2), Rational(-1)],
                [Rational(0), Rational(1), Rational(-1)]
            ],
            b: [Rational(4), Rational(-4), Rational(1)], c: [Rational(1), Rational(1), Rational(3)])
        let solution = try program.solve()
        #expect(solution.isVerified)
        // x2 − x3 = 1, x1 + 2x2 + x3 = 4: at x3 = 0, x2 = 1, x1 = 2 → cost 3; at x1 = 0: 3x2 = 5 … cost 5/3 + 3·2/3 = 11/3.
        #expect(solution.objective == Rational(3))
        #expect(solution.x == [Rational(2), Rational(1), Rational()])
    }

    @Test func infeasibleWithVerifiedFarkasCertificate() {
        let program = try! LinearProgram(
            a: [[Rational(1), Rational(1)], [Rational(1), Rational(-1)]], b: [Rational(-1), Rational(0)], c: [Rational(1), Rational(1)])
        do {
            _ = try program.solve()
            Issue.record("an infeasible LP was solved")
        } catch let LinearProgramError.infeasible(y, verified) {
            #expect(verified)
            // Independently: Aᵀy ≤ 0 and bᵀy = 1.
            #expect((y[0] + y[1]).signum <= 0 && (y[0] - y[1]).signum <= 0)
            #expect(-y[0] == Rational(1))
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test func unboundedWithVerifiedRay() {
        let program = try! LinearProgram(
            a: [[Rational(1), Rational(-1), Rational(0)]], b: [Rational(1)], c: [Rational(-1), Rational(0), Rational(1)])
        do {
            _ = try program.solve()
            Issue.record("an unbounded LP was solved")
        } catch let LinearProgramError.unbounded(point, ray, verified) {
            #expect(verified)
            #expect(ray[0] - ray[1] == Rational() && ray.allSatisfy { $0.signum >= 0 })
            #expect(-ray[0] + ray[2] == Rational(-1))
            #expect(point[0] - point[1] == Rational(1))
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test func fileErrorsNameFileLineAndProblem() {
        func message(_ text: String) -> String {
            do {
                _ = try LinearProgram(parsing: text, source: "lp.csv")
                return ""
            } catch { return error.description }
        }
        #expect(message("x1,x2,rhs\n1,2,5\n1,1,1\n").hasPrefix("lp.csv:2:3 (column 'rhs'): the objective row's last field must be 0"))
        #expect(message("x1,x2,rhs\n1,2,0\n").contains("at least one constraint row"))
        #expect(message("x1,x2,rhs\n1,2,0\n0,0,1\n").hasPrefix("lp.csv:3: the constraint 0 = 1 can never hold"))
        #expect(message("x1,x2,rhs\n1,2,0\n1,abc,1\n").hasPrefix("lp.csv:3:2"))
        #expect(message("x1,x2,rhs\n1,2,0\n1,1\n").hasPrefix("lp.csv:3"))
    }
}
