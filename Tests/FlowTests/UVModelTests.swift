import Flow
import Foundation
import Limits
import Multiprecision
import Testing

/// MATH.md §4.2 / T12: the u∘v diagonal model with initialization scale α and shape s.
@Suite("u∘v model (T12)")
struct UVModelTests {
    static let alpha = try! Rational(decimal: "0.3")
    static let shape = try! Rational(decimal: "0.7")

    @Test("k = 4α(1+s²)/(1−s²) exactly: 298/85 = 3.50588… at α = 0.3, s = 0.7")
    func kIsExact() throws {
        let model = try UVDiagonalModel(alpha: Self.alpha, shape: Self.shape, dimension: 4)
        #expect(model.k == Rational(298, 85))
        #expect(model.initialUSquared * model.initialVSquared == Self.alpha * Self.alpha)
    }

    /// The closed form w = (k/2) sinh(2G) through the dual reduction (diagonal engine on rescaled
    /// data) against primal integration of (u₊, v₊, u₋, v₋), at equal loss, to 30 digits; and
    /// the primal state's own closed-form invariants (G read off u₊ + v₊ = p₀e^{G}).
    @Test("T12: closed form (dual engine) against primal integration, 30 digits")
    func closedFormMatchesPrimal() throws {
        let model = try UVDiagonalModel(alpha: Self.alpha, shape: Self.shape, dimension: 4)
        let primalModel = try UVRegressionModel(model: model, x: ModelTestSupport.t11x, y: ModelTestSupport.t11y)
        let primal = try GradientFlowSolver(model: primalModel, times: [Rational(2)], digits: 32).solve()
        let evaluator = primalModel.evaluator(precision: primal.precisionBits)
        for theta in primal.parameters {
            let wPrimal = UVRegressionModel.predictor(theta).elements
            // Same point of the path through the engine: the loss clock τ = −ln L of the primal state.
            let tau = -BigFloat.log(evaluator.loss(theta))
            let problem = try model.engineProblem(
                data: .regression(x: ModelTestSupport.t11x, y: ModelTestSupport.t11y), loss: .squared,
                checkpoints: [.tau(tau.formatted(significantDigits: 45))], digits: 32)
            let engine = model.mapFromEngine(try VerifiedFlowSolver(problem: problem).solve(), problem: problem).checkpoints[0].checkpoint
            #expect(ModelTestSupport.log10RelativeDifference(engine.w, wPrimal) < -30)
            // G from the primal state alone: w = (k/2) sinh(2G), u₋ + v₋ = p₀e^{−G}, u² − v² conserved.
            let d = 4, p = theta.precision
            let (u0, v0) = model.initialFactors(precision: p)
            for i in 0..<d {
                let g = BigFloat.log((theta[i] + theta[d + i]) / (u0 + v0))
                let closed = model.predictor(dual: g)
                #expect(ModelTestSupport.log10RelativeDifference([closed], [wPrimal[i]], floor: 1e-3) < -30)
                let minusSum = theta[2 * d + i] + theta[3 * d + i]
                #expect(ModelTestSupport.log10RelativeDifference([minusSum], [(u0 + v0) * BigFloat.exp(-g)]) < -30)
                let balance = theta[i] * theta[i] - theta[d + i] * theta[d + i]
                #expect(ModelTestSupport.log10RelativeDifference([balance], [u0 * u0 - v0 * v0]) < -30)
            }
        }
    }

    /// The flow limit (τ = 110: residual ~e^{−55} ≈ 1e−24) against argmin Q_k subject to Xw = y,
    /// computed independently by dual Newton at μ = k/4 (Q_{α_eff} = 2Q_k), to 20 digits; and Q_k
    /// of the limit is below Q_k of the exact minimum-l2 interpolator.
    @Test("Q_k minimizer equals the flow limit (20 digits)")
    func regularizerMinimizerIsTheLimit() throws {
        let model = try UVDiagonalModel(alpha: Self.alpha, shape: Self.shape, dimension: 4)
        let problem = try model.engineProblem(
            data: .regression(x: ModelTestSupport.t11x, y: ModelTestSupport.t11y), loss: .squared,
            checkpoints: [.tau("110")], digits: 20)
        let flow = model.mapFromEngine(try VerifiedFlowSolver(problem: problem).solve(), problem: problem).checkpoints[0].checkpoint
        let limit = try DualNewtonSolver(options: .init(precision: 256)).solve(
            RegularizedLimitProblem(
                regressionRows: ModelTestSupport.t11x, targets: ModelTestSupport.t11y, depth: 2, mu: model.effectiveScaleSquared))
        #expect(ModelTestSupport.log10RelativeDifference(flow.w, limit.w) < -20)
        let l2 = try LimitProblem(kind: .l2Interpolation, regressionRows: ModelTestSupport.t11x, targets: ModelTestSupport.t11y).solve()
        let l2w = l2.w.map { BigFloat($0, precision: 256) }
        #expect(model.regularizer(flow.w) < model.regularizer(l2w))
    }

    @Test("bad shapes and scales are errors")
    func badInput() {
        #expect(throws: FlowError.self) { try UVDiagonalModel(alpha: Rational(1), shape: Rational(1), dimension: 2) }
        #expect(throws: FlowError.self) { try UVDiagonalModel(alpha: Rational(1), shape: Rational(-1, 2), dimension: 2) }
        #expect(throws: FlowError.self) { try UVDiagonalModel(alpha: Rational(0), shape: Rational(0), dimension: 2) }
        #expect(throws: FlowError.self) {
            let model = try UVDiagonalModel(alpha: Rational(1), shape: Rational(0), dimension: 3)
            _ = try model.engineProblem(
                data: .regression(x: ModelTestSupport.t11x, y: ModelTestSupport.t11y), loss: .squared, checkpoints: [.tau("1")], digits: 10)
        }
    }
}
