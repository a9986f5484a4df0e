import Flow
import Integrators
import Limits
import Multiprecision

/// Gradient flow (or gradient descent) of a model of the user's own from θ(0) = s·θ* to given
/// physical times, as one library call: the θ, the predictor k (w), the loss and the conserved
/// layer imbalances of product coordinates at each time.
///
/// Flow: `GradientFlowSolver` (explicit extrapolation in physical time, two runs, each state
/// with the normwise digits they agree on; fewer than `digits` is an error), checkpoints at
/// times or at loss and margin levels, and events, located on the dense output. Descent:
/// `GradientDescent` at the precision of `digits` plus guard bits, times that are multiples of
/// the step η.
public enum ModelFlowRun {
    /// Where a flow checkpoint lies: a physical time, or the first time the loss falls to
    /// L = e^{−τ} (`tau`) or 10^x (`log10Loss`), or the margin γ = min_n m_n rises to a value
    /// (classification).
    public enum Target: Sendable, Equatable {
        case time(Rational)
        case tau(Rational)
        case log10Loss(Rational)
        case margin(Rational)
    }

    /// Events located on the flow: `sign`, a coordinate's k_i changes sign; `support`, |k_i|
    /// crosses κ = 2·max_j |k_j(θ(0))|, twice the predictor's initialization scale (so that no
    /// coordinate starts on it).
    public enum EventKind: String, Sendable, CaseIterable {
        case sign, support
    }

    public struct Checkpoint: Sendable {
        /// The target that placed it (`.time` for gradient descent).
        public let target: Target
        /// The time: exact for `.time` targets, located (to `verifiedDigits`) otherwise.
        public let time: BigFloat
        public let exactTime: Rational?
        public let theta: BigVector
        public let predictor: BigVector
        public let loss: BigFloat
        /// Digits on which the two runs agree on the loss (nil for gradient descent).
        public let lossDigits: Int?
        /// Per coordinate: a_j² − a_L² of a product coordinate (nil for others).
        public let imbalances: [[BigFloat]?]
        /// Normwise verified digits of θ (and of the time, for located checkpoints); nil for
        /// gradient descent, which is not verified.
        public let verifiedDigits: Int?
        /// Gradient descent: the step count K = t/η.
        public let iterations: Int?
        /// Per entry of θ and of k, the digits on which the two runs agree on it (nil for gradient
        /// descent): a small entry may have fewer than the normwise `verifiedDigits`.
        public let thetaDigits: [Int]?
        public let predictorDigits: [Int]?
    }

    /// An event of the flow: which kind, the coordinate (0-based), and where it happened.
    public struct Event: Sendable {
        public let kind: EventKind
        public let coordinate: Int
        public let time: BigFloat
        public let predictor: BigVector
        public let verifiedDigits: Int
        /// Per entry of k, the digits on which the two runs agree on it.
        public let predictorDigits: [Int]
    }

    public struct Result: Sendable {
        public let checkpoints: [Checkpoint]
        public let events: [Event]
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

    /// The verified gradient flow to physical times.
    public static func flow(
        model: ExpressionModel, data: FlowData, loss: Loss, scale: Rational, times: [Rational],
        digits: Int
    ) throws(ModelAnalysisError) -> Result {
        try flow(model: model, data: data, loss: loss, scale: scale, targets: times.map { .time($0) }, digits: digits)
    }

    /// The horizon of a solve whose last checkpoints are loss or margin levels, 10^12 times the
    /// start's time scale T₀ = ‖θ(0)‖∞ / ‖∇L(θ(0))‖∞ rounded up to a power of ten (T₀ taken as 1
    /// when smaller, or when the start is stationary). A model whose k_i vanish to order L at 0,
    /// such as a product of L layers, has T₀ ~ 1/s^{L−2} and plateaus of that length; a flow that
    /// has not reached its levels by the horizon is refused.
    public static func levelHorizon(_ model: ExpressionFlowModel) -> Rational {
        let evaluator = model.flowEvaluator(precision: 128), theta = model.initialParameters(precision: 128)
        let gradient = evaluator.gradient(theta)
        var size = BigFloat(precision: 128), speed = BigFloat(precision: 128)
        for i in 0..<theta.count {
            size = BigFloat.maximum(size, theta[i].magnitude)
            speed = BigFloat.maximum(speed, gradient[i].magnitude)
        }
        var decades = 12
        if speed.isFinite && !speed.isZero && size.isFinite {
            let log10Scale = BigFloat.log10(size / speed).doubleValue
            if log10Scale > 0 { decades += Int(min(log10Scale.rounded(.up), 1_000_000)) }
        }
        return Rational.powerOfTen(decades)
    }

    /// The verified gradient flow to the `targets` (times increasing; loss levels decreasing
    /// and margins increasing in the order given, each located on the dense output of both
    /// runs), with `events`.
    ///
    /// Loss levels (squared loss) make the integration control each residual relative to its
    /// size down to the deepest level (`ExpressionFlowModel.log10ResidualFloor`), so the loss
    /// there carries its digits; at time checkpoints the loss is reported with the digits the two
    /// runs agree on.
    /// - Throws: `ModelAnalysisError` for targets out of order, a margin target with the squared
    ///   loss, a level not reached by t = `levelHorizon(_:)`, and the flow's failures.
    public static func flow(
        model: ExpressionModel, data: FlowData, loss: Loss, scale: Rational, targets: [Target],
        events: [EventKind] = [], digits: Int
    ) throws(ModelAnalysisError) -> Result {
        var flowModel: ExpressionFlowModel
        do { flowModel = try ExpressionFlowModel(model: model, data: data, loss: loss, scale: scale) } catch {
            throw ModelAnalysisError("\(error)")
        }
        try requireFiniteStart(flowModel)
        let levels = try ModelFlowLevels(targets, loss: loss)
        if !loss.isClassification, let deepest = levels.deepestLog10Loss {
            flowModel.log10ResidualFloor = (deepest + 0.30103) / 2 - 1  // ‖r‖ = √(2L), one digit below
        }
        let evaluators = ModelFlowEvaluators(flowModel)
        let start = flowModel.initialParameters(precision: 128), startEvaluator = evaluators.evaluator(128)
        try levels.requireAhead(loss: startEvaluator.loss(start), margin: startEvaluator.minimumMargin(start))
        let initial = startEvaluator.predictor(start)
        var kappa = BigFloat(precision: 128)
        for i in 0..<initial.count { kappa = BigFloat.maximum(kappa, initial[i].magnitude) }
        kappa = 2 * kappa  // no coordinate starts on the level
        var odeEvents = levels.events(evaluators)
        var eventOwners: [(EventKind, Int)] = []
        for kind in events {
            for i in 0..<model.dimension {
                eventOwners.append((kind, i))
                odeEvents.append(
                    ODEEvent(name: "\(kind.rawValue) \(i + 1)") { _, theta in
                        let k = evaluators.evaluator(theta.precision).predictor(theta)[i]
                        return kind == .sign ? k : k.magnitude - BigFloat(kappa, precision: theta.precision)
                    })
            }
        }
        let times = targets.compactMap { if case let .time(t) = $0 { t } else { nil } }
        let horizon = levels.count > 0 ? levelHorizon(flowModel) : Rational(0)
        var solution: GradientFlowSolver.Solution
        do {
            var solver = try GradientFlowSolver(
                model: flowModel, times: levels.count > 0 ? times + [max(horizon, (times.last ?? Rational(0)) + Rational(1))] : times,
                digits: digits)
            solver.events = odeEvents
            solution = try solver.solve()
        } catch { throw ModelAnalysisError("\(error)") }
        // A margin can cross its level again after a dip: only the first crossing is a checkpoint.
        var seen = Set<Int>()
        let kept = solution.events.indices.filter { q in
            let index = solution.events[q].index
            return index >= levels.count || seen.insert(index).inserted
        }
        if seen.count < levels.count {
            let missed = (0..<levels.count).first { !seen.contains($0) } ?? 0
            throw ModelAnalysisError(
                "the flow did not reach \(ModelFlowLevels.describe(levels.targets[missed])) by t = \(ExactDecimal.brief(horizon)) (or reached the last level first)"
            )
        }
        if solution.times.count < times.count, let last = levels.targets.last {
            throw ModelAnalysisError(
                "t = \(ExactDecimal.brief(times[solution.times.count])) lies after the last level, \(ModelFlowLevels.describe(last)), where the solve ends"
            )
        }
        let fine = evaluators.evaluator(solution.precisionBits)
        func checkpoint(_ target: Target, time: BigFloat, exact: Rational?, theta: BigVector, coarse: BigVector, digits: Int) -> Checkpoint
        {
            let value = fine.loss(theta), predictor = fine.predictor(theta)
            let coarseEvaluator = evaluators.evaluator(coarse.precision)
            return Checkpoint(
                target: target, time: time, exactTime: exact, theta: theta, predictor: predictor, loss: value,
                lossDigits: min(digits, AgreedDigits.scalar(coarseEvaluator.loss(coarse), value)), imbalances: model.layerImbalances(theta),
                verifiedDigits: digits, iterations: nil,
                thetaDigits: AgreedDigits.entrywise(coarse.elements, theta.elements).map { min($0, digits) },
                predictorDigits: AgreedDigits.entrywise(coarseEvaluator.predictor(coarse).elements, predictor.elements).map {
                    min($0, digits)
                })
        }
        var timed: [Checkpoint] = []
        for (k, time) in solution.times.enumerated() where k < times.count {
            timed.append(
                checkpoint(
                    .time(time), time: BigFloat(time, precision: solution.precisionBits), exact: time, theta: solution.parameters[k],
                    coarse: solution.coarseParameters[k], digits: solution.verifiedDigits[k]))
        }
        var located: [Checkpoint] = []
        var flowEvents: [Event] = []
        for q in kept {
            let occurrence = solution.events[q]
            let coarse = solution.coarseEvents[q]
            if occurrence.index < levels.count {
                located.append(
                    checkpoint(
                        levels.targets[occurrence.index], time: occurrence.time, exact: nil, theta: occurrence.state, coarse: coarse.state,
                        digits: solution.eventDigits[q]))
            } else {
                let owner = eventOwners[occurrence.index - levels.count]
                let predictor = fine.predictor(occurrence.state)
                let coarsePredictor = evaluators.evaluator(coarse.state.precision).predictor(coarse.state)
                flowEvents.append(
                    Event(
                        kind: owner.0, coordinate: owner.1, time: occurrence.time, predictor: predictor,
                        verifiedDigits: solution.eventDigits[q],
                        predictorDigits: AgreedDigits.entrywise(coarsePredictor.elements, predictor.elements).map {
                            min($0, solution.eventDigits[q])
                        }))
            }
        }
        let checkpoints = (timed + located).sorted { $0.time < $1.time }
        return Result(
            checkpoints: checkpoints, events: flowEvents, precisionBits: solution.precisionBits, steps: solution.steps,
            initialImbalances: model.layerImbalances(flowModel.initialParameters(precision: solution.precisionBits)))
    }

    /// Gradient descent θ_{k+1} = θ_k − η∇L(θ_k) at `digits` digits plus 64 bits plus the
    /// model's `integrationGuardBits` (the directions that decay on a plateau and decide a later
    /// escape lie far below ‖θ‖∞).
    public static func descent(
        model: ExpressionModel, data: FlowData, loss: Loss, scale: Rational, step: Rational,
        times: [Rational], digits: Int
    ) throws(ModelAnalysisError) -> Result {
        let flowModel: ExpressionFlowModel
        let descent: GradientDescent
        let precision: Int
        do {
            flowModel = try ExpressionFlowModel(model: model, data: data, loss: loss, scale: scale)
            try requireFiniteStart(flowModel)
            precision = Precision.bits(forDecimalDigits: digits) + 64 + flowModel.integrationGuardBits
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
                target: .time(time), time: BigFloat(time, precision: precision), exactTime: time, theta: state.0,
                predictor: evaluator.predictor(state.0), loss: evaluator.loss(state.0), lossDigits: nil,
                imbalances: model.layerImbalances(state.0), verifiedDigits: nil, iterations: state.1, thetaDigits: nil,
                predictorDigits: nil)
        }
        return Result(
            checkpoints: checkpoints, events: [], precisionBits: precision, steps: [counts.last ?? 0],
            initialImbalances: model.layerImbalances(flowModel.initialParameters(precision: precision)))
    }
}
