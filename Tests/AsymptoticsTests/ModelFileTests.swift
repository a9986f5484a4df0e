import Asymptotics
import Experiments
import Flow
import Foundation
import Limits
import Multiprecision
import Testing

/// Model files (YAML): refusals with file:line:column, and the analyses on them (MATH.md §12).
@Suite("Model files")
struct ModelFileTests {
    static func r(_ text: String) -> Rational { text.contains("/") ? try! Rational(fraction: text) : try! Rational(decimal: text) }
    static let t11x = [["1", "0.5", "0.7", "0"], ["0.5", "1", "0.1", "0.7"]].map { $0.map(r) }
    static let t11y = [Rational(1), Rational()]

    static let paper = """
        parameters: [a, b, c]
        coordinates:
          - where: "1-2"
            k: 2*a*b + (a^2 + b^2 + c^2)*c
          - where: "3-4"
            k: a*tanh(a) - (exp(b) - 1)^2
        init:
          - where: "1"
            a: 0.7
            b: -0.4
            c: 0.3
          - where: "2-4"
            a: 1
            b: 0.5
            c: 0.25
        """

    static func failure(_ text: String, dimension: Int = 4) -> ExperimentError? {
        do {
            _ = try ModelFileParser.parse(text, source: "M.yaml", dimension: dimension)
            return nil
        } catch { return error }
    }

    @Test("the paper's model file reads; each bad file is refused at its line and column")
    func refusals() throws {
        let model = try ModelFileParser.parse(Self.paper, source: "M.yaml", dimension: 4)
        #expect(
            model.parameters == ["a", "b", "c"] && model.groups.count == 2
                && model.initialDirection[0] == ["0.7", "-0.4", "0.3"].map(Self.r))
        func replacing(_ old: String, _ new: String) -> String { Self.paper.replacingOccurrences(of: old, with: new) }
        let cases: [(String, Int, Int?, String)] = [
            // Unknown name inside k: line 4, the 'd' at column 24 of "2*a*b + (a^2 + b^2 + d^2)*c" placed at column 8.
            (replacing("c^2)*c", "d^2)*c"), 4, 29, "unknown name 'd'"),
            // Syntax error: "2*a*b + * c" → the second '*' at expression column 9.
            (replacing("2*a*b + (a^2 + b^2 + c^2)*c", "2*a*b + * c"), 4, 16, "unexpected '*'"),
            // Quoted expression: column counts the quote.
            (replacing("k: a*tanh(a) - (exp(b) - 1)^2", "k: \"a*tan(a)\""), 6, 11, "unknown function 'tan'"),
            // A parameter missing from an init group: the group's mapping (line 8).
            (replacing("    c: 0.3\n", ""), 8, 5, "no value for the parameter 'c'"),
            // An unknown name in init.
            (replacing("    c: 0.3\n", "    q: 0.3\n"), 11, 5, "unknown name 'q'"),
            // Coordinates not covered: the 'coordinates' key.
            (replacing("\"3-4\"", "\"3\""), 2, 1, "coordinate 4 has no k"),
            // Covered twice: the second group's where.
            (replacing("\"3-4\"", "\"2-4\""), 5, 12, "coordinate 2 is covered twice"),
            // Init covered twice, and not covered.
            (replacing("\"2-4\"", "\"1-4\""), 12, 12, "coordinate 1 is initialized twice"),
            (replacing("\"2-4\"", "\"2-3\""), 7, 1, "coordinate 4 has no initialization"),
            // A k that depends on no parameter.
            (replacing("a*tanh(a) - (exp(b) - 1)^2", "exp(0) + 1/2"), 6, 8, "depends on none of the parameters"),
            // Unknown key, bad where, YAML syntax.
            (replacing("parameters:", "params:"), 1, 1, "unknown key 'params'"),
            (replacing("\"3-4\"", "\"3-9\""), 5, 12, "outside 1…4"),
            (replacing("  - where: \"1\"", "  - where: [1"), 9, 6, "YAML syntax error")
        ]
        for (text, line, column, problem) in cases {
            let error = try #require(Self.failure(text), "expected a refusal: \(problem)")
            #expect(error.file == "M.yaml")
            #expect(error.line == line, "\(problem): \(error)")
            if let column { #expect(error.column == column, "\(problem): \(error)") }
            #expect(error.problem.contains(problem), "\(error)")
        }
        // A parameter some k does not use is fine (c in coordinates 3–4).
        #expect(Self.failure(Self.paper) == nil)
    }

    /// Algorithm 1 on the paper's model and T11 (MATH.md §12.3): weights 1/2 = 1/λ⁺ (Hessian
    /// eigenvalues ±2), saddles (0.8, 0, 0, 0), (0, 0, 1.4, 0), (0, 0, 10/7, −10/49) exactly, and
    /// the weighted-ℓ1 limit with its exact certificate.
    @Test("the paper's model on T11: weights, Algorithm 1 trace and limit, exact")
    func paperTrace() throws {
        let model = try ModelFileParser.parse(Self.paper, source: "M.yaml", dimension: 4)
        let analysis = try ModelSaddleAnalysis.analyze(model: model, x: Self.t11x, y: Self.t11y, digits: 30)
        #expect(analysis.weights.exactWeights?.plus == Array(repeating: Self.r("1/2"), count: 4))
        #expect(analysis.jumpTimeDigits == nil)
        let saddles = analysis.sequence.steps.map(\.saddle)
        #expect(saddles == [["0.8", "0", "0", "0"], ["0", "0", "1.4", "0"], ["0", "0", "10/7", "-10/49"]].map { $0.map(Self.r) })
        // With t = 1/2 the durations are half the paper's δ = 1, 3, 80/49.
        #expect(analysis.sequence.steps.map(\.duration) == ["1/2", "3/2", "40/49"].map(Self.r))
        // The paper's u⁽ᵏ⁾, and its s⁽ᵏ⁾ = (1, 0.5, 0.7, 0), (1, −0.4, 1, −0.84), (45/49, −30/49, 1, −1) halved.
        #expect(
            analysis.sequence.steps.map(\.direction)
                == [["1", "0.5", "0.7", "0"], ["0", "-0.3", "0.1", "-0.28"], ["-0.05", "-0.13", "0", "-0.098"]].map { $0.map(Self.r) })
        #expect(
            analysis.sequence.steps.map(\.s)
                == [["1/2", "1/4", "7/20", "0"], ["1/2", "-1/5", "1/2", "-21/50"], ["45/98", "-15/49", "1/2", "-1/2"]].map {
                    $0.map(Self.r)
                })
        #expect(analysis.sDigits == nil)
        #expect(analysis.limit.k == saddles[2] && analysis.limit.certificate.isVerified && analysis.limit.unique)
        #expect(analysis.limit.objective == Self.r("40/49"))
    }

    /// Deep L = 3, unbalanced: irrational weights; the saddles are exact and the same at two
    /// weight precisions; the limit is the weighted-ℓ1 LP's, also with the mpmath weights.
    @Test("a deep L = 3 unbalanced model: weights to 30 digits, saddles and weighted-l1 limit")
    func deep() throws {
        let text = """
            parameters: [a, b, c]
            coordinates:
              - where: all
                k: a*b*c
            init:
              - {where: "1", a: 1, b: 0.8, c: 0.5}
              - {where: "2", a: 0.9, b: -0.6, c: 0.3}
              - {where: "3", a: 0.7, b: 1.2, c: -0.4}
              - {where: "4", a: 1.1, b: 0.5, c: 0.75}
            """
        let model = try ModelFileParser.parse(text, source: "deep.yaml", dimension: 4)
        let analysis = try ModelSaddleAnalysis.analyze(model: model, x: Self.t11x, y: Self.t11y, digits: 30)
        #expect(analysis.weights.modelClass == .deep(layers: 3))
        #expect(analysis.weights.verifiedDigits >= 30)
        #expect((analysis.jumpTimeDigits ?? []).allSatisfy { $0 >= 30 })
        // Each s entry of the two runs agrees to 30 digits or is 0 in both; an entry at its threshold is the weight.
        for (step, digits) in zip(analysis.sequence.steps, try #require(analysis.sDigits)) {
            #expect(zip(step.s, digits).allSatisfy { $0.isZero || $1 >= 30 })
        }
        #expect(analysis.sequence.steps[0].s[0] == analysis.usedWeights.plus[0])
        #expect(analysis.sequence.finalSaddle == ["4/3", "-2/3", "0", "0"].map(Self.r))
        #expect(analysis.limit.k == analysis.sequence.finalSaddle && analysis.limit.certificate.strictComplementarity)
        // The same limit from the mpmath weights (Tests/FlowTests/Fixtures/deep_weights_reference.json), rounded to 40 digits.
        let mpmath = [
            ["1.3136871972627445848780320673731214343988", "2.9298173358055815135190299754572730822470"],
            ["2.9656132230233558524414503476724887440356", "1.6954820619001007940452633583410649415543"],
            ["2.4573979414809451512530828512340935589431", "1.3304774378879755668358352583637060439423"],
            ["1.2897052836330867950714670846976746177171", "2.8731453063273877692984722308281074421579"]
        ]
        let weights = try SaddleWeights(plus: mpmath.map { Self.r($0[0]) }, minus: mpmath.map { Self.r($0[1]) })
        #expect(try WeightedL1Problem(x: Self.t11x, y: Self.t11y, weights: weights).solve().k == analysis.limit.k)
    }
}
