@testable import Flow
import Foundation
import Integrators
import Multiprecision
import Testing

/// The clock families of the flow engine (`ClockRule`, `DualTimeSystem`) and its step-size
/// controller (`StepSizeController`), each on its own.
@Suite("Clock rule, physical-time system, step-size controller")
struct ClockRuleTests {
    @Test("the rule's thresholds and its hysteresis")
    func hysteresis() {
        let rule = ClockRule(enterTime: 1, leaveTime: 0.1)
        #expect(rule.family(current: .loss, speed: 0.5) == .loss)
        #expect(rule.family(current: .loss, speed: 1) == .loss)
        #expect(rule.family(current: .loss, speed: 1.01) == .time)
        #expect(rule.family(current: .loss, speed: .infinity) == .time)
        // Between the thresholds each family keeps itself.
        #expect(rule.family(current: .time, speed: 0.5) == .time)
        #expect(rule.family(current: .time, speed: 0.1) == .time)
        #expect(rule.family(current: .time, speed: 0.099) == .loss)
    }

    @Test("speed = ‖dG/dτ‖∞, sign-blind, +∞ beyond binary64")
    func speed() throws {
        let v = BigVector([Rational(-3, 2), Rational(1, 4), Rational(0)], precision: 128)
        #expect(abs(ClockRule.speed(v) - 1.5) < 1e-12)
        var huge = BigVector(count: 2, precision: 128)
        huge[0] = BigFloat.scaled(BigFloat(1, precision: 128), byPowerOfTwo: 5000)
        #expect(ClockRule.speed(huge) == .infinity)
        #expect(ClockRule.speed(BigVector(count: 2, precision: 128)) == 0)
    }

    @Test("controller: h′/h = 0.8 (tol/err)^{1/(q+1)}, clamped; failures shrink by 0.25")
    func controller() {
        let c = StepSizeController()
        // err = tol/10^(q+1): the proposal is 0.8·10 = 8, clamped to 4.
        #expect(c.growth(log10Error: -20 - 6, log10Tolerance: -20, order: 5) == 4)
        // err = tol: 0.8.
        #expect(abs(c.growth(log10Error: -20, log10Tolerance: -20, order: 5) - 0.8) < 1e-15)
        // err = 10^(q+1) tol: 0.08 → clamped to 0.2 after an accepted step, to 0.1 after a rejection.
        #expect(c.growth(log10Error: -14, log10Tolerance: -20, order: 5) == 0.2)
        #expect(c.shrink(log10Error: -14, log10Tolerance: -20, order: 5) == 0.1)
        // err = 10^((q+1)/2) tol: 0.8·10^-0.5.
        #expect(abs(c.shrink(log10Error: -17, log10Tolerance: -20, order: 5) - 0.8 / 10.0.squareRoot()) < 1e-15)
        #expect(c.growth(log10Error: -.infinity, log10Tolerance: -20, order: 5) == 4)
        #expect(c.shrink(log10Error: .nan, log10Tolerance: -20, order: 5) == 0.25)
        #expect(c.shrink(log10Error: .infinity, log10Tolerance: -20, order: 5) == 0.1)
    }

    /// dν/dt = r(ν) and its Jacobian −diag(ℓ″) K against a central difference, at a state on the
    /// α = 1e-30 plateau of F1 and at an O(1) state, for each loss and clock.
    @Test(
        "physical-time field: Jacobian equals a central difference",
        arguments: [(Loss.exponential, DualTimeSystem.Clock.time), (.logistic, .logTime), (.squared, .time), (.squared, .logTime)])
    func jacobian(loss: Loss, clock: DualTimeSystem.Clock) throws {
        let p = 384
        let z = FlowFixtures.f1
        let data: FlowData =
            loss == .squared
            ? .regression(x: z, y: [Rational(1), Rational(-1, 2), Rational(0), Rational(3, 10)])
            : .classification(z: z)
        for alpha in ["1e-30", "1"] {
            let network = try DiagonalNetwork(depth: 2, alpha: Rational(decimal: alpha), dimension: 6)
            let field = try DualFlowField(data: data, network: network, loss: loss, precision: p)
            let system = DualTimeSystem(field: field, clock: clock, unit: BigFloat(1, precision: p))
            var y = BigVector(count: 4, precision: p)
            for k in 0..<4 { y[k] = BigFloat(Rational(3 + k, 10), precision: p) * BigFloat(alpha == "1" ? 1 : 10, precision: p) }
            let x = try BigFloat("2.5", precision: p)
            let exact = try #require(system.jacobian(at: x, y))
            for b in 0..<4 {
                let epsilon = BigFloat.scaled(BigFloat(1, precision: p), byPowerOfTwo: -110)
                var plus = y, minus = y
                plus[b] = y[b] + epsilon
                minus[b] = y[b] - epsilon
                let fp = try #require(system.derivative(at: x, plus)), fm = try #require(system.derivative(at: x, minus))
                for a in 0..<4 {
                    let difference = (fp[a] - fm[a]) / (2 * epsilon)
                    var scale = BigFloat(precision: p)
                    for c in 0..<4 { scale = BigFloat.maximum(scale, exact[a, c].magnitude) }
                    let error = ((difference - exact[a, b]) / scale).magnitude.log10Magnitude ?? -Double.infinity
                    #expect(error < -50, "α = \(alpha): ∂f_\(a)/∂ν_\(b) relative error 1e\(error)")
                }
            }
        }
    }

    /// The rule on the F1 flow: at α = 1 every step is in the loss clock (the run is the same as
    /// without the rule); at α = 1e-11 (where the loss clock alone collapses) the plateau is
    /// crossed in physical time and the two runs agree to the digits asked for.
    @Test("F1: α = 1 never leaves the loss clock; α = 1e-11 crosses its plateau in physical time")
    func f1Families() throws {
        for (alpha, usesTime) in [("1", false), ("1e-11", true)] {
            let network = try DiagonalNetwork(depth: 2, alpha: Rational(decimal: alpha), dimension: 6)
            let problem = try FlowProblem(
                data: .classification(z: FlowFixtures.f1), network: network, loss: .exponential,
                checkpoints: [.tau("10")], digits: 20)
            let trajectory = try VerifiedFlowSolver(problem: problem).solve()
            #expect(trajectory.statistics.allSatisfy { ($0.timeClockSteps > 0) == usesTime }, "α = \(alpha)")
            #expect(trajectory.checkpoints[0].verifiedDigits >= 20)
        }
    }
}
