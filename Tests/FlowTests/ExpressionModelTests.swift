import Flow
import Foundation
import Multiprecision
import Testing

/// Models of the user's own: gradient flow against the built-in diagonal network, the exact
/// Hessian / field Jacobian against finite differences, conserved layer imbalances, growth-time
/// weights (exact two-layer; deep against mpmath and a closed form).
@Suite("Expression models")
struct ExpressionModelTests {
    static func r(_ text: String) -> Rational { text.contains("/") ? try! Rational(fraction: text) : try! Rational(decimal: text) }

    static func model(_ parameters: [String], _ k: [(String, [Int])], _ direction: [[String]]) throws -> ExpressionModel {
        let d = direction.count
        return try ExpressionModel(
            parameters: parameters, dimension: d, coordinates: k.map { ($0.1, $0.0) },
            initialization: (0..<d).map { i in ([i], Dictionary(uniqueKeysWithValues: zip(parameters, direction[i].map(r)))) })
    }

    static let paper = { () -> ExpressionModel in
        try! model(
            ["a", "b", "c"], [("2*a*b + (a^2 + b^2 + c^2)*c", [0, 1]), ("a*tanh(a) - (exp(b) - 1)^2", [2, 3])],
            [["0.7", "-0.4", "0.3"], ["1", "0.5", "0.25"], ["1", "0.5", "0.25"], ["1", "0.5", "0.25"]])
    }()

    static let deep = { () -> ExpressionModel in
        try! model(
            ["a", "b", "c"], [("a*b*c", [0, 1, 2, 3])],
            [["1", "0.8", "0.5"], ["0.9", "-0.6", "0.3"], ["0.7", "1.2", "-0.4"], ["1.1", "0.5", "0.75"]])
    }()

    /// k = a² − b² with a(0) = b(0) = α is the built-in depth-2 network u₊² − u₋²: the two flows
    /// (each verified by two runs) agree to 30 digits at every time.
    @Test("the diagonal network as a model file reproduces DiagonalRegressionModel's flow to 30 digits")
    func diagonalNetwork() throws {
        let alpha = Self.r("0.3")
        let d = 4
        let file = try Self.model(["a", "b"], [("a^2 - b^2", Array(0..<d))], Array(repeating: ["1", "1"], count: d))
        let mine = try ExpressionFlowModel(
            model: file, data: .regression(x: ModelTestSupport.t11x, y: ModelTestSupport.t11y), loss: .squared, scale: alpha)
        let network = try DiagonalNetwork(depth: 2, alpha: alpha, dimension: d)
        let builtin = try DiagonalRegressionModel(network: network, x: ModelTestSupport.t11x, y: ModelTestSupport.t11y)
        let times = [Self.r("0.5"), Self.r("2"), Self.r("6")]
        let a = try GradientFlowSolver(model: mine, times: times, digits: 32).solve()
        let b = try GradientFlowSolver(model: builtin, times: times, digits: 32).solve()
        let evaluator = mine.flowEvaluator(precision: a.precisionBits)
        for (thetaA, thetaB) in zip(a.parameters, b.parameters) {
            // θ layouts differ: (a_i, b_i) per coordinate against (u₊, u₋) blocks.
            let w = evaluator.predictor(thetaA).elements
            let reference = DiagonalRegressionModel.predictor(thetaB, depth: 2).elements
            #expect(ModelTestSupport.log10RelativeDifference(w, reference) < -30)
        }
    }

    /// flowJacobian is −(the derivative of ∇L): against central differences of the gradient.
    @Test("flowJacobian and the Hessian equal central differences of the gradient (squared and exponential losses)")
    func jacobian() throws {
        let precision = 400
        let h = BigFloat.scaled(BigFloat(1, precision: precision), byPowerOfTwo: -70)
        let classification = FlowData.classification(z: [
            [Self.r("1"), Self.r("0.5"), Self.r("0.7"), Self.r("0")], [Self.r("-0.5"), Self.r("1"), Self.r("0.1"), Self.r("0.7")]
        ])
        for (data, loss) in [
            (FlowData.regression(x: ModelTestSupport.t11x, y: ModelTestSupport.t11y), Loss.squared), (classification, .exponential),
            (classification, .logistic)
        ] {
            let model = try ExpressionFlowModel(model: Self.paper, data: data, loss: loss, scale: Self.r("0.8"))
            let evaluator = model.flowEvaluator(precision: precision)
            let theta = model.initialParameters(precision: precision)
            var jacobian = BigMatrix(rows: model.parameterCount, columns: model.parameterCount, precision: precision)
            #expect(evaluator.flowJacobian(theta, into: &jacobian))
            let hessian = evaluator.hessian(theta)
            for column in 0..<model.parameterCount {
                var plus = theta, minus = theta
                plus[column] = plus[column] + h
                minus[column] = minus[column] - h
                let gp = evaluator.gradient(plus), gm = evaluator.gradient(minus)
                for row in 0..<model.parameterCount {
                    let difference = (gp[row] - gm[row]) / (2 * h)
                    let error = (difference + jacobian[row, column]).magnitude
                    #expect(error.isZero || (error.log10Magnitude ?? 0) < -35, "\(loss) J[\(row), \(column)]")
                    #expect((hessian[row, column] + jacobian[row, column]).isZero)
                }
            }
            // H·v from the full Hessian, and the loss's gradient against differences of L.
            let direction = BigVector((0..<model.parameterCount).map { Rational($0 % 3 - 1) }, precision: precision)
            let hv = evaluator.hessianVectorProduct(theta, direction)
            var shiftedPlus = theta, shiftedMinus = theta
            for q in 0..<model.parameterCount {
                shiftedPlus[q] = BigFloat.fusedMultiplyAdd(h, direction[q], theta[q])
                shiftedMinus[q] = BigFloat.fusedMultiplyAdd(-h, direction[q], theta[q])
            }
            let gp = evaluator.gradient(shiftedPlus), gm = evaluator.gradient(shiftedMinus)
            for q in 0..<model.parameterCount {
                let error = ((gp[q] - gm[q]) / (2 * h) - hv[q]).magnitude
                #expect(error.isZero || (error.log10Magnitude ?? 0) < -35)
            }
            let slope = (evaluator.loss(shiftedPlus) - evaluator.loss(shiftedMinus)) / (2 * h)
            let gradient = evaluator.gradient(theta)
            var exact = BigFloat(precision: precision)
            for q in 0..<model.parameterCount { exact = BigFloat.fusedMultiplyAdd(gradient[q], direction[q], exact) }
            #expect(((slope - exact).magnitude.log10Magnitude ?? -100) < -35)
        }
    }

    /// Along gradient flow each a_j² − a_L² of a product coordinate is constant (MATH.md §12.1).
    @Test("conserved layer imbalances of a deep L = 3 model along a GradientFlowSolver run")
    func imbalances() throws {
        let model = try ExpressionFlowModel(
            model: Self.deep, data: .regression(x: ModelTestSupport.t11x, y: ModelTestSupport.t11y),
            loss: .squared, scale: Self.r("0.9"))
        let solution = try GradientFlowSolver(model: model, times: [Self.r("1"), Self.r("4")], digits: 30).solve()
        let initial = Self.deep.layerImbalances(model.initialParameters(precision: solution.precisionBits))
        // The flow must move the layers: k changes by O(1).
        let evaluator = model.flowEvaluator(precision: solution.precisionBits)
        #expect(evaluator.loss(solution.parameters[1]) < BigFloat(1, precision: 64) / 10)
        for theta in solution.parameters {
            for (now, start) in zip(Self.deep.layerImbalances(theta), initial) {
                let a = try #require(now), b = try #require(start)
                #expect(ModelTestSupport.log10RelativeDifference(a, b, floor: 1) < -30)
            }
        }
        #expect(Self.paper.layerImbalances(model.initialParameters(precision: 64)).allSatisfy { $0 == nil })
    }

    /// k = a²(1 + c) + e³ from s·(1, −1/4, 1e-300), s = 1e-300, to y = 1: c has no curvature at 0
    /// and is driven by a² (c′ = −g a², a′ = −2g a(1 + c)), so it crosses zero at t ≈ 172.7, 300
    /// orders of magnitude above the error norm's floor s·1e-300. On the flow (1 + c)² − a²/2 is
    /// constant (dc/da = a/(2(1 + c))): its change is checked against the size of its terms.
    @Test("a parameter driven through zero by second-order terms keeps the flow's invariant (1 + c)² − a²/2")
    func drivenModeCrossesZero() throws {
        let file = try Self.model(["a", "c", "e"], [("a^2 + c*a^2 + e^3", [0])], [["1", "-0.25", "1e-300"]])
        let model = try ExpressionFlowModel(
            model: file, data: .regression(x: [[Rational(1)]], y: [Rational(1)]), loss: .squared, scale: Self.r("1e-300"))
        let times = ["150", "172", "174", "180", "400"].map(Self.r)
        let solution = try GradientFlowSolver(model: model, times: times, digits: 30).solve()
        let p = 4 * solution.precisionBits
        func invariant(_ theta: BigVector) -> (value: BigFloat, size: BigFloat) {
            let a = BigFloat(theta[0], precision: p), c = BigFloat(theta[1], precision: p)
            let terms = [2 * c, c * c, a * a / 2]
            return (terms[0] + terms[1] - terms[2], terms.map(\.magnitude).max()!)
        }
        let start = invariant(model.initialParameters(precision: p))
        for (time, theta) in zip(times, solution.parameters) {
            let (value, size) = invariant(theta)
            let change = ((value - start.value).magnitude / BigFloat.maximum(size, start.value.magnitude)).log10Magnitude ?? -.infinity
            #expect(change < -28, "t = \(time): log10 relative change \(change)")
        }
        #expect(solution.parameters[1][1].signum < 0 && solution.parameters[2][1].signum > 0)
        #expect(model.flowEvaluator(precision: solution.precisionBits).loss(solution.parameters[4]) < BigFloat(1, precision: 64) / 1000)
    }

    /// From s = 1e-6 the deep product's plateau on k⁽¹⁾ = (4/5, 0, 0, 0) lasts ~7.8/s = 7.8e6 in t
    /// (`saddles`: jumps at T = 1.3137 and 9.1548 in T = s·t) with its fast modes holding an explicit
    /// step near 2.4: the quiet-change stiffness switch hands it to Radau IIA. Checked: the flow
    /// reaches the weighted-ℓ1 limit (4/3, −2/3, 0, 0) of the last saddle, and every layer
    /// imbalance a_j² − c² stays what it was at t = 0.
    @Test("a deep product's plateau of length ~1/s (s = 1e-6) is crossed to its limit with the layer imbalances conserved")
    func deepPlateau() throws {
        let model = try ExpressionFlowModel(
            model: Self.deep, data: .regression(x: ModelTestSupport.t11x, y: ModelTestSupport.t11y), loss: .squared,
            scale: Self.r("1e-6"))
        let solution = try GradientFlowSolver(model: model, times: [Self.r("1e6"), Self.r("2e7")], digits: 20).solve()
        let evaluator = model.flowEvaluator(precision: solution.precisionBits)
        let limit = [Self.r("4/3"), Self.r("-2/3"), Rational(), Rational()].map { BigFloat($0, precision: solution.precisionBits) }
        #expect(ModelTestSupport.log10RelativeDifference(evaluator.predictor(solution.parameters[1]).elements, limit) < -9)
        let initial = Self.deep.layerImbalances(model.initialParameters(precision: solution.precisionBits))
        for theta in solution.parameters {
            for (now, start) in zip(Self.deep.layerImbalances(theta), initial) {
                let a = try #require(now), b = try #require(start)
                // The imbalances are O(s²) = 1e-12: relative to themselves.
                #expect(ModelTestSupport.log10RelativeDifference(a, b) < -18)
            }
        }
    }

    @Test("two-layer weights of the paper's model: Hessian eigenvalues ±2 exactly, t± = 1/2")
    func twoLayerWeights() throws {
        let weights = try GrowthTimeWeights.compute(Self.paper, digits: 30)
        #expect(weights.modelClass == .twoLayer)
        let exact = try #require(weights.exactWeights)
        #expect(exact.plus == Array(repeating: Self.r("1/2"), count: 4) && exact.minus == exact.plus)
        #expect(weights.extremeEigenvalues.allSatisfy { $0.smallest.exact == Rational(-2) && $0.largest.exact == Rational(2) })
        // k = a b + c²: eigenvalues −1, 1, 2 → t⁺ = 1/2, t⁻ = 1.
        let other = try Self.model(["a", "b", "c"], [("a*b + c^2", [0])], [["1", "1", "1"]])
        let w = try GrowthTimeWeights.compute(other, digits: 30)
        #expect(w.exactWeights?.plus == [Self.r("1/2")] && w.exactWeights?.minus == [Self.r("1")])
        // Irrational eigenvalues: k = a b + a² → eigenvalues 1 ± √2, t⁺ = 1/(1+√2) = √2 − 1.
        let irrational = try Self.model(["a", "b"], [("a*b + a^2", [0])], [["1", "1"]])
        let wi = try GrowthTimeWeights.compute(irrational, digits: 30)
        #expect(wi.exactWeights == nil)
        let sqrt2 = BigFloat.sqrt(BigFloat(2, precision: 256))
        #expect(((wi.plus[0].value - (sqrt2 - 1)).magnitude.log10Magnitude ?? -100) < -30)
        #expect(((wi.minus[0].value - (sqrt2 + 1)).magnitude.log10Magnitude ?? -100) < -30)
    }

    @Test("models outside Definition 1 are refused")
    func refusals() throws {
        for (k, p) in [
            ("a^2 + b^2", ["a", "b"]), ("a^2 - b^2 - c^2", ["a", "b", "c"]), ("a*b + 1", ["a", "b"]), ("a + a*b", ["a", "b"]),
            ("a^3 - b^3", ["a", "b"])
        ] {
            let model = try Self.model(p, [(k, [0])], [Array(repeating: "1", count: p.count)])
            #expect(throws: FlowError.self, "\(k)") { try GrowthTimeWeights.compute(model, digits: 20) }
        }
        // Deep layers need a unique smallest |a*|.
        let tied = try Self.model(["a", "b", "c"], [("a*b*c", [0])], [["1", "0.5", "-0.5"]])
        #expect(throws: FlowError.self) { try GrowthTimeWeights.compute(tied, digits: 20) }
    }

    /// Fixtures/make_deep_weights_reference.py (mpmath.quad, 60 digits, elliptic cross-check).
    @Test("deep L = 3 unbalanced weights agree with mpmath to 40 digits")
    func deepWeights() throws {
        let fixture = try FlowFixtures.json("deep_weights_reference")
        let reference = try #require(fixture["weights"] as? [[String]])
        let weights = try GrowthTimeWeights.compute(Self.deep, digits: 45)
        #expect(weights.modelClass == .deep(layers: 3))
        for (i, pair) in reference.enumerated() {
            #expect(FlowFixtures.agreement(weights.plus[i].value, pair[0]) > 40, "t+ of coordinate \(i + 1)")
            #expect(FlowFixtures.agreement(weights.minus[i].value, pair[1]) > 40, "t- of coordinate \(i + 1)")
        }
    }

    /// μ₁ = μ₂ = μ: G(c) = (π/2 − arctan(c/μ))/μ, so G(0) = π/(2μ) and G(μ) = π/(4μ).
    @Test("the deep-layer integral against its closed form for equal offsets")
    func closedForm() throws {
        let integral = DeepLayerIntegral(squaredOffsets: [Self.r("9/16"), Self.r("9/16")])
        let p = 300
        let pi = BigFloat.pi(precision: p), mu = BigFloat(3, precision: p) / 4
        let g0 = try #require(integral.tail(from: Rational(), precision: p))
        let gMu = try #require(integral.tail(from: Self.r("3/4"), precision: p))
        let gMinus = try #require(integral.tail(from: Self.r("-3/4"), precision: p))
        for (value, expected) in [(g0, pi / (2 * mu)), (gMu, pi / (4 * mu)), (gMinus, 3 * pi / (4 * mu))] {
            #expect((((value - expected) / expected).magnitude.log10Magnitude ?? -1000) < -80)
        }
    }

    /// The paper's model on T11 at s = 1e-30 across its first jump, against heyoka
    /// (Fixtures/make_zhao_flow_reference.py, its own symbolic derivatives, 50 agreed digits).
    @Test(
        "the paper's model agrees with heyoka to 30 digits: s = 1e-30 at t = 20, 40; s = 1e-60 at t = 100, 300 (across the second jump)",
        arguments: ["zhao_flow_reference", "zhao_flow_reference_1e-60"])
    func heyokaReference(fixtureName: String) throws {
        let fixture = try FlowFixtures.json(fixtureName)
        let checkpoints = try #require(fixture["checkpoints"] as? [[String: Any]])
        let model = try ExpressionFlowModel(
            model: Self.paper, data: .regression(x: ModelTestSupport.t11x, y: ModelTestSupport.t11y),
            loss: .squared, scale: Self.r(try #require(fixture["scale"] as? String)))
        let times = try checkpoints.map { Self.r(try #require($0["time"] as? String)) }
        let solution = try GradientFlowSolver(model: model, times: times, digits: 30).solve()
        for (state, checkpoint) in zip(solution.parameters, checkpoints) {
            let reference = try #require(checkpoint["theta"] as? [String]).map { try BigFloat($0, precision: 512) }
            #expect(ModelTestSupport.log10RelativeDifference(state.elements, reference) < -30, "t = \(checkpoint["time"] ?? "")")
        }
    }

    /// Gradient descent at s = 1e-60, η = 0.1 (the paper's experiment) against the paper's own route,
    /// mpmath gradient descent with hand-derived gradients at 200 and 300 digits
    /// (`zhao_gd_reference.json`), over 6017 iterations to L ≈ 9e-101. At 30 digits plus 64 guard bits
    /// (as `flow --optimizer gd`) θ agrees normwise; each entry on its own (down to 1e-128, the
    /// decayed directions) needs the run's dynamic range: at 100 digits every entry agrees to 45 of
    /// its own digits.
    @Test("gradient descent on the paper's model at s = 1e-60 agrees with mpmath GD normwise at 30 digits, entrywise at 100")
    func paperGradientDescent() throws {
        let fixture = try FlowFixtures.json("zhao_gd_reference")
        let checkpoints = try #require(fixture["checkpoints"] as? [[String: Any]])
        let counts = try checkpoints.map { try #require($0["iteration"] as? Int) }
        let references = try checkpoints.map { try #require($0["theta"] as? [String]) }
        let model = try ExpressionFlowModel(
            model: Self.paper, data: .regression(x: ModelTestSupport.t11x, y: ModelTestSupport.t11y),
            loss: .squared, scale: Self.r("1e-60"))
        for (digits, entrywise) in [(30, false), (100, true)] {
            let descent = try GradientDescent(model: model, step: Self.r("0.1"), precision: Precision.bits(forDecimalDigits: digits) + 64)
            for (theta, (count, reference)) in zip(descent.iterates(at: counts), zip(counts, references)) {
                if entrywise {
                    let least = zip(theta.elements, reference).map { FlowFixtures.agreement($0, $1) }.min() ?? 0
                    #expect(least > 45, "K = \(count): \(least) digits")
                } else {
                    let normwise = FlowFixtures.agreement(theta.elements, reference)
                    #expect(normwise > 28, "K = \(count): \(normwise) digits")
                }
            }
        }
    }
}
