import Flow
import Foundation
import Limits
import Multiprecision
import Testing
@testable import Asymptotics

/// Transition points located by level crossings, checked against independent τ-checkpoint runs and
/// against the sweep path of the `Limits` layer.
@Suite("Transition points") struct TransitionTests {
    typealias F = AnalysisFixtures

    static let l1 = try! LimitProblem(kind: .l1Margin, classificationRows: AnalysisFixtures.f1).solve()

    /// ρ and ‖w̃ − ŵ₁‖ at τ from an ordinary τ-checkpoint run.
    static func analyze(depth: Int, alpha: Rational, tau: String) -> CheckpointRegime {
        let trajectory = F.trajectory(F.f1, depth: depth, alpha: alpha, [.tau(tau)], digits: 14)
        var analyzer = RegimeAnalyzer(rule: try! RegimeRule())
        analyzer.includeSweep = false
        analyzer.includeRegularized = false
        return try! analyzer.analyze(trajectory, limits: F.limits(F.f1, depth: depth, trajectory)).checkpoints[0]
    }

    @Test("kernel exit, D = 2, α = 3, 10, 30: ρ = 1 at τ*, the α² law, μ* the fixed point ‖T(μ)‖∞ = μ of the sweep")
    func kernelExit() throws {
        let finder = TransitionFinder(z: F.f1, depth: 2, rule: try RegimeRule(), richLimit: Self.l1.w, horizon: "1e4", digits: 12)
        let points = try [3, 10, 30].map { try finder.locate(.kernelExit, alpha: Rational($0)) }
        #expect(points.allSatisfy { $0.reached && $0.tau!.digits >= 12 })
        // Independent: an ordinary run to τ = τ*(α = 10) finds ρ = 1.
        let check = Self.analyze(depth: 2, alpha: Rational(10), tau: points[1].tau!.value)
        #expect(abs(F.double(check.rho.value) - 1) < 1e-9, "ρ(τ*) = \(check.rho.value)")
        // log10(1/ε*) = τ*/ln 10, and γ* ≈ α²/μ*.
        for p in points {
            #expect(abs(F.double(p.log10InverseLoss!.value) - F.double(p.tau!.value) / log(10.0)) < 1e-9)
        }
        let fit = try ScalingLawFit(points)
        #expect(F.double(fit.maximumRelativeResidual) < 0.02)
        // As α grows the flow follows the sweep path (MATH.md T6, error O(α^−D)), so at the exit
        // μ* = α²/γ* satisfies ‖T(μ*)‖∞ = μ* up to O(α^−2).
        let mu = try Rational(decimal: points[2].mu!.value)
        let limits = try LimitReferences(z: F.f1, depth: 2, precision: 192)
        let sweep = try limits.sweep(at: [mu], relativeErrors: [Rational(1, 1_000_000_000)])[0]
        let largest = sweep.w.map(\.magnitude).max()!.doubleValue
        #expect(abs(largest / F.double(points[2].mu!.value) - 1) < 5e-3, "‖T(μ*)‖∞/μ* = \(largest / F.double(points[2].mu!.value))")
    }

    @Test("a scaling-law fit prints no more digits than its points' verified digits carry")
    func fitDigits() throws {
        func point(_ alphaToDepth: String, _ y: String, digits: Int) -> TransitionPoint {
            TransitionPoint(
                kind: .kernelExit, depth: 2, alpha: "1", alphaToDepth: alphaToDepth, horizon: "1e3", reached: true,
                log10InverseLoss: VerifiedDecimal(value: y, digits: digits))
        }
        // Exact points on y = 2x + 1, each to 12 digits: the slope is known to about 11 digits, so
        // all 8 asked for are shown.
        let wide = try ScalingLawFit([point("1", "3.00000000000", digits: 12), point("3", "7.00000000000", digits: 12)])
        #expect(wide.slope == "2.0000000" && wide.intercept == "1.0000000")
        // Points that differ by 7e-21 but are known only to 1e-22 each (the tiny-α case): the slope
        // 0.67 ± 0.02 gets one digit, not eight.
        let close = try ScalingLawFit([
            point("1/100000000000000000000", "-0.6020599913279623904208", digits: 22),
            point("1/1000000000000000000000000000000000000000000000000000000000000", "-0.6020599913279623904275", digits: 22)
        ])
        #expect(close.slope == "0.7", "slope \(close.slope)")
        #expect(close.intercept.count >= 10, "the intercept is still known to many digits: \(close.intercept)")
    }

    @Test("kernel exit, D = 2, α = 30 at 10 digits: the crossing step is shortened by the error control and still verifies")
    func shortenedCrossingStep() throws {
        // Regression: the Illinois retries restarted from the step's start and, when the error
        // control shortened the step, all stopped at the same τ; the bracket never closed and the two
        // runs disagreed (0 verified digits). log10(1/ε*) = 410.4216265887… (18 digits when fixed).
        let finder = TransitionFinder(z: F.f1, depth: 2, rule: try RegimeRule(), richLimit: Self.l1.w, horizon: "2e4", digits: 10)
        let point = try finder.locate(.kernelExit, alpha: Rational(30))
        let value = try #require(point.log10InverseLoss)
        #expect(point.reached && value.digits >= 10, "\(value.value) with \(value.digits) digits")
        let located = try #require(Double(value.value))
        #expect(abs(located - 410.4216265887) < 1e-7, "\(value.value)")
    }

    @Test("rich entry, D = 2, α = 1, δ = 0.15: ‖w̃ − ŵ₁‖ = δ at τ* ∈ (100, 1000); δ = 0.05 not reached by τ = 1000")
    func richEntry() throws {
        let finder = TransitionFinder(
            z: F.f1, depth: 2, rule: try RegimeRule(richDistance: "0.15"), richLimit: Self.l1.w,
            horizon: "1000", digits: 12)
        let point = try finder.locate(.richEntry, alpha: Rational(1))
        let tau = F.double(try #require(point.tau).value)
        #expect(point.reached && tau > 100 && tau < 1000)
        let check = Self.analyze(depth: 2, alpha: Rational(1), tau: point.tau!.value)
        #expect(abs(F.double(check.distance[.l1Margin]!.value) - 0.15) < 1e-9)
        let far = TransitionFinder(
            z: F.f1, depth: 2, rule: try RegimeRule(richDistance: "0.05"), richLimit: Self.l1.w,
            horizon: "1000", digits: 12)
        let missed = try far.locate(.richEntry, alpha: Rational(1))
        #expect(!missed.reached && missed.tau == nil)
    }
}
