import Flow
import Foundation
import Limits
import Multiprecision
import Testing
@testable import Asymptotics

/// MATH.md §9 T9 (Lyu–Li): γ̃ = ln(1/L)/‖u‖₂^D is non-decreasing once L < 1 and tends to
/// (Σ|w*_i|^{2/D})^{−D/2} at the limit w* of w/γ: 1/‖ŵ₁‖₁ for D = 2, 323/500 on F1 for D = 3
/// (w* = (500/323)e₁). Checked along F1, α = 1, τ = 1 … 1e6, and against an independent formula
/// from w alone (D = 2: ‖u‖² = Σ √(w_i² + 4α⁴); D = 3: the conservation law solved by bisection).
@Suite("Lyu–Li normalized margin (T9)") struct LyuLiMarginTests {
    typealias F = AnalysisFixtures
    static let taus = ["1", "10", "100", "1000", "1e4", "1e6"]

    static func report(depth: Int) -> (Trajectory, RegimeReport) {
        let trajectory = F.trajectory(F.f1, depth: depth, alpha: Rational(1), taus.map { .tau($0) }, digits: 10)
        var analyzer = RegimeAnalyzer(rule: try! RegimeRule())
        analyzer.includeSweep = false
        analyzer.includeRegularized = false
        return (trajectory, try! analyzer.analyze(trajectory, limits: F.limits(F.f1, depth: depth, trajectory), dataName: "F1"))
    }

    static let depth2 = report(depth: 2)
    static let depth3 = report(depth: 3)

    /// The reported γ̃ per checkpoint, at 256 bits, with its verified digits.
    static func margins(_ report: RegimeReport) throws -> [(value: BigFloat, digits: Int)] {
        try report.checkpoints.map { c in
            let m = try #require(c.lyuLiMargin, "\(c.target): no γ̃")
            return (try BigFloat(m.value, precision: 256), m.digits)
        }
    }

    /// Non-decreasing (strictly, beyond the verified digits) and below `limit`, with the gap shrinking.
    static func checkMonotoneBelow(_ values: [(value: BigFloat, digits: Int)], limit: BigFloat, label: String) -> [Double] {
        for (k, v) in values.enumerated() {
            #expect(v.digits >= 8, "\(label) τ = \(taus[k]): only \(v.digits) digits")
        }
        var gaps = [Double]()
        for (k, v) in values.enumerated() {
            let gap = limit - v.value
            #expect(gap.signum > 0, "\(label) τ = \(taus[k]): γ̃ = \(v.value.formatted(significantDigits: 12)) is not below the limit")
            gaps.append(Double(gap.formatted(significantDigits: 17))!)
            guard k > 0 else { continue }
            let previous = values[k - 1]
            let step = v.value - previous.value
            // The increase must exceed both values' error (10^−digits relative).
            let errors =
                v.value.magnitude * BoundedValue.tenToMinus(v.digits, precision: 256)
                + previous.value.magnitude * BoundedValue.tenToMinus(previous.digits, precision: 256)
            #expect(
                step > errors, "\(label): γ̃ decreases from τ = \(taus[k - 1]) to \(taus[k]) (by \(step.formatted(significantDigits: 6)))")
        }
        for k in 1..<gaps.count { #expect(gaps[k] < gaps[k - 1], "\(label): gap \(gaps[k]) at τ = \(taus[k]) not below \(gaps[k - 1])") }
        return gaps
    }

    @Test("D = 2: non-decreasing after L < 1, tends to 1/‖ŵ₁‖₁ = 0.71923 (exact, from Limits)")
    func depth2MonotoneToL1() throws {
        let (_, report) = Self.depth2
        // 1/‖ŵ₁‖₁ from the exact l1 max-margin solution, summed here.
        let l1 = try LimitProblem(kind: .l1Margin, classificationRows: F.f1).solve()
        var norm = Rational(0)
        for x in l1.w { norm = norm + (x.signum < 0 ? -x : x) }
        let limit = Rational(1) / norm
        #expect(report.lyuLiLimit == limit.description)
        let limitFloat = BigFloat(limit, precision: 256)
        #expect(abs(Double(limitFloat.formatted(significantDigits: 17))! - 0.71923) < 0.5e-5)  // MATH.md T9
        let gaps = Self.checkMonotoneBelow(try Self.margins(report), limit: limitFloat, label: "D = 2")
        // Logarithmic approach (‖w̃‖₁ → ‖ŵ₁‖₁ like 1/ln γ): within 0.005 at τ = 1e6, still visibly short.
        #expect(gaps.last! < 0.005 && gaps.last! > 1e-4, "\(gaps)")
    }

    @Test("D = 3: non-decreasing after L < 1, tends to 323/500 at the l_{2/3} KKT point (500/323)e₁")
    func depth3MonotoneToKKTPoint() throws {
        let (_, report) = Self.depth3
        #expect(report.lyuLiLimit == nil)
        let limit = BigFloat(Rational(323) / Rational(500), precision: 256)
        let gaps = Self.checkMonotoneBelow(try Self.margins(report), limit: limit, label: "D = 3")
        // Polynomial approach (the gap falls 0.047 → 0.0034 from τ = 1e4 to 1e6): within 5e-3 at τ = 1e6.
        #expect(gaps.last! < 5e-3, "\(gaps)")
        // The KKT point found at τ = 1e6 is (500/323)e₁, and its reported limit is 0.646.
        let point = try #require(report.checkpoints.last?.stationaryPoint)
        #expect(point.support == [1])
        let reported = try #require(point.lyuLiLimit)
        #expect(F.agreement(reported, "0.646") >= Double(point.verifiedDigits) - 1, "\(reported)")
    }

    @Test("γ̃ at τ = 1e4 equals τ(ν)/‖u‖^D with ‖u‖ recomputed from w alone (D = 2 and 3)")
    func independentValue() throws {
        let index = Self.taus.firstIndex(of: "1e4")!
        for (depth, (trajectory, report)) in [(2, Self.depth2), (3, Self.depth3)] {
            let c = trajectory.checkpoints[index].checkpoint
            let p = c.precisionBits + 64
            var squares = BigFloat(precision: p)
            for wi in c.w {
                let w = BigFloat(wi, precision: p)
                if depth == 2 {
                    squares += BigFloat.sqrt(w * w + 4)  // u₊² + u₋² = √(w² + 4α⁴), α = 1
                } else {
                    let (plus, minus) = Self.depth3Factors(w: w)
                    squares += plus * plus + minus * minus
                }
            }
            let expected = BigFloat(c.tauFromState, precision: p) / BigFloat.pow(BigFloat.sqrt(squares), depth)
            let reported = try #require(report.checkpoints[index].lyuLiMargin)
            #expect(reported.digits >= 10, "D = \(depth): \(reported.digits) digits")
            #expect(
                F.agreement(reported.value, expected.formatted(significantDigits: 40)) >= Double(reported.digits) - 1,
                "D = \(depth): \(reported.value) vs \(expected.formatted(significantDigits: 30))")
        }
    }

    /// D = 3, α = 1: u₊, u₋ > 0 with u₊³ − u₋³ = w and 1/u₊ + 1/u₋ = 2, by bisection on
    /// h ∈ (−1, 1), 1/u₊ = 1 − h, 1/u₋ = 1 + h (u₊³ − u₋³ is increasing in h).
    static func depth3Factors(w: BigFloat) -> (BigFloat, BigFloat) {
        let p = w.precision
        let one = BigFloat(1, precision: p)
        var low = -one, high = one
        for _ in 0..<(p + 8) {
            let h = (low + high) / 2
            if h == low || h == high { break }
            let value = BigFloat.pow(one - h, -3) - BigFloat.pow(one + h, -3)
            if value < w { low = h } else { high = h }
        }
        let h = (low + high) / 2
        return (one / (one - h), one / (one + h))
    }

    @Test("LyuLiMargin.limit: (Σ|w_i|^{2/D})^{−D/2}; 1/‖w‖₁ for D = 2")
    func limitFormula() {
        let p = 128
        let point = [BigFloat(Rational(500) / Rational(323), precision: p), BigFloat(precision: p)]
        #expect(abs(Double(LyuLiMargin.limit(point, depth: 3).formatted(significantDigits: 17))! - 0.646) < 1e-15)
        let w = [Rational(3) / Rational(2), Rational(-1) / Rational(2), Rational(0)]
        #expect(LyuLiMargin.limitL1(w) == Rational(1) / Rational(2))
        #expect(
            abs(Double(LyuLiMargin.limit(w.map { BigFloat($0, precision: p) }, depth: 2).formatted(significantDigits: 17))! - 0.5) < 1e-15)
    }
}
