import Testing
import Datasets
import Multiprecision
@testable import Limits

/// The exact saddle-to-saddle algorithm against MATH.md T11 (values typed in from the document,
/// checked there by hand from the algorithm's definition) and against the exact l1 interpolator of
/// the independent LP solver.
private func q(_ text: String) -> Rational { text.contains("/") ? try! Rational(fraction: text) : try! Rational(decimal: text) }
private func v(_ items: [String]) -> [Rational] { items.map(q) }

@Suite struct SaddleToSaddleTests {
    @Test func t11SaddlesJumpTimesAndIntermediateQuantities() throws {
        let sequence = try SaddleToSaddleProblem(x: Fixtures.t11x, y: Fixtures.t11y).solve()
        #expect(sequence.isVerified)
        #expect(sequence.interpolates)
        let steps = sequence.steps
        try #require(steps.count == 3)
        #expect(steps.map(\.saddle) == [v(["0.8", "0", "0", "0"]), v(["0", "0", "1.4", "0"]), v(["0", "0", "10/7", "-10/49"])])
        #expect(steps.map(\.jumpTime) == v(["1", "4", "276/49"]))  // 4 + 80/49
        #expect(steps[0].s == v(["1", "0.5", "0.7", "0"]))
        #expect(steps[1].direction == v(["0", "-0.3", "0.1", "-0.28"]))
        #expect(steps[1].s == v(["1", "-0.4", "1", "-0.84"]))
        #expect(steps[2].direction == v(["-0.05", "-0.13", "0", "-0.098"]))
        #expect(steps.map(\.entering) == [[0], [2], [3]])
        #expect(steps[1].leaving == [0])
        // Losses ½‖y − Xβ‖² at the saddles, by hand: 1/10, 1/100, 0.
        #expect(steps.map(\.loss) == v(["0.1", "0.01", "0"]))
        // ‖β⁽³⁾‖₁ = 80/49 = yᵀθ, and θ reproduces s exactly.
        #expect(sequence.certificate?.primalObjective == q("80/49"))
        #expect(Fixtures.transposeTimes(Fixtures.t11x, sequence.dual) == steps[2].s)
    }

    @Test func lastSaddleIsTheExactMinimumL1Interpolator() throws {
        // Random rational data in general position: the last saddle equals basis pursuit's solution.
        for seed in [UInt64(3), 11, 29] {
            let data = RandomRationalData(samples: 4, features: 9, seed: seed)
            let (x, y) = (data.rows, data.targets)
            let sequence = try SaddleToSaddleProblem(x: x, y: y).solve()
            #expect(sequence.isVerified)
            let limit = try LimitProblem(kind: .l1Interpolation, regressionRows: x, targets: y).solve()
            #expect(sequence.finalSaddle == limit.w)
            // Jump times increase and the loss decreases strictly from saddle to saddle.
            for (a, b) in zip(sequence.steps, sequence.steps.dropFirst()) {
                #expect(a.jumpTime < b.jumpTime)
                #expect(b.loss < a.loss)
            }
        }
    }

    @Test func raggedOrMismatchedDataAreRefused() {
        #expect(throws: LimitError.self) {
            try SaddleToSaddleProblem(x: [[Rational(1)], [Rational(1), Rational(2)]], y: [Rational(1), Rational(1)])
        }
        #expect(throws: LimitError.self) { try SaddleToSaddleProblem(x: [[Rational(1)]], y: [Rational(1), Rational(1)]) }
    }
}
