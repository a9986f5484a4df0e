import Foundation
import Multiprecision

extension ODEProblem {
    /// Integrates the problem with `algorithm` and `stepping`.
    ///
    /// Contract: each step's local error estimate is at most 10^log10Tolerance in the system's
    /// error norm (adaptive steps); the global error is not bounded by it, only measured, by
    /// `TwoRunVerification`. Targets are landed on exactly; events are located on each accepted
    /// step's dense output (`ODEEvent`).
    /// - Throws: `ODESolveError.invalidProblem` for a malformed problem, `.integration` when the
    ///   step size collapses, the step limit is reached or f is undefined at the start,
    ///   `.fixedStepFailed` when a fixed Radau step's Newton iteration fails.
    public func solve(_ algorithm: IntegrationAlgorithm = .automatic, stepping: StepControl = .adaptive) throws(ODESolveError)
        -> ODESolution
    {
        var driver = try ODEDriver(problem: self, algorithm: algorithm, stepping: stepping)
        return try driver.run()
    }
}

/// The mutable state of one solve.
struct ODEDriver {
    enum Phase { case explicit, implicit }

    let problem: ODEProblem
    let stepping: StepControl
    let system: ODESystemAdapter
    let precision: Int
    let tolerance: Double
    let columns: Int
    let stages: Int
    let accelerationDepth: Int
    var monitor: StiffnessSwitch.Monitor?
    var phase: Phase
    var radau: RadauStepper?
    var history: RadauStepper.History?
    var x: BigFloat
    var y: BigVector
    var times: [BigFloat] = []
    var states: [BigVector] = []
    var dense: [DenseStep] = []
    var statistics = ODESolution.Statistics()
    var events: [ODEEventOccurrence] = []
    var eventValues: [BigFloat] = []
    var terminal: ODEEventOccurrence?
    var crawling = 0
    /// Whether the last attempt was rejected (the next accepted step then does not grow).
    var rejectedLast = false
    /// Accepted steps in a row below half the working digits that count as a collapse.
    static let crawlLimit = 20
    /// Set BIASFLOW_TRACE=1 (or 2) to print every accepted and rejected step on stderr.
    static let tracing = ["1", "2"].contains(ProcessInfo.processInfo.environment["BIASFLOW_TRACE"] ?? "")

    init(problem: ODEProblem, algorithm: IntegrationAlgorithm, stepping: StepControl) throws(ODESolveError) {
        let p = problem.precision
        guard p >= 16, p <= 1 << 24 else { throw .invalidProblem("a precision of \(p) bits is outside 16 … 2^24") }
        guard problem.log10Tolerance.isFinite, problem.log10Tolerance < 0 else {
            throw .invalidProblem("the tolerance 10^\(problem.log10Tolerance) must be finite and below 1")
        }
        let n = problem.system.dimension
        guard n >= 1 else { throw .invalidProblem("the system's dimension is \(n)") }
        guard let first = problem.targets.first, first > problem.start else {
            throw .invalidProblem("the targets must lie after the start")
        }
        guard zip(problem.targets, problem.targets.dropFirst()).allSatisfy({ $0.0 < $0.1 }) else {
            throw .invalidProblem("the targets must increase")
        }
        if case let .fixed(size) = stepping, size.signum <= 0 { throw .invalidProblem("the fixed step \(size) must be positive") }
        let start = problem.initialState(p)
        guard start.count == n else { throw .invalidProblem("the initial state has \(start.count) entries for a system of dimension \(n)") }
        self.problem = problem
        self.stepping = stepping
        system = ODESystemAdapter(problem.system, precision: p)
        precision = p
        tolerance = problem.log10Tolerance
        switch algorithm {
        case let .radauIIA(method):
            stages = method.stages(log10Tolerance: tolerance)
            accelerationDepth = method.accelerationDepth
            columns = 0
            phase = .implicit
        case let .extrapolation(method):
            stages = 0
            accelerationDepth = 0
            columns = method.columns(log10Tolerance: tolerance)
            phase = .explicit
        case let .automatic(rule):
            stages = rule.implicit.stages(log10Tolerance: tolerance)
            accelerationDepth = rule.implicit.accelerationDepth
            columns = rule.explicit.columns(log10Tolerance: tolerance)
            phase = .explicit
            monitor = StiffnessSwitch.Monitor(rule: rule)
        }
        let adaptive = if case .adaptive = stepping { true } else { false }
        if stages != 0 {
            guard stages >= (adaptive ? 3 : 1), stages <= 200 else {
                throw .invalidProblem("Radau IIA with \(stages) stages: adaptive steps need 3 … 200 stages, fixed steps 1 … 200")
            }
        }
        if columns != 0 {
            guard columns >= 2, columns <= 64 else { throw .invalidProblem("extrapolation needs 2 … 64 columns, got \(columns)") }
        }
        x = BigFloat(problem.start, precision: p)
        y = BigVector(start.elements, precision: p)
    }

    mutating func run() throws(ODESolveError) -> ODESolution {
        let p = precision
        let span = BigFloat(problem.targets[problem.targets.count - 1] - problem.start, precision: p)
        times = [x]
        states = [y]
        eventValues = problem.events.map { $0.function(x, y) }
        guard let f0 = system.derivative(at: x, y), let norm0 = system.errorNorm(at: y) else {
            throw .integration(.leftDomain(at: x.formatted(significantDigits: 12)))
        }
        var h: BigFloat
        switch stepping {
        case let .adaptive(_, initial?):
            h = BigFloat(exactly: initial, precision: p)
        case .adaptive:
            let size = norm0(f0)
            h = span / 16
            if size.isFinite {
                let fraction = BigFloat.pow(BigFloat(10, precision: p), BigFloat(exactly: -2 - size, precision: 53))
                if fraction < h { h = fraction }
            }
        case let .fixed(size):
            h = BigFloat(size, precision: p)
        }
        var targetStates = [BigVector]()
        var reached = [Rational]()
        targetLoop: for target in problem.targets {
            let end = BigFloat(target, precision: p)
            while x < end {
                guard statistics.acceptedSteps < problem.maximumSteps else {
                    throw .integration(.stepLimitReached(at: x.formatted(significantDigits: 12), limit: problem.maximumSteps))
                }
                var step = h
                let landing = x + step >= end
                if landing { step = end - x }
                let outcome = try attempt(step)
                switch outcome {
                case let .accepted(state, log10Error, order, denseStep):
                    let newX = landing ? end : x + step
                    if Self.tracing { trace("accepted", step, log10Error) }
                    let stopped = locateEvents(from: x, y, to: newX, state, denseStep)
                    statistics.acceptedSteps += 1
                    if phase == .explicit { statistics.explicitSteps += 1 } else { statistics.implicitSteps += 1 }
                    dense.append(denseStep)
                    if let stopped {
                        times.append(stopped.time)
                        states.append(stopped.state)
                        terminal = stopped
                        break targetLoop
                    }
                    times.append(newX)
                    states.append(state)
                    if phase == .explicit, var current = monitor, let norm = system.jacobianNorm(at: newX, state) {
                        // The step's change in the error norm, for a rule with a quiet-change condition.
                        let change = { [system, y] () -> Double in
                            guard let measure = system.errorNorm(at: y) else { return .infinity }
                            var difference = state
                            for a in 0..<difference.count { difference[a] = state[a] - y[a] }
                            return measure(difference)
                        }
                        if current.observe(stepSize: step.doubleValue, jacobianNorm: norm, log10Change: change) {
                            phase = .implicit
                            statistics.switchedToImplicitAt = newX.formatted(significantDigits: 12)
                        }
                        monitor = current
                    }
                    // Crawling: accepted steps below half the working digits of the clock's scale
                    // max(|x|, 1) (the error test is then limited by rounding, as with an f
                    // computed at a lower precision), 20 in a row, is a collapse. The scale is the
                    // position's, not the last target's: a far horizon must not make steps that
                    // resolve fine at x count as collapsed.
                    let scale = max(x.log10Magnitude ?? 0, 0)
                    if !landing, let size = step.log10Magnitude, size < scale - 0.5 * Double(Precision.decimalDigits(forBits: p)) {
                        crawling += 1
                        if crawling >= Self.crawlLimit { throw .integration(.stepSizeCollapsed(at: newX.formatted(significantDigits: 12))) }
                    } else {
                        crawling = 0
                    }
                    x = newX
                    y = state
                    if case let .adaptive(controller, _) = stepping {
                        let factor = controller.growth(
                            log10Error: log10Error, log10Tolerance: tolerance, order: order, afterRejection: rejectedLast)
                        h = BigFloat.product(
                            landing ? BigFloat.maximum(h, step) : step, BigFloat(exactly: factor, precision: 53), precision: p)
                    }
                    rejectedLast = false
                case let .rejected(log10Error, order):
                    if Self.tracing { trace(log10Error.isNaN ? "failed" : "rejected", step, log10Error) }
                    if log10Error.isNaN { statistics.failedSteps += 1 } else { statistics.rejectedSteps += 1 }
                    rejectedLast = true
                    guard case let .adaptive(controller, _) = stepping else {
                        throw .fixedStepFailed(at: x.formatted(significantDigits: 12))
                    }
                    let factor = controller.shrink(log10Error: log10Error, log10Tolerance: tolerance, order: order)
                    h = BigFloat.product(step, BigFloat(exactly: factor, precision: 53), precision: p)
                    let scale = max(x.log10Magnitude ?? 0, 0)
                    if h.log10Magnitude.map({ $0 < scale - 0.9 * Double(Precision.decimalDigits(forBits: p)) }) ?? true {
                        throw .integration(.stepSizeCollapsed(at: x.formatted(significantDigits: 12)))
                    }
                }
            }
            reached.append(target)
            targetStates.append(y)
        }
        statistics.derivativeEvaluations = system.evaluations
        if stages != 0 && (phase == .implicit) { statistics.radauStages = stages }
        if columns != 0 && statistics.explicitSteps > 0 { statistics.extrapolationColumns = columns }
        return ODESolution(
            times: times, states: states, targets: reached, targetStates: targetStates, events: events,
            terminalEvent: terminal, statistics: statistics, precision: p, log10Tolerance: tolerance,
            dense: dense, system: system)
    }

    func trace(_ what: String, _ step: BigFloat, _ log10Error: Double) {
        let line =
            "\(what) \(phase) x=\(x.formatted(significantDigits: 8)) h=\(step.formatted(significantDigits: 4)) log10err=\(log10Error)\n"
        FileHandle.standardError.write(line.data(using: .utf8)!)
    }

    enum Attempt {
        case accepted(state: BigVector, log10Error: Double, order: Int, dense: DenseStep)
        /// log10Error NaN: the step failed outright.
        case rejected(log10Error: Double, order: Int)
    }

    var fixed: Bool { if case .fixed = stepping { true } else { false } }

    /// One step of size h from (x, y) with the current phase's method.
    mutating func attempt(_ h: BigFloat) throws(ODESolveError) -> Attempt {
        switch phase {
        case .explicit:
            let stepper = ExtrapolationStepper(columns: columns)
            guard let slope = system.derivative(at: x, y) else {
                if x == times[0] { throw .integration(.leftDomain(at: x.formatted(significantDigits: 12))) }
                return .rejected(log10Error: .nan, order: stepper.estimateOrder)
            }
            switch stepper.step(system, from: x, y, size: h, initialDerivative: slope, log10Tolerance: fixed ? .infinity : tolerance) {
            case let .accepted(state, error):
                return .accepted(
                    state: state, log10Error: error, order: stepper.estimateOrder,
                    dense: .extrapolation(x: x, y: y, slope: slope, columns: columns))
            case let .rejected(error): return .rejected(log10Error: error.isNaN ? .infinity : error, order: stepper.estimateOrder)
            case .leftDomain: return .rejected(log10Error: .nan, order: stepper.estimateOrder)
            }
        case .implicit:
            if radau == nil {
                radau =
                    fixed
                    ? RadauStepper(fixedStepStages: stages, precision: precision, accelerationDepth: accelerationDepth)
                    : RadauStepper(stages: stages, precision: precision, accelerationDepth: accelerationDepth)
            }
            guard let radau else { return .rejected(log10Error: .nan, order: 1) }
            let order = fixed ? 2 * stages - 1 : radau.estimateOrder
            guard let jacobian = system.jacobian(at: x, y) else { return .rejected(log10Error: .nan, order: order) }
            if fixed {
                guard
                    let (state, history) = radau.collocationStep(
                        system, from: x, y, size: h, jacobian: jacobian,
                        log10Tolerance: tolerance, previous: self.history)
                else { return .rejected(log10Error: .nan, order: order) }
                self.history = history
                return .accepted(state: state, log10Error: -.infinity, order: order, dense: .collocation(radau, history))
            }
            switch radau.step(system, from: x, y, size: h, jacobian: jacobian, log10Tolerance: tolerance, previous: history) {
            case let .accepted(state, error, _, history):
                self.history = history
                return .accepted(state: state, log10Error: error, order: order, dense: .collocation(radau, history))
            case let .rejected(error): return .rejected(log10Error: error.isNaN ? .infinity : error, order: order)
            case .newtonFailed: return .rejected(log10Error: .nan, order: order)
            }
        }
    }

    /// Locates the events whose functions change sign on the accepted step from (a, ya) to
    /// (b, yb) and records them in order of time; returns the first terminal one, which ends
    /// the solve.
    mutating func locateEvents(from a: BigFloat, _ ya: BigVector, to b: BigFloat, _ yb: BigVector, _ step: DenseStep) -> ODEEventOccurrence?
    {
        guard !problem.events.isEmpty else { return nil }
        // Sample points of the step: its ends and, for a collocation step, its nodes.
        var samples: [(BigFloat, BigVector)] = [(a, ya)]
        if case let .collocation(stepper, history) = step {
            for c in stepper.high.nodes.dropLast() {
                let t = history.x + c * history.h
                if t > a && t < b { samples.append((t, stepper.denseState(history, at: t))) }
            }
        }
        samples.append((b, yb))
        var found = [ODEEventOccurrence]()
        for (index, event) in problem.events.enumerated() {
            var previous = eventValues[index]
            for k in 1..<samples.count {
                let (t, state) = samples[k]
                let value = event.function(t, state)
                if event.triggers(from: previous, to: value) {
                    let root = EventLocator(event: event, system: system, step: step, tolerance: tolerance)
                        .locate(between: samples[k - 1].0, previous, and: t, value, stateAtB: state)
                    found.append(ODEEventOccurrence(name: event.name, index: index, time: root.time, state: root.state))
                    break
                }
                previous = value
            }
            eventValues[index] = event.function(b, yb)
        }
        found.sort { $0.time < $1.time }
        var firstTerminal: ODEEventOccurrence?
        for occurrence in found {
            events.append(occurrence)
            if problem.events[occurrence.index].terminal {
                firstTerminal = occurrence
                break
            }
        }
        return firstTerminal
    }
}
