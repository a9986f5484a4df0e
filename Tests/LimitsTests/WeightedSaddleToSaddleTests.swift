import Limits
import Datasets
import Multiprecision
import Testing

private func q(_ text: String) -> Rational { text.contains("/") ? try! Rational(fraction: text) : try! Rational(decimal: text) }
private func v(_ items: [String]) -> [Rational] { items.map(q) }

/// The weighted saddle-to-saddle algorithm (MATH.md §12.2) and the weighted ℓ1 LP.
@Suite("Weighted saddle-to-saddle")
struct WeightedSaddleToSaddleTests {
    static let t11x = [v(["1", "0.5", "0.7", "0"]), v(["0.5", "1", "0.1", "0.7"])]
    static let t11y = v(["1", "0"])

    @Test("unit weights reproduce Pesme–Flammarion exactly (T11 and random data)")
    func unitWeights() throws {
        var cases = [(Self.t11x, Self.t11y)]
        for seed in [UInt64(3), 11, 29] {
            let data = RandomRationalData(samples: 4, features: 9, seed: seed)
            cases.append((data.rows, data.targets))
        }
        for (x, y) in cases {
            let plain = try SaddleToSaddleProblem(x: x, y: y).solve()
            let weighted = try SaddleToSaddleProblem(x: x, y: y, weights: .unit(x[0].count), refusesDegenerateSteps: true).solve()
            #expect(plain.steps.map(\.saddle) == weighted.steps.map(\.saddle))
            #expect(plain.steps.map(\.jumpTime) == weighted.steps.map(\.jumpTime))
            #expect(plain.steps.map(\.s) == weighted.steps.map(\.s))
            #expect(plain.dual == weighted.dual)
            #expect(weighted.isVerified && weighted.weightedCertificate?.isVerified == true)
            let limit = try WeightedL1Problem(x: x, y: y, weights: .unit(x[0].count)).solve()
            #expect(limit.k == plain.finalSaddle)
            #expect(limit.objective == plain.certificate?.primalObjective)
        }
    }

    /// Uniform weights t scale the times by t and leave the saddles; the T11 trace of the paper's
    /// appendix with t ≡ 1: δ = 1, 3, 80/49 and k⁽³⁾ = (0, 0, 10/7, −10/49).
    @Test("uniform weights scale the jump times only; the T11 trace of Algorithm 1")
    func uniformWeights() throws {
        let unit = try SaddleToSaddleProblem(x: Self.t11x, y: Self.t11y).solve()
        #expect(unit.steps.map(\.duration) == v(["1", "3", "80/49"]))
        #expect(unit.steps.map(\.saddle) == [v(["0.8", "0", "0", "0"]), v(["0", "0", "1.4", "0"]), v(["0", "0", "10/7", "-10/49"])])
        let half = try SaddleWeights(plus: Array(repeating: q("1/2"), count: 4), minus: Array(repeating: q("1/2"), count: 4))
        let scaled = try SaddleToSaddleProblem(x: Self.t11x, y: Self.t11y, weights: half, refusesDegenerateSteps: true).solve()
        #expect(scaled.steps.map(\.saddle) == unit.steps.map(\.saddle))
        #expect(scaled.steps.map(\.jumpTime) == unit.steps.map { $0.jumpTime * q("1/2") })
        #expect(scaled.isVerified)
    }

    /// X = [1, 2], y = 2: k = (2, 0) costs 2t₁⁺, k = (0, 1) costs t₂⁺. Weights decide.
    @Test("asymmetric weights change the limit (hand-solved LP), and the algorithm agrees")
    func asymmetricWeights() throws {
        let x = [v(["1", "2"])], y = v(["2"])
        let cheapSecond = try WeightedL1Problem(x: x, y: y, weights: SaddleWeights(plus: v(["1", "1"]), minus: v(["1", "1"]))).solve()
        #expect(cheapSecond.k == v(["0", "1"]) && cheapSecond.objective == q("1") && cheapSecond.unique)
        let weights = try SaddleWeights(plus: v(["1", "3"]), minus: v(["5", "1/7"]))
        let cheapFirst = try WeightedL1Problem(x: x, y: y, weights: weights).solve()
        #expect(cheapFirst.k == v(["2", "0"]) && cheapFirst.objective == q("2") && cheapFirst.certificate.isVerified)
        let sequence = try SaddleToSaddleProblem(x: x, y: y, weights: weights, refusesDegenerateSteps: true).solve()
        #expect(sequence.finalSaddle == v(["2", "0"]))
        #expect(sequence.isVerified)
        // Negative targets use t⁻: y = −2 with t⁻ = (5, 1/7): k = (0, −1) costs 1/7.
        let negative = try WeightedL1Problem(x: x, y: v(["-2"]), weights: weights).solve()
        #expect(negative.k == v(["0", "-1"]) && negative.objective == q("1/7"))
    }

    @Test("ties in the argmin are refused when genericity is required")
    func ties() throws {
        let x = [v(["1", "1"])], y = v(["1"])
        #expect(throws: LimitError.self) {
            try SaddleToSaddleProblem(x: x, y: y, weights: .unit(2), refusesDegenerateSteps: true).solve()
        }
        // Different weights break the tie.
        let broken = try SaddleToSaddleProblem(
            x: x, y: y, weights: SaddleWeights(plus: v(["1", "2"]), minus: v(["1", "1"])), refusesDegenerateSteps: true
        ).solve()
        #expect(broken.finalSaddle == v(["1", "0"]))
    }

    @Test("the --weights syntax")
    func parsing() throws {
        let w = try SaddleWeights(parsing: "1:2, 1/3 ,0.5:0.25")
        #expect(w.plus == v(["1", "1/3", "0.5"]) && w.minus == v(["2", "1/3", "0.25"]))
        #expect(throws: LimitError.self) { try SaddleWeights(parsing: "1:0") }
        #expect(throws: LimitError.self) { try SaddleWeights(parsing: "1:2:3") }
        #expect(throws: LimitError.self) { try SaddleWeights(parsing: "x") }
        #expect(throws: LimitError.self) { try WeightedL1Problem(x: [v(["1", "2"])], y: v(["1"]), weights: .unit(3)) }
    }
}
