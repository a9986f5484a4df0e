import Integrators
import Multiprecision
import Testing

/// Radau IIA's orders observed by step halving at fixed steps, on problems with closed forms at
/// 320 bits (errors far above the rounding floor): 2s − 1 at the step ends, s + 1 (the
/// collocation polynomial's uniform order) inside the steps for s ≥ 2. (y′ = −y² is avoided here:
/// its end-point errors decay faster than h^{2s−1} at these step counts.)
@Suite("Radau IIA convergence")
struct RadauIIAConvergenceTests {
    static let precision = 320

    /// log10 of the error at t = `end` with N fixed steps of s stages.
    static func endError(stages: Int, steps: Int, system: any ODESystem, exact: (BigFloat) -> BigFloat, end: Int = 1) throws -> Double {
        let problem = ODEProblem(
            system: system, start: Rational(0), initialState: [Rational(1)], end: Rational(end),
            precision: precision, log10Tolerance: -85)
        let solution = try problem.solve(.radauIIA(stages: stages), stepping: .fixed(Rational(end, steps)))
        #expect(solution.statistics.acceptedSteps == steps)
        return log10Error(solution.targetStates[0][0], exact(BigFloat(end, precision: precision)))
    }

    @Test("order 2s − 1 at the step ends (y′ = −y³)", arguments: [(1, 32), (2, 16), (3, 8), (4, 8), (5, 8)])
    func endOrderCubic(stages: Int, steps: Int) throws {
        let coarse = try Self.endError(stages: stages, steps: steps, system: Cubic(), exact: Cubic.exact)
        let fine = try Self.endError(stages: stages, steps: 2 * steps, system: Cubic(), exact: Cubic.exact)
        let order = observedOrder(coarse, fine)
        print("observed order \(#function) s = \(stages): \(order)")
        #expect(abs(order - Double(2 * stages - 1)) < 0.3, "s = \(stages): observed order \(order) from log10 errors \(coarse), \(fine)")
    }

    @Test(
        "order 2s − 1 at the step ends (y′ = y cos t, difference-quotient Jacobian)", arguments: [(1, 32), (2, 16), (3, 8), (4, 8), (5, 8)])
    func endOrderExponentialSine(stages: Int, steps: Int) throws {
        let coarse = try Self.endError(stages: stages, steps: steps, system: ExponentialSine(), exact: ExponentialSine.exact, end: 2)
        let fine = try Self.endError(stages: stages, steps: 2 * steps, system: ExponentialSine(), exact: ExponentialSine.exact, end: 2)
        let order = observedOrder(coarse, fine)
        print("observed order \(#function) s = \(stages): \(order)")
        #expect(abs(order - Double(2 * stages - 1)) < 0.3, "s = \(stages): observed order \(order) from log10 errors \(coarse), \(fine)")
    }

    /// The largest log10 error of the dense output at the midpoints of N fixed steps on [0, 1]
    /// (at 8 → 16 steps the observed order is still s + 0.5 or so; from 32 steps on it is s + 1).
    static func denseError(stages: Int, steps: Int) throws -> Double {
        let problem = ODEProblem(
            system: Cubic(), start: Rational(0), initialState: [Rational(1)], end: Rational(1),
            precision: precision, log10Tolerance: -85)
        let solution = try problem.solve(.radauIIA(stages: stages), stepping: .fixed(Rational(1, steps)))
        var worst = -Double.infinity
        for k in 0..<steps {
            let t = BigFloat(Rational(2 * k + 1, 2 * steps), precision: precision)
            let value = try #require(solution(at: t))
            worst = max(worst, log10Error(value[0], Cubic.exact(t)))
        }
        return worst
    }

    @Test("dense output order s + 1 inside the steps", arguments: [(2, 16), (3, 32), (4, 32), (5, 32)])
    func denseOrder(stages: Int, steps: Int) throws {
        let order = observedOrder(try Self.denseError(stages: stages, steps: steps), try Self.denseError(stages: stages, steps: 2 * steps))
        print("observed order \(#function) s = \(stages): \(order)")
        #expect(abs(order - Double(stages + 1)) < 0.3, "s = \(stages): observed dense order \(order)")
    }
}
