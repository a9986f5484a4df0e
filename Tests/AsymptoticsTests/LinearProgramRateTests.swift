import Multiprecision
import Testing
import Limits
@testable import Asymptotics

/// λ → 0 for the LP flow on Docs/examples/lp-small.csv: the flow's limits approach the exact LP
/// optimum x* = (3/4, 0, 0, 1/4) like e^{−Δ/λ} with Δ = 3/2, the smallest reduced cost at zero
/// (exact, from the LP's dual certificate; MATH.md §6.2).
@Suite struct LinearProgramRateTests {
    @Test func convergenceRateIsTheReducedCostGap() throws {
        let program = try LinearProgram(
            a: [[1, 1, 1, 1], [1, -1, 2, -1]].map { $0.map { Rational($0) } },
            b: [Rational(1), Rational(1, 2)], c: [Rational(1), Rational(2), Rational(3), Rational(1, 2)])
        let report = try LinearProgramFlowStudy(program: program, lambdas: ["0.2", "0.1", "0.05"], digits: 30).solve()
        #expect(report.gap == Rational(3, 2))
        for entry in report.entries {
            #expect(entry.verifiedDigits >= 28)
            #expect(entry.primalResidual.isZero || entry.primalResidual.log10Magnitude! <= -30)
            #expect(entry.smallestEntry.signum > 0)
            // Objective gap = dᵀx_λ + yᵀ(Ax − b) > 0 and O(e^{−Δ/λ}).
            #expect(entry.objectiveGap.signum > 0)
        }
        // Successive fitted rates approach Δ: the error of Δ_fit is O(λ) (the prefactor's λ-dependence).
        let fits = report.rateFits
        try #require(fits.count == 2)
        let errors = fits.map { abs($0.fittedGap - 1.5) }
        #expect(errors[1] < errors[0])
        #expect(errors[1] < 0.01)
    }
}
