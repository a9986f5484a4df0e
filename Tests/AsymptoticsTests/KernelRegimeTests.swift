import Flow
import Foundation
import Limits
import Multiprecision
import Testing
@testable import Asymptotics

/// MATH.md T5 (kernel regime) and the single-point identity w̃ = argmin Q^D_μ (MATH.md §2.3 item 2).
@Suite("Kernel regime (MATH.md T5)") struct KernelRegimeTests {
    typealias F = AnalysisFixtures

    @Test("single point z = (1, 2), D = 2, α = 10, ε = 1e-100: kernel-like, ratio 0.48773000, w̃ = argmin Q_μ exactly")
    func singlePoint() throws {
        let z = [[Rational(1), Rational(2)]]
        let trajectory = F.trajectory(z, depth: 2, alpha: Rational(10), [.log10Loss("-100")], digits: 20)
        let limits = try LimitReferences(z: z, depth: 2, precision: trajectory.checkpoints[0].checkpoint.precisionBits)
        let report = try RegimeAnalyzer(rule: try RegimeRule()).analyze(trajectory, limits: limits)
        let c = report.checkpoints[0]
        let w1 = F.double(c.wNormalized[0].value), w2 = F.double(c.wNormalized[1].value)
        #expect(abs(w1 / w2 - 0.48773000) < 0.5e-8)
        #expect(abs(w1 - 0.19605423) < 0.5e-8 && abs(w2 - 0.40197288) < 0.5e-8)
        // ρ = ‖w‖∞/α² = 0.40197288 · γ / 100 with γ = 100 ln 10 (N = 1: γ = τ exactly): below 1, kernel.
        #expect(abs(F.double(c.gamma.value) - 100 * log(10.0)) < 1e-10)
        #expect(c.regime == .kernel && c.labelCertain)
        // Distance to ŵ₂ = (1/5, 2/5) from the printed w̃, to the printed digits.
        let expected = ((w1 - 0.2) * (w1 - 0.2) + (w2 - 0.4) * (w2 - 0.4)).squareRoot()
        #expect(abs(F.double(c.distance[.l2Margin]!.value) - expected) < 1e-12)
        #expect(c.distance[.l2Margin]!.digits >= 15)
        // N = 1: complementary slackness is trivial, so w̃ IS argmin Q_μ and the sweep point; the
        // computed distances are at the error level and carry (almost) no verified digits.
        for kind in [ReferenceKind.qMu, .sweep] {
            let d = try #require(c.distance[kind])
            #expect(F.double(d.value) < 1e-18, "\(kind): \(d.value)")
            #expect(d.digits <= 2, "\(kind): \(d.digits) digits claimed for a distance at the error level")
        }
    }

    @Test("F1, μ = 100: argmin Q_μ within 1e-4 of ŵ₂ (D = 2), and closer as μ grows")
    func largeMu() throws {
        let limits = try LimitReferences(z: F.f1, depth: 2, precision: 192)
        let tiny = try Rational(decimal: "1e-40")
        let q = try limits.qMu(at: [Rational(100), Rational(1000)], relativeErrors: [tiny, tiny])
        let kernel = limits.kernel.entries
        let at100 = DistanceMeasure.euclidean(q[0].entries, kernel, precision: 192)
        let at1000 = DistanceMeasure.euclidean(q[1].entries, kernel, precision: 192)
        #expect(at100.value.doubleValue < 1e-4, "\(at100.value)")
        #expect(at1000.value.doubleValue < at100.value.doubleValue / 10)
        #expect(at100.digits >= 20)
    }
}
