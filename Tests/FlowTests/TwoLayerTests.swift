import Flow
import Foundation
import Limits
import Multiprecision
import Testing

/// MATH.md §5 / T13: two-layer linear networks Θ = UVᵀ on the squared loss.
@Suite("Two-layer linear network (T13)")
struct TwoLayerTests {
    /// X (3 × 5, full row rank) and Y (3 × 2).
    static let x = ModelTestSupport.rationals([
        ["1", "0.5", "0", "-0.3", "0.2"], ["0", "1", "0.4", "0.1", "-0.5"], ["0.3", "0", "1", "0.6", "0.1"]
    ])
    static let y = ModelTestSupport.rationals([["1", "-0.5"], ["0.25", "0.75"], ["-1", "0.5"]])
    static let times = [1, 4, 16, 40].map { Rational($0) }

    static func solved() throws -> (TwoLayerLinearNetwork, GradientFlowSolver.Solution, TwoLayerAnalysis) {
        let network = try TwoLayerLinearNetwork.random(x: x, y: y, width: 8, alpha: Rational(1), seed: 7)
        let solution = try GradientFlowSolver(model: network, times: times, digits: 25).solve()
        return (network, solution, try TwoLayerAnalysis(network: network, precision: solution.precisionBits))
    }

    @Test("Θ* and P⊥ exact: Θ* equals the exact minimum-l2 interpolator of each output (Limits), P⊥ is the null projector")
    func minimumNormIsExact() throws {
        let exact = try ExactMinimumNorm(x: Self.x, y: Self.y)
        for column in 0..<2 {
            let l2 = try LimitProblem(kind: .l2Interpolation, regressionRows: Self.x, targets: Self.y.map { $0[column] }).solve()
            #expect(l2.w == exact.solution.map { $0[column] })
        }
        // X P⊥ = 0 and P⊥² = P⊥, exactly.
        let p = exact.nullProjector
        for row in Self.x {
            for b in 0..<5 { #expect((0..<5).reduce(Rational(0)) { $0 + row[$1] * p[$1][b] }.isZero) }
        }
        for a in 0..<5 { for b in 0..<5 { #expect((0..<5).reduce(Rational(0)) { $0 + p[a][$1] * p[$1][b] } == p[a][b]) } }
    }

    /// Imbalance and P⊥U conserved to the verified digits; ‖E(t)‖ under the imbalance rate bound
    /// at every checkpoint and the measured late decay rate above it; the gap identity within its
    /// bound ‖X⁺‖‖E‖ at every checkpoint and to 25 digits at t = 40.
    @Test("T13: invariants, rate bound, exact gap Θ(∞) − Θ* = P⊥U(0)V(∞)ᵀ")
    func t13() throws {
        let (network, solution, analysis) = try Self.solved()
        let bound = analysis.rateBound()
        #expect(bound.rate.signum > 0)
        let start = analysis.report(network.initialParameters(precision: solution.precisionBits))
        var residuals = [Double]()
        for (time, theta) in zip(solution.times, solution.parameters) {
            let report = analysis.report(theta)
            #expect((report.imbalanceDrift.log10Magnitude ?? -.infinity) < -25)
            #expect((report.nullSpaceDrift.log10Magnitude ?? -.infinity) < -25)
            let t = BigFloat(time, precision: solution.precisionBits)
            #expect(report.residualNorm <= start.residualNorm * BigFloat.exp(-(bound.rate * t)))
            #expect(report.identityResidual <= report.identityBound * (1 + BigFloat.scaled(BigFloat(1, precision: 64), byPowerOfTwo: -60)))
            residuals.append(log(report.residualNorm.doubleValue))
        }
        let last = analysis.report(solution.parameters.last!)
        #expect(ModelTestSupport.log10RelativeDifference(last.gap, last.predictedGap) < -25)
        #expect(last.gapNorm.doubleValue > 1e-3)  // the gap is real: U(0) has a null-space part
        let measuredRate = (residuals[2] - residuals[3]) / 24
        #expect(measuredRate >= bound.rate.doubleValue)
        print(
            "T13: rate bound c = \(bound.rate.formatted(significantDigits: 6)), measured late rate \(measuredRate), ‖E(40)‖ = \(last.residualNorm.formatted(significantDigits: 4)), ‖Θ(∞) − Θ*‖ = \(last.gapNorm.formatted(significantDigits: 8))"
        )
    }

    @Test("bad input is an error")
    func badInput() {
        #expect(throws: FlowError.self) { try TwoLayerLinearNetwork.random(x: Self.x, y: Self.y, width: 0, alpha: Rational(1), seed: 1) }
        #expect(throws: FlowError.self) { try TwoLayerLinearNetwork.random(x: Self.x, y: Self.y, width: 4, alpha: Rational(0), seed: 1) }
        #expect(throws: FlowError.self) {
            try ExactMinimumNorm(x: ModelTestSupport.rationals([["1", "2"], ["2", "4"]]), y: ModelTestSupport.rationals([["1"], ["1"]]))
        }
        #expect(throws: FlowError.self) {
            try TwoLayerLinearNetwork.random(x: Self.x, y: Array(Self.y.prefix(2)), width: 4, alpha: Rational(1), seed: 1)
        }
    }
}
