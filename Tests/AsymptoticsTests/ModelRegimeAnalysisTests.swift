import Asymptotics
import Experiments
import Flow
import Foundation
import Limits
import Multiprecision
import Testing

/// `ModelRegimeAnalysis` (analyze --model-file): the distances of the model flow's k to the
/// limits, checked against exact references computed here and against the printed k; the decay
/// of the distance to the weighted-ℓ1 limit as s decreases (MATH.md §12.2, Theorem 2); models
/// without a weighted limit; classification directions.
@Suite("Model regime analysis")
struct ModelRegimeAnalysisTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static func r(_ text: String) -> Rational { text.contains("/") ? try! Rational(fraction: text) : try! Rational(decimal: text) }
    static let t11x = [["1", "0.5", "0.7", "0"], ["0.5", "1", "0.1", "0.7"]].map { $0.map(r) }
    static let t11y = [Rational(1), Rational()]
    static let t11 = FlowData.regression(x: t11x, y: t11y)

    static func model(_ name: String, dimension: Int = 4) throws -> ExpressionModel {
        try ModelFileParser.load(path: repository.appendingPathComponent("Data/models/\(name)").path, dimension: dimension)
    }

    static func analyze(
        _ model: ExpressionModel, data: FlowData = t11, loss: Loss = .squared, scale: String, times: [String], digits: Int = 20
    ) throws -> ModelRegimeReport {
        let references = try ModelLimitReferences(model: model, data: data)
        return try ModelRegimeAnalysis(rule: try RegimeRule()).analyze(
            model: model, data: data, loss: loss, scale: r(scale), times: times.map(r), references: references,
            setup: .init(modelFile: "M.yaml", data: "T11", scale: scale, digits: digits))
    }

    /// ‖k − ŵ‖₂ from the printed k (exact decimals) and an exact ŵ, in binary64.
    static func distance(_ k: [VerifiedDecimal], _ w: [Rational]) -> Double {
        zip(k, w).reduce(0.0) { sum, pair in
            let d = BigFloat(r(pair.0.value) - pair.1, precision: 64).doubleValue
            return sum + d * d
        }.squareRoot()
    }

    static func relative(_ a: Double, _ b: String) -> Double { abs(a - Double(b)!) / abs(a) }

    /// The min-ℓ2 interpolator Xᵀ(XXᵀ)⁻¹y of T11 in exact rationals (2 × 2 inverse by hand).
    static var minimumNorm: [Rational] {
        let x = t11x
        func dot(_ a: [Rational], _ b: [Rational]) -> Rational { zip(a, b).reduce(Rational()) { $0 + $1.0 * $1.1 } }
        let (a, b, d) = (dot(x[0], x[0]), dot(x[0], x[1]), dot(x[1], x[1]))
        let det = a * d - b * b
        // (XXᵀ)⁻¹ y with y = (1, 0): (d, −b)/det.
        let nu = [d / det, Rational() - b / det]
        return (0..<4).map { i in x[0][i] * nu[0] + x[1][i] * nu[1] }
    }

    @Test("the paper's model on T11: distances to the exact limits, and the decay to the weighted-ℓ1 limit as s decreases")
    func paperModelDecay() throws {
        let model = try Self.model("zhao2026.yaml")
        let weighted = ["0", "0", "10/7", "-10/49"].map(Self.r)
        var late: [Double] = []
        for scale in ["1e-3", "1e-6"] {
            let report = try Self.analyze(model, scale: scale, times: ["20", "80"])
            #expect(report.modelClass == "general two-layer" && report.weightedL1Unavailable == nil)
            #expect(report.limits["weighted_l1"]?.w == ["0", "0", "10/7", "-10/49"])
            #expect(report.limits["l2_interpolation"]?.w == Self.minimumNorm.map(\.description))
            #expect(report.limits.values.allSatisfy { $0.certificateVerified })
            #expect(report.weights == Array(repeating: ["1/2", "1/2"], count: 4))
            for c in report.checkpoints {
                #expect(c.thetaDigits >= 20)
                // Each distance as recomputed from the printed k, to the digits printed.
                let w = try #require(c.distance[.weightedL1]), l2 = try #require(c.distance[.l2Interpolation])
                #expect(w.digits >= 15 && l2.digits >= 15, "\(c.time): \(w), \(l2)")
                #expect(Self.relative(Self.distance(c.w, weighted), w.value) < 1e-14)
                #expect(Self.relative(Self.distance(c.w, Self.minimumNorm), l2.value) < 1e-14)
                #expect(c.regime == .transition && c.labelCertain == true)
            }
            late.append(Double(report.checkpoints[1].distance[.weightedL1]!.value)!)
        }
        // Measured: 0.4897 at s = 1e-3, 0.2914 at s = 1e-6 (t = 80, both settled: loss < 1e-39).
        #expect(late[1] < late[0] && late[1] < 0.3 && late[0] > 0.45, "\(late)")
    }

    @Test("a model that is neither two-layer nor a deep product: no weighted limit, said, and the other distances")
    func noWeightedLimit() throws {
        let text = "parameters: [a, b]\ncoordinates:\n  - where: all\n    k: a^3 - b^3\ninit:\n  - where: all\n    a: 1\n    b: 0.5\n"
        let model = try ModelFileParser.parse(text, source: "cubic.yaml", dimension: 4)
        let report = try Self.analyze(model, scale: "0.5", times: ["1", "10"], digits: 12)
        #expect(report.modelClass == nil && report.richDistance == nil && report.ruleText == nil && report.limits["weighted_l1"] == nil)
        #expect(report.weightedL1Unavailable?.contains("fails λ_1 < min{0, λ_2}") == true, "\(report.weightedL1Unavailable ?? "")")
        for c in report.checkpoints {
            #expect(c.regime == nil && c.distance[.weightedL1] == nil)
            let l1 = try #require(c.distance[.l1Interpolation])
            #expect(Self.relative(Self.distance(c.w, ["0", "0", "10/7", "-10/49"].map(Self.r)), l1.value) < 1e-10)
        }
    }

    @Test("classification: direction and margin-normalized distances agree with the printed k")
    func classification() throws {
        let z = [["1", "2"], ["2", "0.5"], ["-0.5", "1"]].map { $0.map(Self.r) }
        let model = try Self.model("diagonal2.yaml", dimension: 2)
        let data = FlowData.classification(z: z)
        let report = try Self.analyze(model, data: data, loss: .exponential, scale: "0.5", times: ["0", "5", "50"], digits: 15)
        let l1 = try LimitProblem(kind: .l1Margin, classificationRows: z).solve().w
        let l2 = try LimitProblem(kind: .l2Margin, classificationRows: z).solve().w
        #expect(report.limits["l1_margin"]?.w == l1.map(\.description) && report.richDistance == nil)
        // t = 0: k = 0, so neither the direction nor w̃ = k/γ exists.
        #expect(report.checkpoints[0].distance.isEmpty && report.checkpoints[0].wNormalized == nil)
        func unit(_ v: [Double]) -> [Double] {
            let n = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return v.map { $0 / n }
        }
        func gap(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot() }
        for c in report.checkpoints.dropFirst() {
            let k = c.w.map { Double($0.value)! }
            let gamma = z.map { row in zip(row, k).reduce(0) { $0 + BigFloat($1.0, precision: 64).doubleValue * $1.1 } }.min()!
            #expect(abs(gamma - Double(c.gamma!.value)!) < 1e-12 * abs(gamma))
            let toDouble = { (w: [Rational]) in w.map { BigFloat($0, precision: 64).doubleValue } }
            #expect(Self.relative(gap(unit(k), unit(toDouble(l1))), c.distance[.l1MarginDirection]!.value) < 1e-10)
            #expect(Self.relative(gap(unit(k), unit(toDouble(l2))), c.distance[.l2MarginDirection]!.value) < 1e-10)
            #expect(Self.relative(gap(k.map { $0 / gamma }, toDouble(l1)), c.distance[.l1Margin]!.value) < 1e-10)
            #expect(c.tau.map { abs(Double($0.value)! + log(Double(c.loss.value)!)) < 1e-12 } == true)
        }
    }
}
