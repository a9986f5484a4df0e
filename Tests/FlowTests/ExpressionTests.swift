import Flow
import Foundation
import Multiprecision
import Testing

/// The expression layer: parsing with line:column errors, shared subexpressions, exact symbolic
/// derivatives against hand-derived ones for each built-in function and against central finite
/// differences in MPFR, exact evaluation.
@Suite("Expressions")
struct ExpressionTests {
    static let p = 256

    /// (k, ∇k, Hessian) of `text` in parameters a, b at (a, b) = values, through the program.
    static func derivatives(_ text: String, _ values: [String], precision: Int = p) throws -> (BigFloat, [BigFloat], [[BigFloat]]) {
        var graph = ExpressionGraph(parameters: ["a", "b"])
        let root = try ExpressionParser.parse(text, into: &graph)
        let gradient = [graph.derivative(root, 0), graph.derivative(root, 1)]
        let hessian = [graph.derivative(gradient[0], 0), graph.derivative(gradient[0], 1), graph.derivative(gradient[1], 1)]
        let program = try ExpressionProgram(graph: graph, outputs: [root] + gradient + hessian)
        let evaluator = program.evaluator(precision: precision)
        evaluator.evaluate(BigVector(values.map { try! Rational(decimal: $0) }, precision: precision))
        let h01 = evaluator.output(4)
        return (evaluator.output(0), [evaluator.output(1), evaluator.output(2)], [[evaluator.output(3), h01], [h01, evaluator.output(5)]])
    }

    static func digits(_ x: BigFloat, _ y: BigFloat) -> Double {
        let difference = (x - y).magnitude
        if difference.isZero { return 1000 }
        return (BigFloat.maximum(y.magnitude, BigFloat(1, precision: y.precision)).log10Magnitude ?? 0) - (difference.log10Magnitude ?? 0)
    }

    /// Each built-in f applied to g = a·b + a/2 (a non-trivial inner function), against the
    /// hand-derived chain rule: ∂_a f(g) = f′(g)(b + 1/2), ∂_b = f′(g) a, ∂²_aa = f″(g)(b + ½)²,
    /// ∂²_ab = f″(g)(b + ½)a + f′(g), ∂²_bb = f″(g)a².
    @Test("each built-in function: gradient and Hessian equal the hand-derived chain rule")
    func handDerived() throws {
        let a = BigFloat(try Rational(decimal: "0.7"), precision: Self.p), b = BigFloat(try Rational(decimal: "0.3"), precision: Self.p)
        let g = a * b + a / 2
        let one = BigFloat(1, precision: Self.p)
        typealias Pair = (BigFloat) -> (BigFloat, BigFloat, BigFloat)  // f, f′, f″
        let cases: [(String, Pair)] = [
            (
                "exp",
                { x in
                    let e = BigFloat.exp(x)
                    return (e, e, e)
                }
            ),
            ("log", { x in (BigFloat.log(x), one / x, -(one / (x * x))) }),
            ("sinh", { x in (BigFloat.sinh(x), BigFloat.cosh(x), BigFloat.sinh(x)) }),
            ("cosh", { x in (BigFloat.cosh(x), BigFloat.sinh(x), BigFloat.cosh(x)) }),
            (
                "tanh",
                { x in
                    let t = BigFloat.tanh(x)
                    return (t, one - t * t, -2 * t * (one - t * t))
                }
            ),
            (
                "sqrt",
                { x in
                    let r = BigFloat.sqrt(x)
                    return (r, one / (2 * r), -(one / (4 * r * x)))
                }
            ),
            (
                "sin",
                { x in
                    let (s, c) = Self.sinCos(x)
                    return (s, c, -s)
                }
            ),
            (
                "cos",
                { x in
                    let (s, c) = Self.sinCos(x)
                    return (c, -s, -c)
                }
            )
        ]
        let half = one / 2
        for (name, f) in cases {
            let (value, gradient, hessian) = try Self.derivatives("\(name)(a*b + a/2)", ["0.7", "0.3"])
            let (f0, f1, f2) = f(g)
            let expected = [f0, f1 * (b + half), f1 * a, f2 * (b + half) * (b + half), f2 * (b + half) * a + f1, f2 * a * a]
            let got = [value, gradient[0], gradient[1], hessian[0][0], hessian[0][1], hessian[1][1]]
            for (x, y) in zip(got, expected) { #expect(Self.digits(x, y) > 70, "\(name): \(x) vs \(y)") }
        }
        // Powers: a^3 b^(−2) + (a b)^(1/2) + a^(2/3).
        let (_, gradient, hessian) = try Self.derivatives("a^3*b^(-2) + (a*b)^(1/2) + a^(2/3)", ["0.7", "0.3"])
        let ab = a * b
        let ga =
            3 * a * a / (b * b) + b / (2 * BigFloat.sqrt(ab)) + (BigFloat(2, precision: Self.p) / 3)
            / BigFloat.pow(a, BigFloat(1, precision: Self.p) / 3)
        let gb = -2 * a * a * a / (b * b * b) + a / (2 * BigFloat.sqrt(ab))
        let haa =
            6 * a / (b * b) - b * b / (4 * ab * BigFloat.sqrt(ab)) - (BigFloat(2, precision: Self.p) / 9)
            / BigFloat.pow(a, BigFloat(4, precision: Self.p) / 3)
        let hab = -6 * a * a / (b * b * b) + one / (4 * BigFloat.sqrt(ab))
        let hbb = 6 * a * a * a / (b * b * b * b) - a * a / (4 * ab * BigFloat.sqrt(ab))
        for (x, y) in zip([gradient[0], gradient[1], hessian[0][0], hessian[0][1], hessian[1][1]], [ga, gb, haa, hab, hbb]) {
            #expect(Self.digits(x, y) > 70, "powers: \(x) vs \(y)")
        }
    }

    static func sinCos(_ x: BigFloat) -> (BigFloat, BigFloat) {
        // Taylor series in MPFR (independent of MPFR's sin/cos), |x| < 2: 120 terms.
        var term = x, sine = x, cosine = BigFloat(1, precision: x.precision), cterm = BigFloat(1, precision: x.precision)
        for k in 1..<120 {
            term = -(term * x * x) / ((2 * k) * (2 * k + 1))
            cterm = -(cterm * x * x) / ((2 * k - 1) * (2 * k))
            sine += term
            cosine += cterm
        }
        return (sine, cosine)
    }

    /// Central differences of the symbolic gradient at 512 bits with h = 2^-80 (error O(h²) ≈
    /// 1e-48 relative) reproduce the symbolic Hessian, and differences of k the gradient.
    @Test("paper's model and a mixed expression: derivatives match central finite differences in MPFR")
    func finiteDifferences() throws {
        let precision = 512
        let h = BigFloat.scaled(BigFloat(1, precision: precision), byPowerOfTwo: -80)
        for text in ["2*a*b + (a^2 + b^2 + 1/4)*b", "a*tanh(a) - (exp(b) - 1)^2", "log(1 + a^2) * cos(b) / sqrt(2 + sinh(a*b))"] {
            let point = ["0.41", "-0.73"]
            let (_, gradient, hessian) = try Self.derivatives(text, point, precision: precision)
            for k in 0..<2 {
                var plus = point.map { BigFloat(try! Rational(decimal: $0), precision: precision) }, minus = plus
                plus[k] = plus[k] + h
                minus[k] = minus[k] - h
                let (fp, gp, _) = try Self.derivatives(text, plus.map { $0.formatted(significantDigits: 150) }, precision: precision)
                let (fm, gm, _) = try Self.derivatives(text, minus.map { $0.formatted(significantDigits: 150) }, precision: precision)
                #expect(Self.digits((fp - fm) / (2 * h), gradient[k]) > 40, "\(text): ∂_\(k)")
                for j in 0..<2 { #expect(Self.digits((gp[j] - gm[j]) / (2 * h), hessian[j][k]) > 40, "\(text): ∂²_\(j)\(k)") }
            }
        }
    }

    @Test("shared subexpressions are one node; constants fold exactly")
    func sharing() throws {
        var graph = ExpressionGraph(parameters: ["a", "b"])
        let root = try ExpressionParser.parse("(a + b)*(b + a) + exp(0)*2/4", into: &graph)
        let adds = graph.nodes.filter { if case .add = $0 { return true } else { return false } }.count
        #expect(adds == 2)  // a + b once, and the outer sum
        let program = try ExpressionProgram(graph: graph, outputs: [root])
        #expect(program.exactOutputs(at: [Rational(1), Rational(2)]) == [Rational(19, 2)])
        var second = ExpressionGraph(parameters: ["a"])
        let r2 = try ExpressionParser.parse("0.1 + 0.2", into: &second)
        #expect(second.constantValue(r2) == Rational(3, 10))
    }

    @Test("syntax errors name the line and column")
    func errors() {
        func failure(_ text: String) -> ExpressionError? {
            var graph = ExpressionGraph(parameters: ["a", "b"])
            do {
                _ = try ExpressionParser.parse(text, into: &graph)
                return nil
            } catch { return error }
        }
        #expect(failure("2*a + * b")?.column == 7)
        #expect(failure("a + q")?.column == 5)
        #expect(failure("a + q")?.problem.contains("unknown name 'q'") == true)
        #expect(failure("tan(a)")?.column == 1)
        #expect(failure("a^b")?.column == 3)
        #expect(failure("(a + b")?.problem.contains("missing ')'") == true)
        #expect(failure("a b")?.column == 3)
        #expect(failure("a/0")?.problem == "division by zero")
        let multi = failure("a +\n  b $")
        #expect(multi?.line == 2 && multi?.column == 5)
        #expect(failure("exp")?.problem.contains("needs an argument") == true)
        #expect(failure("a^(1/2) + b**2 − a") == nil)
    }
}
