import Multiprecision
import Testing
import Flow
import Limits
@testable import Asymptotics

/// The flow at tiny α against the exact saddles of MATH.md T11: it sits on each saddle over its
/// predicted plateau, its jump times approach T_k = 1, 4, 4 + 80/49 with the 1/ln(1/α) law, and
/// the off-support distances are powers of α with the exponents the algorithm predicts.
@Suite struct SaddlePlateauTests {
    static let x: [[Rational]] = [["1", "0.5", "0.7", "0"], ["0.5", "1", "0.1", "0.7"]].map { $0.map { try! Rational(decimal: $0) } }
    static let y = [Rational(1), Rational(0)]

    @Test func plateausAtTheExactSaddlesWithOneOverLogCorrections() throws {
        let sequence = try SaddleToSaddleProblem(x: Self.x, y: Self.y).solve()
        var reports: [SaddlePlateauReport] = []
        for alpha in ["1e-30", "1e-60"] {
            let problem = try SaddlePlateauProblem(x: Self.x, y: Self.y, sequence: sequence, alpha: alpha, digits: 8, samplesPerUnit: 8)
            reports.append(try problem.solve())
        }
        for report in reports {
            let log = report.logInverseAlpha.doubleValue
            #expect(report.plateaus.count == 4)
            for plateau in report.plateaus {
                // On the plateau: the probe lies inside an observed interval at ‖β − β⁽ᵏ⁾‖∞ ≤ 0.01.
                let start = try #require(plateau.observedStart), end = try #require(plateau.observedEnd)
                let probe = BigFloat(plateau.probeTime, precision: 53).doubleValue
                #expect(start <= probe && probe <= end)
                // The off-support distance is α^e with e → the exact prediction, error O(1/ln(1/α)).
                let predicted = BigFloat(try #require(plateau.predictedExponent), precision: 53).doubleValue
                let measured = plateau.offSupportDistance.log10Magnitude! / (-log / 2.302585092994046)
                #expect(abs(measured - predicted) * log < 3, "saddle \(plateau.index): e = \(measured), predicted \(predicted)")
                #expect(plateau.offSupportDigits >= 6)
                if let jump = plateau.measuredJumpTime {
                    // |T_k(α) − T_k| ≤ 30/ln(1/α) (the finite-α correction of MATH.md T11).
                    let deviation = (jump - BigFloat(plateau.predictedStart, precision: jump.precision)).doubleValue
                    #expect(abs(deviation) * log < 30)
                    #expect((plateau.jumpTimeDigits ?? 0) >= 6)
                }
            }
        }
        // The 1/ln(1/α) law itself: (T_k(α) − T_k)·ln(1/α) is the same constant at both α.
        let fit = SaddleConvergenceFit(reports: reports)
        for saddle in fit.saddles where !saddle.scaledDeviations.isEmpty {
            let (a, b) = (saddle.scaledDeviations[0], saddle.scaledDeviations[1])
            #expect(abs(a - b) <= 0.02 * max(abs(a), abs(b)), "saddle \(saddle.index): \(a) vs \(b)")
        }
        // Exponents converge: closer to the prediction at the smaller α.
        for (k, saddle) in fit.saddles.enumerated() where k > 0 {
            let predicted = BigFloat(reports[0].plateaus[k].predictedExponent!, precision: 53).doubleValue
            #expect(abs(saddle.distanceExponents[1] - predicted) < abs(saddle.distanceExponents[0] - predicted))
        }
    }
}
