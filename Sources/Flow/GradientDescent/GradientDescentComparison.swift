import Multiprecision

/// Gradient descent θ_{k+1} = θ_k − η∇L(θ_k) on a `GradientModel` against the gradient flow at
/// equal time t = Kη and against the modified flow of loss L + (η/4)‖∇L‖² (Barrett & Dherin 2021),
/// at the times asked (each a multiple of η).
///
/// Contract: the descent runs in MPFR at `precision` = max(128, bits(digits) + 64) bits (the
/// iterates are exact to far more than `digits` digits: K steps lose at most log2 K bits); both
/// flows are `GradientFlowSolver` runs verified to `digits` digits, whose agreement is reported
/// per time (`flowVerifiedDigits`). Distances are ‖θ_GD − θ_flow‖₂ (`StepSizeComparison.distance`).
/// Several step sizes at one horizon are `orders(…)`: the fitted orders of the two distances in η.
public struct GradientDescentComparison: Sendable {
    public var model: any GradientModel
    public var step: Rational
    public var times: [Rational]
    public var digits: Int
    /// K = t/η for each time.
    public let stepCounts: [Int]

    /// - Throws: `FlowError.invalidCheckpoint` for η ≤ 0, a time that is negative, not a multiple
    ///   of η or not after the one before; `.invalidDigits` outside `Precision.decimalDigitRange`.
    public init(model: any GradientModel, step: Rational, times: [Rational], digits: Int = 30) throws(FlowError) {
        guard step.signum > 0 else { throw .invalidCheckpoint("the step η must be positive, got \(ExactDecimal.brief(step))") }
        guard Precision.decimalDigitRange.contains(digits) else {
            throw .invalidDigits(requested: digits, reason: "between 1 and \(Precision.maximumDecimalDigits) digits")
        }
        guard !times.isEmpty else { throw .invalidCheckpoint("no time was given") }
        var counts: [Int] = []
        for time in times {
            guard time.signum >= 0 else { throw .invalidCheckpoint("the time t = \(time) is negative: gradient descent starts at t = 0") }
            let quotient = time / step
            guard quotient.isInteger, let count = Int(quotient.numeratorString) else {
                throw .invalidCheckpoint(
                    "the time t = \(ExactDecimal.brief(time)) is not a multiple of the step η = \(ExactDecimal.brief(step))")
            }
            if let last = counts.last, count <= last { throw .invalidCheckpoint("the times must increase") }
            counts.append(count)
        }
        self.model = model
        self.step = step
        self.times = times
        self.digits = digits
        stepCounts = counts
    }

    /// The descent's working precision: max(128, bits(digits) + 64).
    public var precision: Int { Swift.max(128, Precision.bits(forDecimalDigits: digits) + 64) }

    /// Digits of the iterates worth printing: `digits`, at most what `precision` carries less two.
    public var shownDigits: Int { Swift.min(digits, Precision.decimalDigits(forBits: precision) - 2) }

    public struct Entry: Sendable {
        public var time: Rational
        public var steps: Int
        public var parameters: BigVector
        public var loss: BigFloat
        public var distanceToFlow: BigFloat
        public var distanceToModifiedFlow: BigFloat
        /// The digits on which the two runs of both flows agree at this time.
        public var flowVerifiedDigits: Int
    }

    public func run() throws(FlowError) -> [Entry] {
        let descent = try GradientDescent(model: model, step: step, precision: precision)
        let gd = descent.iterates(at: stepCounts)
        let positive = times.filter { $0.signum > 0 }
        let offset = times.count - positive.count
        var flow = [BigVector](repeating: model.initialParameters(precision: precision), count: offset)
        var modified = flow
        var flowDigits = [Int](repeating: digits, count: offset)
        if !positive.isEmpty {
            let exact = try GradientFlowSolver(model: model, times: positive, digits: digits).solve()
            let shifted = try GradientFlowSolver(model: model, times: positive, digits: digits, modifiedStep: step).solve()
            flow += exact.parameters
            modified += shifted.parameters
            flowDigits += zip(exact.verifiedDigits, shifted.verifiedDigits).map { Swift.min($0.0, $0.1) }
        }
        let evaluator = model.evaluator(precision: precision)
        return times.indices.map { k in
            Entry(
                time: times[k], steps: stepCounts[k], parameters: gd[k], loss: evaluator.loss(gd[k]),
                distanceToFlow: StepSizeComparison.distance(gd[k], flow[k]),
                distanceToModifiedFlow: StepSizeComparison.distance(gd[k], modified[k]), flowVerifiedDigits: flowDigits[k])
        }
    }

    /// Several step sizes at one horizon T: the distances for each η and the fitted orders
    /// (`StepSizeComparison`, at max(160, bits(digits) + 64) bits).
    /// - Throws: `FlowError.invalidCheckpoint` for T ≤ 0, a step that does not divide T or a repeated step.
    public static func orders(model: any GradientModel, steps: [Rational], horizon: Rational, digits: Int = 30) throws(FlowError)
        -> StepSizeComparison.Result
    {
        guard horizon.signum > 0 else { throw .invalidCheckpoint("the horizon T must be positive, got \(ExactDecimal.brief(horizon))") }
        var counts: [Int] = []
        for step in steps {
            guard step.signum > 0 else { throw .invalidCheckpoint("the step η must be positive, got \(ExactDecimal.brief(step))") }
            let quotient = horizon / step
            guard quotient.isInteger, let count = Int(quotient.numeratorString) else {
                throw .invalidCheckpoint(
                    "the horizon T = \(ExactDecimal.brief(horizon)) is not a multiple of the step η = \(ExactDecimal.brief(step))")
            }
            counts.append(count)
        }
        let sorted = counts.sorted()
        guard Set(sorted).count == sorted.count else { throw .invalidCheckpoint("the steps must differ") }
        return try StepSizeComparison(
            model: model, horizon: horizon, stepCounts: sorted,
            precision: Swift.max(160, Precision.bits(forDecimalDigits: digits) + 64), referenceDigits: digits
        ).run()
    }
}
