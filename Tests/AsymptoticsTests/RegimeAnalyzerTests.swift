import Flow
import Foundation
import Limits
import Multiprecision
import Testing
@testable import Asymptotics

/// The analyzer on F1 against the flow and the limits computed separately, against the independent
/// mpmath/fractions reference (Fixtures/make_analysis_reference.py) and against MATH.md T7-T8.
@Suite("Regime analyzer on F1") struct RegimeAnalyzerTests {
    typealias F = AnalysisFixtures

    @Test("distances equal ‖w/γ − ŵ‖₂ recomputed from the trajectory and the exact limits")
    func distancesAgreeWithSeparateComputation() throws {
        let report = F.depth2Report
        let l1 = try LimitProblem(kind: .l1Margin, classificationRows: F.f1).solve()
        let l2 = try LimitProblem(kind: .l2Margin, classificationRows: F.f1).solve()
        // The exact limits are those the independent enumeration finds.
        #expect(l1.w.map(\.description) == F.reference.w1_exact)
        #expect(l2.w.map(\.description) == F.reference.w2_exact)
        #expect(report.limits["l1_margin"]!.w == F.reference.w1_exact)
        for (record, verified) in zip(report.checkpoints, F.depth2.checkpoints) {
            let c = verified.checkpoint
            let p = c.precisionBits
            for (kind, limit) in [(ReferenceKind.l1Margin, l1), (.l2Margin, l2)] {
                var squares = BigFloat(precision: p)
                for (x, y) in zip(c.w, limit.w) {
                    let e = x / c.gamma! - BigFloat(y, precision: p)
                    squares += e * e
                }
                let direct = BigFloat.sqrt(squares).formatted(significantDigits: 40)
                let reported = try #require(record.distance[kind])
                #expect(reported.digits >= 12, "\(record.target) \(kind): \(reported.digits) digits")
                #expect(F.agreement(reported.value, direct) >= Double(reported.digits) - 1, "\(record.target) \(kind)")
            }
            #expect(F.agreement(record.gamma.value, c.gamma!.formatted(significantDigits: 40)) >= Double(record.gamma.digits) - 1)
        }
    }

    @Test("distances match the independent heyoka + exact-limit reference to ≥ 12 digits")
    func distancesMatchIndependentReference() throws {
        for (record, tau) in zip(F.depth2Report.checkpoints, ["10", "100", "1000", "10000"]) {
            let reference = F.reference.checkpoint(depth: 2, tau: tau)
            for (kind, key) in [(ReferenceKind.l1Margin, "dist_l1_margin"), (.l2Margin, "dist_l2_margin")] {
                let value = try #require(record.distance[kind])
                #expect(F.agreement(value.value, reference[key]!) >= 12, "τ = \(tau) \(kind): \(value.value) vs \(reference[key]!)")
            }
            #expect(F.agreement(record.gamma.value, reference["gamma"]!) >= 12)
        }
        for (record, tau) in zip(F.depth3Report.checkpoints, ["100", "1000", "10000"]) {
            let reference = F.reference.checkpoint(depth: 3, tau: tau)
            let value = try #require(record.distance[.l2dStationary])
            #expect(
                F.agreement(value.value, reference["dist_l2d_kkt"]!) >= 12, "τ = \(tau): \(value.value) vs \(reference["dist_l2d_kkt"]!)")
        }
    }

    @Test("MATH.md T7: D = 2, α = 1 — γ, ‖w̃ − ŵ₁‖, ‖w̃‖₁ as printed; labels; the logarithmic rate")
    func t7() throws {
        let report = F.depth2Report
        let printed: [(gamma: String, distance: String, norm1: String)] = [
            ("11.0819", "0.25508", "1.471425"), ("100.3944", "0.17354", "1.442979"),
            ("1000.4082", "0.13501", "1.420326"), ("10000.4253", "0.10696", "1.408469")
        ]
        for (record, row) in zip(report.checkpoints, printed) {
            #expect(record.gamma.value.hasPrefix(String(row.gamma.dropLast())), "\(record.gamma.value) vs \(row.gamma)")
            let distance = try #require(record.distance[.l1Margin])
            #expect(abs(F.double(distance.value) - F.double(row.distance)) <= 0.5e-5, "\(distance.value) vs \(row.distance)")
            let norm1 = record.wNormalized.map { abs(F.double($0.value)) }.reduce(0, +)
            #expect(abs(norm1 - F.double(row.norm1)) <= 0.5e-6 + 1e-12)
            // ρ = ‖w‖∞ ≫ 1 (α = 1) and ‖w̃ − ŵ₁‖ > 0.1: transition throughout.
            #expect(record.regime == .transition && record.labelCertain)
        }
        // With δ = 0.11 the last checkpoint (0.10696) is rich, the others are not.
        var analyzer = RegimeAnalyzer(rule: try RegimeRule(richDistance: "0.11"))
        analyzer.includeSweep = false
        analyzer.includeRegularized = false
        let relabelled = try analyzer.analyze(F.depth2, limits: F.depth2Limits)
        #expect(relabelled.checkpoints.map(\.regime) == [.transition, .transition, .transition, .rich])
        // MATH.md §2.3 item 4: ‖w̃ − ŵ₁‖·ln(γ/α²) rises 0.61 → 0.98 over τ = 10 … 1e4.
        let fit = try RateFit(report)
        #expect(fit.variable == "1/ln(gamma/alpha^2)")
        let constants = fit.points.map { F.double($0.constant.value) }
        #expect(abs(constants.first! - 0.61) < 0.005 && abs(constants.last! - 0.98) < 0.01, "\(constants)")
        #expect(constants == constants.sorted())
        // C_k recomputed from the independent reference.
        let reference = F.reference.checkpoint(depth: 2, tau: "10000")
        let expected = F.double(reference["dist_l1_margin"]!) * log(F.double(reference["gamma"]!))
        #expect(abs(F.double(fit.constant) - expected) < 1e-12)
        #expect(F.double(fit.drift!) > 0.01)  // not yet stable at τ = 1e4: the rate is only logarithmic
    }

    @Test("MATH.md T8: D = 3, α = 1 — w̃₁ and Σ|w̃_i|^{2/3} as printed; the KKT point (500/323)e₁; rate 1/γ")
    func t8() throws {
        let report = F.depth3Report
        let printed: [(w1: String, sum: String)] = [("1.28933", "1.728702"), ("1.47065", "1.518688"), ("1.53324", "1.400839")]
        for (record, row) in zip(report.checkpoints, printed) {
            #expect(abs(F.double(record.wNormalized[0].value) - F.double(row.w1)) <= 0.5e-5)
            let sum = record.wNormalized.map { pow(abs(F.double($0.value)), 2.0 / 3.0) }.reduce(0, +)
            #expect(abs(sum - F.double(row.sum)) <= 0.5e-6 + 1e-12)
            // The KKT point found is (1/0.646) e₁ = (500/323) e₁ exactly (to its verified digits).
            let point = try #require(record.stationaryPoint)
            #expect(point.support == [1] && point.tight == [1])
            #expect(point.verifiedDigits >= 30)
            #expect(
                F.agreement(point.w[0], "1.547987616099071207430340557275541795665634674922600619195") >= Double(point.verifiedDigits) - 1)
            #expect(point.w.dropFirst().allSatisfy { F.double($0) == 0 })
            #expect(F.double(point.kktResidual) < 1e-30)
            // ŵ₁ is not the limit at fixed α for D = 3 (MATH.md §2.3 item 5).
            #expect(F.double(record.distance[.l1Margin]!.value) > 0.3)
        }
        // Σ|ŵ|^{2/3} of the limit, 1.33817 (MATH.md T8).
        #expect(abs(pow(500.0 / 323.0, 2.0 / 3.0) - 1.33817) < 0.5e-5)
        let fit = try RateFit(report)
        #expect(fit.variable == "1/gamma" && fit.reference == .l2dStationary)
        let reference = F.reference.checkpoint(depth: 3, tau: "10000")
        let expected = F.double(reference["dist_l2d_kkt"]!) * F.double(reference["gamma"]!)
        #expect(abs(F.double(fit.constant) / expected - 1) < 1e-12)
        // The local exponent rises towards 1 (0.72 between τ = 1e3 and 1e4 on F1).
        let exponent = F.double(fit.localExponent!)
        #expect(exponent > 0.5 && exponent < 1.1)
    }

    @Test("a report survives a JSON round trip unchanged (sweeps store it)")
    func codableRoundTrip() throws {
        let data = try JSONEncoder().encode(F.depth3Report)
        let decoded = try JSONDecoder().decode(RegimeReport.self, from: data)
        #expect(decoded == F.depth3Report)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let first = try #require((object["checkpoints"] as? [[String: Any]])?.first)
        #expect(first["distance"] is [String: String])
        #expect(first["regime"] as? String == "transition")
        #expect((first["verified_digits"] as? [String: Any])?["gamma"] is Int)
        // The flat records (sweep stores) carry the same strings.
        let fields = RegimeRecords.fields(F.depth3Report), rows = RegimeRecords.rows(F.depth3Report)
        #expect(fields.count == rows[0].count && rows.count == 3)
        let column = try #require(fields.firstIndex(of: "distance_l2d_stationary"))
        #expect(rows[2][column] == F.depth3Report.checkpoints[2].distance[.l2dStationary]!.value)
    }
}
