import Flow
import Limits
import Multiprecision

/// Gradient flow (or gradient descent) of a model of the user's own from θ(0) = s·θ* to given
/// physical times, as one library call: the θ, the predictor k (w), the loss and the conserved
/// layer imbalances of product coordinates at each time.
///
/// Flow: `GradientFlowSolver` (explicit extrapolation in physical time, two runs, each state
/// with the normwise digits they agree on; fewer than `digits` is an error). Descent:
/// `GradientDescent` at the precision of `digits` plus guard bits, times that are multiples of
/// the step η.
public enum ModelFlowRun {
    public struct Checkpoint: Sendable {
        public let time: Rational
        public let theta: BigVector
        public let predictor: BigVector
        public let loss: BigFloat
        /// Per coordinate: a_j² − a_L² of a product coordinate (nil for others).
        public let imbalances: [[BigFloat]?]
        /// Normwise verified digits of θ (nil for gradient descent, which is not verified).
        public let verifiedDigits: Int?
        /// Gradient descent: the step count K = t/η.
        public let iterations: Int?
    }

    public struct Result: Sendable {
        public let checkpoints: [Checkpoint]
        public let precisionBits: Int
        /// Accepted steps of the two verification runs (flow), or the iterations (descent).
        public let steps: [Int]
        /// The imbalances at t = 0 (the conserved values).
        public let initialImbalances: [[BigFloat]?]
    }

    /// Refuses a start outside the model's domain (a non-finite loss or gradient at s·θ*).
    static func requireFiniteStart(_ model: ExpressionFlowModel) throws(ModelAnalysisError) {
        let evaluator = model.flowEvaluator(precision: 128)
        let theta = model.initialParameters(precision: 128)
        var gradient = BigVector(count: model.parameterCount, precision: 128)
        let finite = evaluator.gradient(theta, into: &gradient) && evaluator.loss(theta).isFinite
        if !finite {
            throw ModelAnalysisError(
                "the loss or its gradient is not finite at θ(0) = s·θ*: the initialization lies outside the domain of some k (a division by zero, the log or an even root of a non-positive number)"
            )
        }
    }

    /// The verified gradient flow.
    public static func flow(
        model: ExpressionModel, data: FlowData, loss: Loss, scale: Rational, times: [Rational],
        digits: Int
    ) throws(ModelAnalysisError) -> Result {
        let flowModel: ExpressionFlowModel
        let solution: GradientFlowSolver.Solution
        do {
            flowModel = try ExpressionFlowModel(model: model, data: data, loss: loss, scale: scale)
            try requireFiniteStart(flowModel)
            solution = try GradientFlowSolver(model: flowModel, times: times, digits: digits).solve()
        } catch { throw ModelAnalysisError("\(error)") }
        let evaluator = flowModel.flowEvaluator(precision: solution.precisionBits)
        let checkpoints = zip(solution.times, zip(solution.parameters, solution.verifiedDigits)).map { time, state in
            Checkpoint(
                time: time, theta: state.0, predictor: evaluator.predictor(state.0), loss: evaluator.loss(state.0),
                imbalances: model.layerImbalances(state.0), verifiedDigits: state.1, iterations: nil)
        }
        return Result(
            checkpoints: checkpoints, precisionBits: solution.precisionBits, steps: solution.steps,
            initialImbalances: model.layerImbalances(flowModel.initialParameters(precision: solution.precisionBits)))
    }

    /// Gradient descent θ_{k+1} = θ_k − η∇L(θ_k) at `digits` digits plus guard bits.
    public static func descent(
        model: ExpressionModel, data: FlowData, loss: Loss, scale: Rational, step: Rational,
        times: [Rational], digits: Int
    ) throws(ModelAnalysisError) -> Result {
        let precision = Precision.bits(forDecimalDigits: digits) + 64
        let flowModel: ExpressionFlowModel
        let descent: GradientDescent
        do {
            flowModel = try ExpressionFlowModel(model: model, data: data, loss: loss, scale: scale)
            try requireFiniteStart(flowModel)
            descent = try GradientDescent(model: flowModel, step: step, precision: precision)
        } catch { throw ModelAnalysisError("\(error)") }
        var counts: [Int] = []
        for time in times {
            guard let count = descent.stepCount(reaching: time) else {
                throw ModelAnalysisError(
                    "time \(ExactDecimal.brief(time)) is not a non-negative multiple of the step η = \(ExactDecimal.brief(step))")
            }
            guard counts.last.map({ count >= $0 }) ?? true else { throw ModelAnalysisError("times must increase") }
            guard count <= 100_000_000 else {
                throw ModelAnalysisError(
                    "time \(ExactDecimal.brief(time)) needs \(count) steps of η = \(ExactDecimal.brief(step)) (more than 1e8)")
            }
            counts.append(count)
        }
        let iterates = descent.iterates(at: counts)
        let evaluator = flowModel.flowEvaluator(precision: precision)
        let checkpoints = zip(times, zip(iterates, counts)).map { time, state in
            Checkpoint(
                time: time, theta: state.0, predictor: evaluator.predictor(state.0), loss: evaluator.loss(state.0),
                imbalances: model.layerImbalances(state.0), verifiedDigits: nil, iterations: state.1)
        }
        return Result(
            checkpoints: checkpoints, precisionBits: precision, steps: [counts.last ?? 0],
            initialImbalances: model.layerImbalances(flowModel.initialParameters(precision: precision)))
    }
}
