import Integrators
import Multiprecision
import Testing

/// The problem of `Examples/ODEExample`, solved as it solves it (60 digits, tolerance 10^−55,
/// Radau IIA with the stages chosen from the tolerance): y(t) = cos t for t = 1 … 10 to at least
/// 45 significant digits.
@Suite("Prothero–Robinson")
struct ProtheroRobinsonTests {
    @Test("y′ = −10⁶ (y − cos t) − sin t at 60 digits: ≥ 45 correct digits against cos t")
    func exampleDigits() throws {
        let p = Precision.bits(forDecimalDigits: 60)
        let problem = ODEProblem(
            system: ProtheroRobinson(lambda: -1_000_000), start: Rational(0), initialState: [Rational(1)],
            targets: (1...10).map { Rational($0) }, precision: p, log10Tolerance: -55)
        let solution = try problem.solve(.radauIIA())
        #expect(solution.targets.count == 10)
        var digits = [Int]()
        for (t, y) in zip(solution.targets, solution.targetStates) {
            digits.append(AgreedDigits.scalar(y[0], BigFloat.cos(BigFloat(t, precision: 2 * p))))
        }
        #expect(digits.allSatisfy { $0 >= 45 }, "correct digits at t = 1 … 10: \(digits)")
        // The fewest correct digits, for the record (the test log).
        print(
            "Prothero–Robinson: correct digits \(digits), \(solution.statistics.acceptedSteps) steps, s = \(solution.statistics.radauStages ?? 0)"
        )
    }
}
