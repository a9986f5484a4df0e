import Asymptotics
import Flow
import Foundation
import Multiprecision
import Testing

/// Checkpoints of a model-file flow at loss and margin levels and its events, located on the dense
/// output of both runs (`ModelFlowRun.flow(…targets:events:…)`), checked against invariants: the
/// located state lies on its level, a time checkpoint at the located time reaches the same state
/// by another path, and a sign event is bracketed by states of opposite sign.
@Suite("Model-file flow levels and events")
struct ModelFlowLevelTests {
    static let model = { () -> ExpressionModel in
        let parameters = ["a", "b", "c"]
        let direction = [["0.7", "-0.4", "0.3"], ["1", "0.5", "0.25"], ["1", "0.5", "0.25"], ["1", "0.5", "0.25"]]
        return try! ExpressionModel(
            parameters: parameters, dimension: 4,
            coordinates: [([0, 1], "2*a*b + (a^2 + b^2 + c^2)*c"), ([2, 3], "a*tanh(a) - (exp(b) - 1)^2")],
            initialization: (0..<4).map { i in
                ([i], Dictionary(uniqueKeysWithValues: zip(parameters, direction[i].map { try! Rational(decimal: $0) })))
            })
    }()
    static let regression = FlowData.regression(x: ModelFileTests.t11x, y: ModelFileTests.t11y)

    static func normwiseDigits(_ a: BigVector, _ b: BigVector) -> Int { AgreedDigits.normwise(a.elements, b.elements) }

    @Test("a loss level's state has that loss, and a time checkpoint at the located time reaches the same state")
    func lossLevel() throws {
        let scale = try Rational(decimal: "1e-20")
        let located = try ModelFlowRun.flow(
            model: Self.model, data: Self.regression, loss: .squared, scale: scale, targets: [.log10Loss(Rational(-30))], digits: 20)
        let checkpoint = try #require(located.checkpoints.first)
        #expect(checkpoint.verifiedDigits ?? 0 >= 20)
        #expect(checkpoint.lossDigits ?? 0 >= 20)
        let level = BigFloat(try Rational(decimal: "1e-30"), precision: 256)
        #expect(AgreedDigits.scalar(checkpoint.loss, level) >= 20, "L at the located time: \(checkpoint.loss)")
        // The flow at the located time, rounded to 40 digits, by landing on it as a target.
        let time = try Rational(decimal: checkpoint.time.formatted(significantDigits: 40))
        let timed = try ModelFlowRun.flow(
            model: Self.model, data: Self.regression, loss: .squared, scale: scale, targets: [.time(time)], digits: 20)
        let state = try #require(timed.checkpoints.first)
        #expect(Self.normwiseDigits(state.theta, checkpoint.theta) >= 20)
        #expect(AgreedDigits.scalar(state.loss, checkpoint.loss) >= 15)
    }

    @Test("a sign event lies between states of opposite sign, where k_i vanishes")
    func signEvent() throws {
        let scale = try Rational(decimal: "1e-20")
        let result = try ModelFlowRun.flow(
            model: Self.model, data: Self.regression, loss: .squared, scale: scale, targets: [.time(Rational(5))], events: [.sign],
            digits: 20)
        // k₁(0) = 2·0.7·(−0.4)s² + O(s³) < 0 turns positive as the growing mode takes over.
        let event = try #require(result.events.first { $0.coordinate == 0 })
        #expect(event.kind == .sign && event.verifiedDigits >= 20)
        var size = BigFloat(precision: 128)
        for i in 0..<4 { size = BigFloat.maximum(size, event.predictor[i].magnitude) }
        #expect(event.predictor[0].magnitude <= size * BigFloat(try Rational(decimal: "1e-18"), precision: 128))
        let t = try Rational(decimal: event.time.formatted(significantDigits: 30))
        let around = [t * Rational(999_999, 1_000_000), t * Rational(1_000_001, 1_000_000)]
        let bracket = try ModelFlowRun.flow(
            model: Self.model, data: Self.regression, loss: .squared, scale: scale, targets: around.map { .time($0) }, digits: 20)
        #expect(bracket.checkpoints[0].predictor[0].signum < 0)
        #expect(bracket.checkpoints[1].predictor[0].signum > 0)
    }

    /// k = abc from a = b = c = s on one sample x = 1, y = 1: a′ = a²(1 − a³), so the loss
    /// ½(1 − a³)² reaches 1/8 at a³ = 1/2 and t = 1/s − 1/a + F(a) − F(s) with
    /// F(u) = ⅓[−ln(1 − u) + ½ ln(u² + u + 1) − √3 atan((2u + 1)/√3)] (partial fractions of
    /// 1/(u²(1 − u³))). At s = 1e-15 the plateau lasts ~1e15, past a fixed horizon of 1e12.
    @Test("a loss level behind a plateau of length 1/s (three layers) is found, at the closed-form time")
    func levelBehindLongPlateau() throws {
        let model = try ExpressionModel(
            parameters: ["a", "b", "c"], dimension: 1, coordinates: [([0], "a*b*c")],
            initialization: [([0], ["a": Rational(1), "b": Rational(1), "c": Rational(1)])])
        let data = FlowData.regression(x: [[Rational(1)]], y: [Rational(1)])
        let scale = try Rational(decimal: "1e-15")
        #expect(
            ModelFlowRun.levelHorizon(try ExpressionFlowModel(model: model, data: data, loss: .squared, scale: scale))
                >= (try Rational(decimal: "1e27")))
        let result = try ModelFlowRun.flow(
            model: model, data: data, loss: .squared, scale: scale, targets: [.log10Loss(try Rational(decimal: "-0.9030899869919435"))],
            digits: 12)
        let checkpoint = try #require(result.checkpoints.first)
        func F(_ u: Double) -> Double {
            (-log(1 - u) + 0.5 * log(u * u + u + 1) - 3.0.squareRoot() * atan((2 * u + 1) / 3.0.squareRoot())) / 3
        }
        let a = pow(0.5, 1.0 / 3), s = 1e-15
        let expected = -1 / a + F(a) - F(s)  // t − 1/s
        let measured = (checkpoint.time - BigFloat(try Rational(decimal: "1e15"), precision: checkpoint.time.precision)).doubleValue
        #expect(abs(measured - expected) <= 1e-9, "t − 1/s = \(measured), closed form \(expected)")
    }

    @Test("a margin level (exponential loss) is located where min_n m_n equals it")
    func marginLevel() throws {
        let data = FlowData.classification(z: ModelFileTests.t11x)
        let result = try ModelFlowRun.flow(
            model: Self.model, data: data, loss: .exponential, scale: Rational(1, 10), targets: [.margin(Rational(2))], digits: 20)
        let checkpoint = try #require(result.checkpoints.first)
        let evaluator = try ExpressionFlowModel(model: Self.model, data: data, loss: .exponential, scale: Rational(1, 10))
            .flowEvaluator(precision: checkpoint.theta.precision)
        #expect(AgreedDigits.scalar(evaluator.minimumMargin(checkpoint.theta), BigFloat(2, precision: 128)) >= 20)
    }

    @Test("levels out of order, a margin with the squared loss and a level needing more than 10000 digits are refused")
    func refusals() {
        // L(θ(0)) ≈ 0.495 is already below L = 10 (τ = −1): never crossed.
        #expect(throws: ModelAnalysisError.self) {
            try ModelFlowRun.flow(
                model: Self.model, data: Self.regression, loss: .squared, scale: Rational(1, 10), targets: [.tau(Rational(-1))],
                digits: 10)
        }
        #expect(throws: ModelAnalysisError.self) {
            try ModelFlowRun.flow(
                model: Self.model, data: Self.regression, loss: .squared, scale: Rational(1, 10),
                targets: [.tau(try Rational(decimal: "1e400000"))], digits: 10)
        }
        // L = 10^-2000000 needs residuals of 10^-1000000: millions of bits, refused before any run.
        #expect(throws: ModelAnalysisError.self) {
            try ModelFlowRun.flow(
                model: Self.model, data: Self.regression, loss: .squared, scale: Rational(1, 10),
                targets: [.log10Loss(Rational(-2_000_000))], digits: 5)
        }
        #expect(throws: ModelAnalysisError.self) {
            try ModelFlowRun.flow(
                model: Self.model, data: Self.regression, loss: .squared, scale: Rational(1, 10),
                targets: [.log10Loss(Rational(-20)), .tau(Rational(10))], digits: 10)
        }
        #expect(throws: ModelAnalysisError.self) {
            try ModelFlowRun.flow(
                model: Self.model, data: Self.regression, loss: .squared, scale: Rational(1, 10), targets: [.margin(Rational(1))],
                digits: 10)
        }
    }
}
