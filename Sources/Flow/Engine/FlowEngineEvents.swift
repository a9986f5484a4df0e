import Multiprecision

/// Events of the flow engine: after every accepted step the engine looks for the event functions
/// of the kinds in `FlowProblem.events` that changed sign across it and locates each zero inside
/// the step by the Illinois method, as it locates level checkpoints (`Engine.locate`). The event functions, per coordinate i:
///
///     sign change:     w_i                                  (skipped while either end is 0)
///     support change:  |w_i| − (a₊,i a₋,i)^{D/2}
///
/// Contract: the τ of an event is the zero of its function to the run's accuracy (the relative
/// width of the final bracket is below 10^-(working digits − 4)); two events in one step are both
/// located, each from the step's start, and listed in τ order. An event function that crosses zero
/// twice inside one step is not seen (steps are far shorter than the scale on which w varies in the
/// explicit phase; in the late implicit phase w̃ moves by O(1/log τ) per step at most).
extension Engine {
    /// The scales (a₊,i a₋,i)^{D/2} at `precision` bits, rounded to nearest.
    func supportScales(precision p: Int) -> [BigFloat] {
        let network = problem.network
        return (0..<network.dimension).map { i in
            let root = BigFloat.sqrt(BigFloat(network.initialPlus[i] * network.initialMinus[i], precision: p))
            var scale = BigFloat(1, precision: p)
            for _ in 0..<network.depth { scale = scale * root }
            return scale
        }
    }

    /// Finds and locates the events of the step from `previous` to `evaluation` (the engine's
    /// current state), appending them to `events` in τ order.
    mutating func recordEvents(
        from previous: StepStart,
        to evaluation: DualFlowField.Evaluation
    ) throws(FlowError) {
        guard !problem.events.isEmpty else { return }
        let scales = problem.events.contains(.support) ? supportScales(precision: precision) : []
        var found = [FlowEvent]()
        for i in 0..<problem.network.dimension {
            let before = previous.evaluation.w[i], after = evaluation.w[i]
            if problem.events.contains(.sign), before.signum != 0, after.signum != 0, before.signum != after.signum {
                let located = try locate(from: previous, target: BigFloat(0, precision: precision), index: 0) { e, _, _ in e.w[i] }
                found.append(FlowEvent(kind: .signChange(coordinate: i), tau: located.tau))
            }
            guard !scales.isEmpty else { continue }
            let wasInside = before.magnitude > scales[i], isInside = after.magnitude > scales[i]
            if wasInside != isInside {
                let located = try locate(from: previous, target: BigFloat(0, precision: precision), index: 0) { e, _, x in
                    e.w[i].magnitude - BigFloat(scales[i], precision: x.precision)
                }
                found.append(FlowEvent(kind: .supportChange(coordinate: i, entering: isInside), tau: located.tau))
            }
        }
        events += found.sorted { $0.tau < $1.tau }
    }
}
