import Flow
import Foundation
import Limits
import Multiprecision
import Testing
@testable import Asymptotics

/// The rich limit by depth (`RichLimit`): ŵ₁ for D = 2, the sweep-end l_{2/D} KKT point for D > 2
/// (MATH.md §2.3 item 5, T8), and a D = 3 rich entry located against it and checked by an
/// independent flow run.
@Suite("Rich limit and D = 3 rich entry") struct RichLimitTransitionTests {
    typealias F = AnalysisFixtures

    static let kkt = try! RichLimit(z: AnalysisFixtures.f1, depth: 3, choice: .auto, precision: 256)

    @Test("D = 3 on F1: the sweep path ends at the exact KKT point e₁/z₁₁ = (500/323)e₁; D = 2 and --rich-limit l1 give ŵ₁")
    func limitPoint() throws {
        let limit = Self.kkt
        #expect(limit.choice == .kkt && limit.isExact)
        #expect(limit.support == [0] && limit.tight == [0])
        // Exact: the only tight sample is z₁, so w₁ = 1/z₁₁ (MATH.md T8 prints 1/0.646 = 500/323).
        #expect(limit.w[0] == Rational(1) / F.f1[0][0] && limit.w[0] == Rational(500) / Rational(323))
        #expect(limit.w.dropFirst().allSatisfy { $0.signum == 0 })
        for row in F.f1 {
            var margin = Rational()
            for (z, w) in zip(row, limit.w) { margin = margin + z * w }
            #expect(!(margin < Rational(1)))
        }
        let check = try KKTResidualCheck(z: F.f1, w: limit.w.map { BigFloat($0, precision: 256) }, depth: 3, precision: 256)
        #expect(check.worst.doubleValue < 1e-60 && check.multipliers.allSatisfy { !$0.isNegative })
        // ŵ₁ is 0.56 away: measured against it the D = 3 flow never becomes rich at δ = 0.15.
        let l1 = try LimitProblem(kind: .l1Margin, classificationRows: F.f1).solve().w
        let gap = zip(l1, limit.w).map { pow(BigFloat($0 - $1, precision: 64).doubleValue, 2) }.reduce(0, +).squareRoot()
        #expect(abs(gap - 0.56) < 0.01, "‖ŵ₁ − ŵ_{2/3}‖ = \(gap)")
        // D = 2 (auto or kkt) and an explicit l1 resolve to ŵ₁.
        #expect(try RichLimit(z: F.f1, depth: 2, choice: .kkt).w == l1)
        #expect(try RichLimit(z: F.f1, depth: 3, choice: .l1).w == l1)
        #expect(try RegimeRule(richLimit: .l1).text(depth: 3).contains("ŵ₁"))
        #expect(try RegimeRule().text(depth: 3).contains("l_{2/3} KKT point"))
        // Reports saved before the choice existed used ŵ₁.
        let old = #"{"kernelRatio": "1", "richDistance": "0.15"}"#
        #expect(try JSONDecoder().decode(RegimeRule.self, from: Data(old.utf8)).richLimit == .l1)
    }

    @Test("D = 3, α = 1, δ = 0.15: rich entry at τ* ∈ (100, 1000); an independent run to τ* finds ‖w̃ − ŵ_{2/3}‖ = δ")
    func richEntry() throws {
        let rule = try RegimeRule(richDistance: "0.15")
        let finder = TransitionFinder(z: F.f1, depth: 3, rule: rule, richLimit: Self.kkt.w, horizon: "1000", digits: 12)
        let point = try finder.locate(.richEntry, alpha: Rational(1))
        let tau = try #require(point.tau)
        #expect(point.reached && tau.digits >= 12 && F.double(tau.value) > 100 && F.double(tau.value) < 1000)
        // Independent: an ordinary τ-checkpoint run to τ*, analysed with the same rule.
        let trajectory = F.trajectory(F.f1, depth: 3, alpha: Rational(1), [.tau(tau.value)], digits: 14)
        var analyzer = RegimeAnalyzer(rule: rule)
        analyzer.includeSweep = false
        analyzer.includeRegularized = false
        analyzer.includeStationary = false
        analyzer.richLimit = Self.kkt
        let report = try analyzer.analyze(trajectory, limits: F.limits(F.f1, depth: 3, trajectory))
        let c = report.checkpoints[0]
        let distance = try #require(c.distance[.l2dRichLimit])
        #expect(distance.digits >= 9 && abs(F.double(distance.value) - 0.15) < 1e-9, "‖w̃ − ŵ_{2/3}‖(τ*) = \(distance.value)")
        // At the threshold the label is rich or transition by the last digits; either way it is not kernel.
        #expect(c.regime != .kernel)
        #expect(F.double(c.distance[.l1Margin]!.value) > 0.3)
        #expect(report.richLimit?.limit == .kkt && report.richLimit?.w.first == "500/323")
    }
}
