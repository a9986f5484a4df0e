import Foundation
import Integrators
import Multiprecision
import Testing

/// The two-run rule: the digits it credits are correct (against closed forms), never above the
/// finer run's tolerance, and a shortfall is refused with the digits actually delivered.
@Suite("Two-run verification")
struct TwoRunVerificationTests {
    @Test("the settings: coarse at d + 4 digits, fine much tighter and at a higher precision")
    func settings() {
        let runs = TwoRunVerification(digits: 30).runs
        #expect(runs.coarse.log10Tolerance == -34)
        #expect(runs.coarse.precision == Precision.bits(forDecimalDigits: 34) + 48)
        #expect(runs.fine.log10Tolerance == -44)
        #expect(runs.fine.precision == Precision.bits(forDecimalDigits: 44) + 48 + runs.coarse.precision / 2)
        #expect(TwoRunVerification.digitCap(log10Tolerance: runs.fine.log10Tolerance) == 44)
    }

    @Test(
        "verified digits are correct digits (y′ = −y², y = 1/(1 + t); events at π − 1)",
        arguments: [IntegrationAlgorithm.radauIIA(), .extrapolation(), .automatic])
    func creditedDigitsAreCorrect(algorithm: IntegrationAlgorithm) throws {
        let level = ODEEvent(name: "y = 1/π") { _, y in y[0] - 1 / BigFloat.pi(precision: y.precision) }
        let problem = ODEProblem(
            system: Riccati(), start: Rational(0), initialState: [Rational(1)],
            targets: [Rational(1, 2), Rational(3), Rational(10)], precision: 64, log10Tolerance: -10, events: [level])
        let verified = try TwoRunVerification(digits: 30).solve(problem, algorithm)
        #expect(verified.targetDigits.count == 3)
        for (k, digits) in verified.targetDigits.enumerated() {
            #expect(digits >= 30 && digits <= verified.digitCap)
            let p = verified.solution.precision
            let exact = Riccati.exact(BigFloat(verified.solution.targets[k], precision: p))
            let correct = AgreedDigits.scalar(verified.solution.targetStates[k][0], exact)
            #expect(correct >= digits, "t = \(verified.solution.targets[k]): credited \(digits), correct \(correct)")
        }
        let event = try #require(verified.solution.events.first)
        let root = BigFloat.pi(precision: verified.solution.precision) - 1
        #expect(AgreedDigits.scalar(event.time, root) >= verified.eventDigits[0])
    }

    /// y′ = 1: both runs are exact, so agreement alone would credit every digit of the coarser
    /// precision.
    struct Clock: ODESystem {
        var dimension: Int { 1 }
        func derivative(at t: BigFloat, _ y: BigVector) -> BigVector? {
            BigVector([BigFloat(1, precision: y.precision)], precision: y.precision)
        }
    }

    @Test("exact runs are credited the fine tolerance's digits, not the precision's")
    func capped() throws {
        let problem = ODEProblem(
            system: Clock(), start: Rational(0), initialState: [Rational(1, 3)], end: Rational(7),
            precision: 64, log10Tolerance: -10)
        let rule = TwoRunVerification(digits: 20)
        let verified = try rule.solve(problem, .extrapolation())
        let cap = TwoRunVerification.digitCap(log10Tolerance: rule.runs.fine.log10Tolerance)
        #expect(Precision.decimalDigits(forBits: rule.runs.coarse.precision) > cap)
        #expect(verified.targetDigits == [cap])
    }

    /// y′ = −π y with π rounded to half the working precision (a constant computed at too low a
    /// precision): each run is wrong beyond about p/2 bits, and the two runs agree on about the
    /// coarse run's p/2 bits (161/2 bits ≈ 24 digits), short of 30.
    struct HalfPrecisionConstant: ODESystem {
        var dimension: Int { 1 }
        func derivative(at t: BigFloat, _ y: BigVector) -> BigVector? {
            let pi = BigFloat(BigFloat.pi(precision: y.precision / 2), precision: y.precision)
            return BigVector([-(pi * y[0])], precision: y.precision)
        }
    }

    @Test("a shortfall is refused with the digits delivered")
    func refusal() throws {
        let problem = ODEProblem(
            system: HalfPrecisionConstant(), start: Rational(0), initialState: [Rational(1)], end: Rational(1),
            precision: 64, log10Tolerance: -10)
        do {
            _ = try TwoRunVerification(digits: 30).solve(problem, .extrapolation())
            Issue.record("30 digits were credited to a right-hand side good to p/2 bits")
        } catch let error {
            guard case let .digitsNotDelivered(requested, delivered, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(requested == 30)
            #expect((20...26).contains(delivered), "delivered \(delivered)")
        }
    }
}
