import Foundation
import LinearAlgebra
import Integrators
import Multiprecision

/// One run of the flow engine: integrates a `FlowProblem` at a given starting precision and
/// tolerance and returns the checkpoints and events, unverified. `VerifiedFlowSolver` runs it
/// twice to verify digits.
///
/// Phases (DESIGN.md §2.3, §2.7): explicit Gragg–Bulirsch–Stoer extrapolation while the problem is
/// not stiff; once the explicit step is stability-limited (h·‖J‖ above a threshold) the s-stage
/// Radau IIA method takes over. The clock of each step follows `ClockRule`: the loss clock (τ, or
/// σ = ln τ in the implicit phase once τ ≥ 1) while the loss moves, physical time (t, or ln t once
/// t ≥ 1) on plateaus, where the loss clock freezes (small initialization, saddles).
/// Checkpoints in τ (or log10 L) are landed on exactly; margin and level-crossing checkpoints are
/// located by the Illinois method on the step size, and so are the events asked for
/// (`FlowProblem.events`). Precision is raised along the way by the `PrecisionSchedule`.
public struct FlowSolver {
    public var problem: FlowProblem
    /// Starting working precision in bits.
    public var precision: Int
    /// log10 of the local error tolerance (relative, in the norm of `DualFlowSystem`).
    public var log10Tolerance: Double
    /// Radau IIA stages; nil chooses from the tolerance.
    public var radauStages: Int?
    /// Largest number of accepted steps before giving up.
    public var maximumSteps = 200_000
    /// The rule that picks the clock of each step.
    public var clockRule = ClockRule()
    /// The step-size controller of every step.
    public var controller = StepSizeController()
    /// Whether the late implicit phase (τ ≥ 1000) may use margin-gap coordinates where they apply
    /// (margin losses, Z of full row rank); false keeps ν throughout (for comparisons).
    public var allowsMarginGaps = true
    /// Optional progress callback with the current τ as a Double and the fraction done in log-τ.
    public var progress: (@Sendable (Double) -> Void)?
    /// Threads for the data-parallel work of a step (the stage evaluations and norms of the
    /// implicit phase); the results are bit-identical for every count.
    public var threads = DataParallel.defaultThreads

    public init(problem: FlowProblem, precision: Int, log10Tolerance: Double, radauStages: Int? = nil) {
        self.problem = problem
        self.precision = precision
        self.log10Tolerance = log10Tolerance
        self.radauStages = radauStages
    }

    /// The result of one run.
    public struct Run: Sendable {
        public var checkpoints: [Checkpoint]
        public var events: [FlowEvent]
        public var statistics: RunStatistics
    }

    /// The stage count used when none is given: the integrator library's order policy
    /// (`RadauIIA.stages(log10Tolerance:)`, order 2s − 1 growing with the digits asked for).
    public static func defaultStages(log10Tolerance: Double) -> Int {
        RadauIIA().stages(log10Tolerance: log10Tolerance)
    }

    public func solve() throws(FlowError) -> Run {
        var engine = try Engine(solver: self)
        return try engine.run()
    }
}

/// The mutable state of one run.
struct Engine {
    let problem: FlowProblem
    let log10Tolerance: Double
    let stages: Int
    let schedule: PrecisionSchedule
    let maximumSteps: Int
    let unitScale: Rational
    let progress: (@Sendable (Double) -> Void)?
    let startPrecision: Int
    let clockRule: ClockRule
    let controller: StepSizeController
    let threads: Int

    var precision: Int
    /// The clock family of the current step (`ClockRule`).
    var regime: ClockRule.Family = .loss
    /// Physical time t while in the time family (nil in the loss family, where t = T e^τ may
    /// overflow every exponent range far out).
    var time: BigFloat? = nil
    /// A τ to land on in the loss clock before the clock rule is asked again: set when a step in
    /// physical time would pass a τ checkpoint (a τ is only landed on in the loss clock).
    var lossLanding: BigFloat? = nil
    var timeClockSteps = 0
    var field: DualFlowField
    var state: BigVector
    var tau: BigFloat
    var phase: Phase = .explicit
    var step: BigFloat
    var radau: RadauStepper?
    /// The last accepted Radau step's polynomial and the coordinates it is in ("gaps" or "nu" and
    /// the clock), the predictor of the next step in the same coordinates (carried across
    /// precision raises).
    var radauHistory: (coordinates: String, history: RadauStepper.History)?
    var explicitSteps = 0
    var implicitSteps = 0
    var rejected = 0
    /// Accepted steps in a row that advanced the clock by less than half the working digits.
    var crawlingSteps = 0
    /// After a step that failed outright (Newton or the inner solve, not the error test): the
    /// largest step to propose, half the failed size, relaxed by 1.2 per accepted step (and at
    /// least to twice the accepted step). Without
    /// it the error test (often far below tolerance) grows the step 4× straight back into the
    /// failure, and every accepted step pays for a failed one.
    var failureCap: BigFloat?
    /// The last accepted step that was not shortened to land (its phase, clock and coordinates,
    /// log10 size and log10 error): the history of the controller's predictive factor; nil after
    /// a rejection or a change of clock.
    var lastAccepted: (key: String, log10Size: Double, log10Error: Double)?
    /// τ from which the implicit phase uses margin-gap coordinates (when available): below it the
    /// ν form is cheaper per step and its Newton iterations still converge (they need steps below
    /// about τ^{-1/2} in σ, which only binds later).
    static let marginGapThreshold = 1000

    /// Most integrator steps one location (checkpoint or event) may take.
    static let locationStepLimit = 400
    /// Set BIASFLOW_TRACE=1 (or 2, which adds Newton's iterations) to print every accepted step on stderr.
    static let tracing = ["1", "2"].contains(ProcessInfo.processInfo.environment["BIASFLOW_TRACE"] ?? "")
    /// The explicit-to-implicit switch (the integrator library's rule: h·‖J‖∞ ≥ 0.25 on three
    /// accepted explicit steps in a row).
    var stiffness = StiffnessSwitch.Monitor(rule: StiffnessSwitch())
    var events: [FlowEvent] = []
    var results: [Int: Checkpoint] = [:]
    let started = Date()
    /// Whether the implicit phase runs in margin-gap coordinates: margin losses with Z of full
    /// row rank (then the margins determine ν).
    let usesMarginGaps: Bool

    enum Phase { case explicit, implicit }

    /// Extrapolation columns of the explicit phase, matched to the Radau order of the same run.
    var explicitColumns: Int { max(4, min(16, stages / 2 + 2)) }

    init(solver: FlowSolver) throws(FlowError) {
        problem = solver.problem
        log10Tolerance = solver.log10Tolerance
        stages = solver.radauStages ?? FlowSolver.defaultStages(log10Tolerance: solver.log10Tolerance)
        schedule = PrecisionSchedule(digits: max(1, Int(-solver.log10Tolerance)))
        maximumSteps = solver.maximumSteps
        progress = solver.progress
        clockRule = solver.clockRule
        controller = solver.controller
        threads = solver.threads
        precision = solver.precision
        startPrecision = solver.precision
        // The initialization's own scale of w: min_i (a₊a₋)^{D/2}, as a rational bound.
        let network = problem.network
        var unit: Rational? = nil
        for i in 0..<network.dimension {
            let product = network.initialPlus[i] * network.initialMinus[i]
            if unit == nil || product < unit! { unit = product }
        }
        unitScale = unit ?? Rational(1)
        field = try DualFlowField(data: problem.data, network: network, loss: problem.loss, precision: precision)
        state = BigVector(count: problem.data.sampleCount + 1, precision: precision)
        guard let start = field.evaluate(state) else {
            throw .leftDomain("the flow cannot be evaluated at its initialization (is the data matrix zero?)")
        }
        tau = start.tau
        step = BigFloat(1, precision: precision) / 64
        if problem.loss == .exponential && problem.data.sampleCount <= problem.data.featureCount {
            let gram = field.kernelMatrix(metric: start.metric)
            usesMarginGaps = solver.allowsMarginGaps && LUFactorization(gram) != nil
        } else {
            usesMarginGaps = false
        }
    }

    // MARK: The run

    mutating func run() throws(FlowError) -> FlowSolver.Run {
        let targets = try resolveTargets()
        var pendingTau = targets.enumerated().compactMap { index, target -> (Int, BigFloat)? in
            if case let .tau(value) = target { return (index, value) } else { return nil }
        }.sorted { $0.1 < $1.1 }
        var pendingTimes = targets.enumerated().compactMap { index, target -> (Int, BigFloat)? in
            if case let .time(value) = target { return (index, value) } else { return nil }
        }.sorted { $0.1 < $1.1 }
        var pendingMargins = targets.enumerated().compactMap { index, target -> (Int, BigFloat)? in
            if case let .margin(value) = target { return (index, value) } else { return nil }
        }.sorted { $0.1 < $1.1 }
        if let first = pendingTau.first, first.1 <= tau {
            throw .invalidCheckpoint(
                "τ = \(first.1.formatted(significantDigits: 12)) is not after the start, τ(0) = −ln L(0) = \(tau.formatted(significantDigits: 12))"
            )
        }
        var pendingLevels = try startLevels(targets)
        var accepted = 0
        while !pendingTau.isEmpty || !pendingTimes.isEmpty || !pendingMargins.isEmpty || !pendingLevels.isEmpty {
            guard accepted < maximumSteps else {
                throw .stepSizeCollapsed(clock: "τ", at: "τ = \(tau.formatted(significantDigits: 8)) after \(accepted) steps (step limit)")
            }
            let horizon = pendingLevels.map(\.horizon).min()
            let landing = [pendingTau.first?.1, horizon].compactMap { $0 }.min()
            let outcome = try advance(landingAt: Landing(tau: landing, time: pendingTimes.first?.1))
            accepted += 1
            let evaluation = outcome.evaluation
            // Margin checkpoints crossed by this step.
            if let gamma = Self.gamma(evaluation) {
                while let next = pendingMargins.first, gamma >= next.1 {
                    let located = try locate(from: outcome.previous, target: next.1, index: next.0) { e, _, _ in Self.gamma(e) }
                    results[next.0] = located
                    pendingMargins.removeFirst()
                }
            }
            // Level crossings completed by this step.
            let now = pendingLevels.isEmpty ? nil : checkpoint(index: 0, evaluation: evaluation)
            let flow = problem
            for level in pendingLevels where level.crossing.function(now!).signum != level.startSign {
                results[level.index] = try locate(from: outcome.previous, target: BigFloat(0, precision: precision), index: level.index) {
                    e, t, x in
                    let value = level.crossing.function(Self.makeCheckpoint(flow, index: 0, tau: t, state: x, evaluation: e, steps: 0))
                    return BigFloat(value, precision: x.precision) * level.startSign
                }
                pendingLevels.removeAll { $0.index == level.index }
            }
            if let horizon, let missed = pendingLevels.first(where: { $0.horizon <= tau }), tau >= horizon {
                throw .levelNotCrossed(name: missed.crossing.name, horizon: missed.crossing.horizon)
            }
            // Times reached: landed on in the time clocks, located by log t = τ + ln T in the loss clock.
            while let next = pendingTimes.first {
                if let now = time, outcome.landed, now == next.1 {
                    results[next.0] = checkpoint(index: next.0, evaluation: evaluation)
                } else if let logNow = Self.logTime(tau: tau, state: state), logNow >= BigFloat.log(next.1) {
                    let logTarget = BigFloat.log(next.1)
                    results[next.0] = try locate(from: outcome.previous, target: BigFloat(0, precision: precision), index: next.0) {
                        _, t, x in
                        Self.logTime(tau: t, state: x).map { $0 - BigFloat(logTarget, precision: x.precision) }
                    }
                } else {
                    break
                }
                pendingTimes.removeFirst()
            }
            try recordEvents(from: outcome.previous, to: evaluation)
            if outcome.landed, let next = pendingTau.first, next.1 == tau {
                results[next.0] = checkpoint(index: next.0, evaluation: evaluation)
                pendingTau.removeFirst()
            }
            try raisePrecisionIfNeeded(evaluation)
            progress?(tau.doubleValue)
        }
        let checkpoints = problem.checkpoints.indices.map { results[$0]! }
        let statistics = RunStatistics(
            precisionBits: startPrecision, finalPrecisionBits: precision, log10Tolerance: log10Tolerance,
            explicitSteps: explicitSteps, implicitSteps: implicitSteps, rejectedSteps: rejected,
            radauStages: stages, seconds: Date().timeIntervalSince(started), timeClockSteps: timeClockSteps)
        return FlowSolver.Run(checkpoints: checkpoints, events: events, statistics: statistics)
    }

    /// A level crossing still to be found: its checkpoint index, the sign of its function at the
    /// start and its horizon in τ.
    struct PendingLevel {
        var index: Int
        var crossing: LevelCrossing
        var startSign: Int
        var horizon: BigFloat
    }

    func startLevels(_ targets: [ResolvedTarget]) throws(FlowError) -> [PendingLevel] {
        guard let start = field.evaluate(state) else { return [] }
        let now = checkpoint(index: 0, evaluation: start)
        var levels = [PendingLevel]()
        for (index, target) in targets.enumerated() {
            guard case let .level(crossing, horizon) = target else { continue }
            let sign = crossing.function(now).signum
            guard sign != 0 else { throw .invalidCheckpoint("\(crossing.name) is already zero at the start") }
            guard horizon > tau else {
                throw .invalidCheckpoint(
                    "the horizon τ = \(crossing.horizon) of \(crossing.name) is not after the start, τ(0) = \(tau.formatted(significantDigits: 12))"
                )
            }
            levels.append(PendingLevel(index: index, crossing: crossing, startSign: sign, horizon: horizon))
        }
        return levels
    }

    enum ResolvedTarget {
        case tau(BigFloat)
        case margin(BigFloat)
        case time(BigFloat)
        case level(LevelCrossing, horizon: BigFloat)
    }

    func resolveTargets() throws(FlowError) -> [ResolvedTarget] {
        let p = precision
        return try problem.checkpoints.map { target throws(FlowError) -> ResolvedTarget in
            do {
                switch target {
                case let .tau(text):
                    return .tau(try BigFloat(text, precision: p))
                case let .log10Loss(text):
                    let value = try BigFloat(text, precision: p)
                    return .tau(-value * BigFloat.log(BigFloat(10, precision: p)))
                case let .margin(text):
                    return .margin(try BigFloat(text, precision: p))
                case let .time(text):
                    return .time(try BigFloat(text, precision: p))
                case let .level(crossing):
                    return .level(crossing, horizon: try BigFloat(crossing.horizon, precision: p))
                }
            } catch {
                throw .invalidCheckpoint("\(target): \(error)")
            }
        }.map { target throws(FlowError) -> ResolvedTarget in
            switch target {
            case let .tau(value), let .margin(value), let .level(_, value):
                guard value.isFinite else { throw .invalidCheckpoint("\(value) is not a finite checkpoint") }
            case let .time(value):
                guard value.isFinite, value.signum > 0 else {
                    throw .invalidCheckpoint("the time t = \(value) is not a finite time after the start, t = 0")
                }
            }
            return target
        }
    }

    /// Where a step must end: a τ, landed on in the loss clock (a step in physical time that would
    /// pass it is retaken in the loss clock), and a physical time t, landed on in the time clocks
    /// (the loss clock finds a time it passed by its log t, after the step).
    struct Landing {
        var tau: BigFloat? = nil
        var time: BigFloat? = nil
    }

    /// The engine's position before a step.
    struct StepStart {
        var tau: BigFloat
        var time: BigFloat?
        var state: BigVector
        var evaluation: DualFlowField.Evaluation
        /// The clock family the step was taken in.
        var regime: ClockRule.Family
    }

    /// The state before a step and what the step produced.
    struct StepOutcome {
        var previous: StepStart
        var evaluation: DualFlowField.Evaluation
        var landed: Bool
    }

    /// The loss-family clock of a step: σ = ln τ in the implicit phase once τ ≥ 1, τ otherwise.
    var lossClock: FlowClock { (phase == .implicit && tau >= BigFloat(1, precision: precision)) ? .logLoss : .loss }

    /// The time-family clock of a step: ln t once t ≥ 1, t otherwise.
    var timeClock: DualTimeSystem.Clock { (time ?? BigFloat(precision: precision)) >= BigFloat(1, precision: precision) ? .logTime : .time }

    /// dτ/dx of the current clock x at an evaluated state: 1 (τ), τ (σ), ρ = S e^{−τ}/c² (t; from
    /// dT/dτ = c²/S − T with T = t e^{−τ}) or t·ρ (ln t).
    func clockRate(_ e: DualFlowField.Evaluation) -> BigFloat {
        switch regime {
        case .loss:
            return lossClock == .logLoss ? tau : BigFloat(1, precision: precision)
        case .time:
            let rho = e.curvature * BigFloat.exp(-e.tau) / (e.lossScale * e.lossScale)
            return timeClock == .logTime ? rho * (time ?? BigFloat(1, precision: precision)) : rho
        }
    }

    /// Moves to the clock family `family` at the current state (evaluated as `e`): the proposed
    /// step is carried over at the same length in τ, and t is set from the state's T = t e^{−τ}.
    mutating func switchRegime(to family: ClockRule.Family, evaluation e: DualFlowField.Evaluation) {
        let oldRate = clockRate(e)
        let n = problem.data.sampleCount
        if family == .time {
            tau = e.tau
            time = state[n].isZero ? BigFloat(precision: precision) : state[n] * BigFloat.exp(tau)
        }
        regime = family
        let newRate = clockRate(e)
        if family == .loss { time = nil }
        if !newRate.isZero && newRate.isFinite && oldRate.isFinite { step = step * oldRate / newRate }
        // Entering the time family, the first step is at most 1/64 in its clock (t or ln t): the
        // length carried over in τ can be ~α^{-2} in t.
        let cap = BigFloat(1, precision: precision) / 64
        if family == .time && (step > cap || step.isNaN) { step = cap }
        failureCap = nil
        lastAccepted = nil
        if Engine.tracing {
            FileHandle.standardError.write(
                "clock \(family == .time ? "time (t, ln t)" : "loss (τ, σ)") at τ=\(tau.formatted(significantDigits: 8)) by the rule: \(clockRule.statement)\n"
                    .data(using: .utf8)!)
        }
    }

    /// Takes one accepted step, shortened to land on `landingAt` when it would pass it.
    mutating func advance(landingAt target: Landing?) throws(FlowError) -> StepOutcome {
        guard let before = field.evaluate(state) else { throw .leftDomain("at τ = \(tau.formatted(significantDigits: 10))") }
        let n = problem.data.sampleCount
        if let held = lossLanding, tau >= held { lossLanding = nil }
        if lossLanding == nil {
            let speed = ClockRule.speed(field.transposedProduct(before.derivative.leading(n)))
            let family = clockRule.family(current: regime, speed: speed)
            if family != regime { switchRegime(to: family, evaluation: before) }
        }
        if regime == .time {
            let previous = StepStart(tau: tau, time: time, state: state, evaluation: before, regime: .time)
            if let outcome = try advanceInTime(from: previous, landingAt: target) { return outcome }
            // The step would pass the τ to land on: land on it in the loss clock.
            if let value = target?.tau { lossLanding = value }
            switchRegime(to: .loss, evaluation: before)
        }
        let previous = StepStart(tau: tau, time: nil, state: state, evaluation: before, regime: .loss)
        let tauTarget = target?.tau
        while true {
            let clock = lossClock
            let system = DualFlowSystem(field: field, clock: clock, unit: BigFloat(unitScale, precision: precision), threads: threads)
            let x = clock == .logLoss ? BigFloat.log(tau) : tau
            var h = step
            var landed = false
            if let tauTarget {
                let xTarget = clock == .logLoss ? BigFloat.log(tauTarget) : tauTarget
                if x + h >= xTarget {
                    h = xTarget - x
                    landed = true
                }
            }
            let result: (state: BigVector, error: Double)?
            var failedError = Double.nan
            var acceptedHistory: (coordinates: String, history: RadauStepper.History)? = nil
            switch phase {
            case .explicit:
                let stepper = ExtrapolationStepper(columns: explicitColumns)
                switch stepper.step(system, from: x, state, size: h, initialDerivative: before.derivative, log10Tolerance: log10Tolerance) {
                case let .accepted(newState, error): result = (newState, error)
                case let .rejected(error):
                    result = nil
                    failedError = error
                case .leftDomain: result = nil
                }
            case .implicit:
                if radau == nil || radau!.high.precision != precision { radau = RadauStepper(stages: stages, precision: precision) }
                if usesMarginGaps && tau >= BigFloat(Self.marginGapThreshold, precision: precision) {
                    // Late phase in margin-gap coordinates (see MarginGapSystem).
                    guard let gaps = MarginGapSystem(field: field, clock: clock, state: state, at: x, threads: threads),
                        let jacobian = gaps.jacobian(at: x, gaps.start)
                    else { throw .leftDomain("at τ = \(tau.formatted(significantDigits: 10))") }
                    let start = gaps.start
                    let coordinates = "gaps \(clock) \(gaps.coordinates)"
                    switch radau!.step(
                        gaps, from: x, start, size: h, jacobian: jacobian, log10Tolerance: log10Tolerance,
                        previous: radauHistory.flatMap { $0.coordinates == coordinates ? $0.history : nil })
                    {
                    case let .accepted(newGaps, error, _, history):
                        if let newState = gaps.nuState(fromGapState: newGaps, at: x + h) {
                            result = (newState, error)
                            acceptedHistory = (coordinates, history)
                        } else {
                            result = nil
                        }
                    case let .rejected(error):
                        result = nil
                        failedError = error
                    case .newtonFailed: result = nil
                    }
                } else {
                    guard let jacobian = system.jacobian(at: x, state) else {
                        throw .leftDomain("at τ = \(tau.formatted(significantDigits: 10))")
                    }
                    let coordinates = "nu \(clock)"
                    switch radau!.step(
                        system, from: x, state, size: h, jacobian: jacobian, log10Tolerance: log10Tolerance,
                        previous: radauHistory.flatMap { $0.coordinates == coordinates ? $0.history : nil })
                    {
                    case let .accepted(newState, error, _, history):
                        result = (newState, error)
                        acceptedHistory = (coordinates, history)
                    case let .rejected(error):
                        result = nil
                        failedError = error
                    case .newtonFailed: result = nil
                    }
                }
            }
            let clockName = clock == .logLoss ? "σ = ln τ" : "τ"
            guard let result, let evaluation = field.evaluate(result.state) else {
                try reject(size: h, at: x, log10Error: failedError, clockName: clockName)
                continue
            }
            try noteAccepted(size: h, at: x, landed: landed, clockName: clockName)
            let newX = x + h
            tau = clock == .logLoss ? BigFloat.exp(newX) : newX
            if landed, let tauTarget { tau = tauTarget }
            state = result.state
            radauHistory = acceptedHistory
            var next = grownStep(
                size: h, landed: landed, log10Error: result.error, key: "\(phase) \(acceptedHistory?.coordinates ?? "nu \(clock)")")
            // Stiffness detection in the explicit phase: hand over once the step is stability-bound.
            if phase == .explicit,
                let jacobian = DualFlowSystem(field: field, clock: .loss, unit: BigFloat(unitScale, precision: precision)).jacobian(
                    at: tau, state)
            {
                // Stiff when the step is stability-bound (h·‖J‖ large) or stuck far below the scale
                // τ on which the late-phase solution varies.
                let stuck = tau.doubleValue >= 4 && h.doubleValue < tau.doubleValue / 20
                if stiffness.observe(stepSize: h.doubleValue, jacobianNorm: jacobian.binary64InfinityNorm, bound: stuck) {
                    phase = .implicit
                }
            }
            // Convert the proposed step to the clock of the next step.
            if lossClock == .logLoss && clock == .loss {
                next = next / tau
                failureCap = nil
            }
            step = next
            if Engine.tracing {
                FileHandle.standardError.write(
                    "step \(phase) \(clock) τ=\(tau.formatted(significantDigits: 8)) h=\(h.formatted(significantDigits: 4)) err=\(result.error) T=\(state[state.count - 1].formatted(significantDigits: 6)) bits=\(precision) rejected=\(rejected)\n"
                        .data(using: .utf8)!)
            }
            return StepOutcome(previous: previous, evaluation: evaluation, landed: landed)
        }
    }

    /// One accepted step in physical time (t, or s = ln t) from `previous`, shortened to land on a
    /// time `target`; nil, with nothing changed, when the step would pass a τ `target` (which is
    /// landed on in the loss clock).
    mutating func advanceInTime(from previous: StepStart, landingAt target: Landing?) throws(FlowError) -> StepOutcome? {
        let n = problem.data.sampleCount
        guard let t = time else { return nil }
        let clock = timeClock
        let system = DualTimeSystem(field: field, clock: clock, unit: BigFloat(unitScale, precision: precision))
        let x = clock == .logTime ? BigFloat.log(t) : t
        let nu = state.leading(n)
        let coordinates = "nu \(clock.rawValue)"
        while true {
            var h = step
            var landed = false
            if let timeTarget = target?.time {
                let xTarget = clock == .logTime ? BigFloat.log(timeTarget) : timeTarget
                if x + h >= xTarget {
                    h = xTarget - x
                    landed = true
                }
            }
            var newNu: BigVector? = nil
            var error = Double.nan
            var acceptedHistory: (coordinates: String, history: RadauStepper.History)? = nil
            switch phase {
            case .explicit:
                guard let slope = system.derivative(at: x, nu) else { throw .leftDomain("at t = \(t.formatted(significantDigits: 10))") }
                switch ExtrapolationStepper(columns: explicitColumns).step(
                    system, from: x, nu, size: h, initialDerivative: slope, log10Tolerance: log10Tolerance)
                {
                case let .accepted(value, estimate):
                    newNu = value
                    error = estimate
                case let .rejected(estimate): error = estimate
                case .leftDomain: break
                }
            case .implicit:
                if radau == nil || radau!.high.precision != precision { radau = RadauStepper(stages: stages, precision: precision) }
                guard let jacobian = system.jacobian(at: x, nu) else { throw .leftDomain("at t = \(t.formatted(significantDigits: 10))") }
                switch radau!.step(
                    system, from: x, nu, size: h, jacobian: jacobian, log10Tolerance: log10Tolerance,
                    previous: radauHistory.flatMap { $0.coordinates == coordinates ? $0.history : nil })
                {
                case let .accepted(value, estimate, _, history):
                    newNu = value
                    error = estimate
                    acceptedHistory = (coordinates, history)
                case let .rejected(estimate): error = estimate
                case .newtonFailed: break
                }
            }
            let newX = x + h
            let newTime = landed ? target?.time ?? newX : (clock == .logTime ? BigFloat.exp(newX) : newX)
            guard let newNu, let (newState, evaluation) = timeState(nu: newNu, time: newTime) else {
                try reject(size: h, at: x, log10Error: error, clockName: clock.rawValue)
                continue
            }
            if let value = target?.tau, evaluation.tau >= value { return nil }
            try noteAccepted(size: h, at: x, landed: landed, clockName: clock.rawValue)
            time = newTime
            tau = evaluation.tau
            state = newState
            radauHistory = acceptedHistory
            timeClockSteps += 1
            var next = grownStep(size: h, landed: landed, log10Error: error, key: "\(phase) \(coordinates)")
            if phase == .explicit, let jacobian = system.jacobian(at: newX, newNu) {
                if stiffness.observe(stepSize: h.doubleValue, jacobianNorm: jacobian.binary64InfinityNorm) { phase = .implicit }
            }
            if clock == .time && newTime >= BigFloat(1, precision: precision) {
                next = next / newTime
                failureCap = nil
            }
            step = next
            if Engine.tracing {
                FileHandle.standardError.write(
                    "step \(phase) \(clock.rawValue) t=\(newTime.formatted(significantDigits: 8)) τ=\(tau.formatted(significantDigits: 8)) h=\(h.formatted(significantDigits: 4)) err=\(error) bits=\(precision) rejected=\(rejected)\n"
                        .data(using: .utf8)!)
            }
            return StepOutcome(previous: previous, evaluation: evaluation, landed: landed)
        }
    }

    /// The engine state (ν, T = t e^{−τ}) at dual point `nu` and physical time `time`, with its
    /// evaluation; nil outside the domain.
    func timeState(nu: BigVector, time: BigFloat) -> (BigVector, DualFlowField.Evaluation)? {
        let n = problem.data.sampleCount
        var state = BigVector(count: n + 1, precision: precision)
        for k in 0..<n { state[k] = nu[k] }
        guard var evaluation = field.evaluate(state) else { return nil }
        let scaled = time * BigFloat.exp(-evaluation.tau)
        state[n] = scaled
        // The evaluation's dT/dτ = c²/S − T was formed with T = 0.
        evaluation.derivative[n] = evaluation.derivative[n] - scaled
        return (state, evaluation)
    }

    /// After a rejected step of size `h` at clock value `x`: counts it, shrinks the step by the
    /// controller, and throws when the step has collapsed below what the clock can resolve.
    mutating func reject(size h: BigFloat, at x: BigFloat, log10Error: Double, clockName: String) throws(FlowError) {
        rejected += 1
        lastAccepted = nil
        if Engine.tracing {
            FileHandle.standardError.write(
                "reject \(phase) \(clockName) τ=\(tau.formatted(significantDigits: 8)) h=\(h.formatted(significantDigits: 4)) err=\(log10Error.isNaN ? "Newton failed" : "\(log10Error)")\n"
                    .data(using: .utf8)!)
        }
        if log10Error.isNaN || log10Error.isInfinite { failureCap = h / 2 }
        let order = phase == .explicit ? ExtrapolationStepper(columns: explicitColumns).estimateOrder : radau!.estimateOrder
        let factor = controller.shrink(log10Error: log10Error, log10Tolerance: log10Tolerance, order: order)
        step = BigFloat.product(h, BigFloat(exactly: factor, precision: 53), precision: precision)
        if let magnitude = step.log10Magnitude, let xm = x.log10Magnitude,
            magnitude < xm - Double(precision) * 0.3 + 3 || magnitude < -Double(precision) * 0.3
        {
            throw .stepSizeCollapsed(clock: clockName, at: position)
        }
    }

    /// Checks an accepted step of size `h` at `x`: a run of steps too small to move the clock at
    /// half the working digits (a failure every larger step meets) is a collapse, not progress.
    mutating func noteAccepted(size h: BigFloat, at x: BigFloat, landed: Bool, clockName: String) throws(FlowError) {
        if !landed, let hm = h.log10Magnitude, hm < max(x.log10Magnitude ?? 0, 0) - Double(precision) * 0.15 {
            crawlingSteps += 1
            if crawlingSteps >= 20 {
                throw .stepSizeCollapsed(clock: clockName, at: "\(position) (20 steps in a row below half the working digits)")
            }
        } else {
            crawlingSteps = 0
        }
        if phase == .explicit { explicitSteps += 1 } else { implicitSteps += 1 }
    }

    /// The next step after an accepted one of size `h` with error 10^log10Error, taken with
    /// phase, clock and coordinates `key`: grown by the controller (its predictive factor when
    /// the step before was accepted with the same key and neither landed; a landing step shorter
    /// than the proposal does not shrink it), and held below the cap a failed step left.
    mutating func grownStep(size h: BigFloat, landed: Bool, log10Error: Double, key: String) -> BigFloat {
        let order = phase == .explicit ? ExtrapolationStepper(columns: explicitColumns).estimateOrder : radau!.estimateOrder
        let size = h.log10Magnitude ?? -Double.infinity
        var previous: (log10SizeRatio: Double, log10Error: Double)? = nil
        if !landed, let last = lastAccepted, last.key == key { previous = (size - last.log10Size, last.log10Error) }
        lastAccepted = landed ? nil : (key, size, log10Error)
        let growth = controller.growth(log10Error: log10Error, log10Tolerance: log10Tolerance, order: order, previous: previous)
        var next = landed ? BigFloat.maximum(step, h) : h
        next = BigFloat.product(next, BigFloat(exactly: growth, precision: 53), precision: precision)
        if let cap = failureCap {
            next = BigFloat.minimum(next, cap)
            // Relaxed 1.2× per accepted step, and never below twice the step just accepted: a
            // failure far above the current scale (a sample joining the support makes the steps
            // approach its entry geometrically) must not hold the steps after it to 1.2×.
            failureCap = BigFloat.maximum(BigFloat.product(cap, BigFloat(exactly: 1.2, precision: 53), precision: precision), 2 * h)
        }
        return next
    }

    /// Where the run is, for messages: τ, and t in the time clocks.
    var position: String {
        if let time { return "t = \(time.formatted(significantDigits: 10)) (τ = \(tau.formatted(significantDigits: 10)))" }
        return "τ = \(tau.formatted(significantDigits: 10))"
    }

    // MARK: Checkpoints and events

    /// ln t = τ + ln T of an engine state (ν, T = t e^{−τ}); nil at t = 0.
    static func logTime(tau: BigFloat, state: BigVector) -> BigFloat? {
        let scaled = state[state.count - 1]
        return scaled.signum > 0 ? tau + BigFloat.log(scaled) : nil
    }

    static func gamma(_ evaluation: DualFlowField.Evaluation) -> BigFloat? {
        guard evaluation.residualNorm == nil else { return nil }
        var smallest = evaluation.margins[0]
        for k in 1..<evaluation.margins.count { smallest = BigFloat.minimum(smallest, evaluation.margins[k]) }
        return smallest
    }

    func checkpoint(index: Int, evaluation e: DualFlowField.Evaluation) -> Checkpoint {
        Self.makeCheckpoint(problem, index: index, tau: tau, state: state, evaluation: e, steps: explicitSteps + implicitSteps)
    }

    /// The checkpoint of `problem`'s target `index` at clock value `tau`, state `state` and its
    /// evaluation `e`, at the state's precision.
    static func makeCheckpoint(
        _ problem: FlowProblem, index: Int, tau: BigFloat, state: BigVector,
        evaluation e: DualFlowField.Evaluation, steps: Int
    ) -> Checkpoint {
        let p = state.precision
        let ln10 = BigFloat.log(BigFloat(10, precision: p))
        let n = problem.data.sampleCount
        let time = state[n]
        let log10Time = time.signum > 0 ? (tau + BigFloat.log(time)) / ln10 : BigFloat.infinity(precision: p, negative: true)
        let gamma = Self.gamma(e)
        let w = e.w.elements
        return Checkpoint(
            target: problem.checkpoints[index], tau: tau, tauFromState: e.tau, log10Loss: -tau / ln10,
            log10Time: log10Time, gamma: gamma, w: w, wNormalized: gamma.map { g in w.map { $0 / g } } ?? w,
            nu: (0..<n).map { state[$0] }, margins: e.margins.elements, precisionBits: p,
            steps: steps)
    }

    /// Locates where `value(evaluation)` reaches `target` inside the last step by the Illinois
    /// method on the step's clock position from its start (τ, or t for a step taken in physical
    /// time), and returns the checkpoint there. Each candidate is reached from the step's start by
    /// as many error-controlled steps as needed (one when the tolerance allows), so the candidate's
    /// value is that of the integrated flow at the candidate itself and both verification runs
    /// close on the same root. Leaves the run's own state untouched.
    mutating func locate(
        from previous: StepStart, target: BigFloat, index: Int,
        value: (DualFlowField.Evaluation, BigFloat, BigVector) -> BigFloat?
    ) throws(FlowError) -> Checkpoint {
        let savedTau = tau, savedState = state, savedStep = step, savedCounts = (explicitSteps, implicitSteps, timeClockSteps)
        let savedPhase = (phase, stiffness, radauHistory, crawlingSteps, failureCap)
        let savedClock = (regime, time, lossLanding)
        defer {
            tau = savedTau
            state = savedState
            step = savedStep
            (explicitSteps, implicitSteps, timeClockSteps) = savedCounts
            (phase, stiffness, radauHistory, crawlingSteps, failureCap) = savedPhase
            (regime, time, lossLanding) = savedClock
        }
        // The bracket is in the clock the step was taken in: τ, or t in the time family.
        let inTime = previous.regime == .time
        guard let startPosition = inTime ? previous.time : previous.tau,
            let endPosition = inTime ? savedClock.1 : savedTau,
            let endEvaluation = field.evaluate(savedState)
        else {
            return checkpoint(index: index, evaluation: previous.evaluation)
        }
        var low = startPosition, high = endPosition
        var fLow = (value(previous.evaluation, previous.tau, previous.state) ?? target) - target
        var fHigh = (value(endEvaluation, savedTau, savedState) ?? target) - target
        var side = 0
        var best: (position: BigFloat, tau: BigFloat, evaluation: DualFlowField.Evaluation, state: BigVector)? = nil
        // Work bound: the re-integrations of one location stop at `Self.locationStepLimit` steps
        // (Illinois converges superlinearly: about a dozen candidates, each one step unless the
        // error control shortens it); they do not count towards `maximumSteps`.
        var locationSteps = 0
        for _ in 0..<200 {
            let candidate = (low * fHigh - high * fLow) / (fHigh - fLow)
            tau = previous.tau
            time = previous.time
            state = previous.state
            regime = previous.regime
            lossLanding = nil
            step = candidate - startPosition
            guard step.signum > 0 else { break }
            // One step from the last accepted state to the candidate; when the error control shortens
            // it, keep stepping until the candidate is reached (else every retry would stop at the
            // same shortened position and the bracket would never close).
            let landing = inTime ? Landing(time: candidate) : Landing(tau: candidate)
            var outcome = try advance(landingAt: landing)
            locationSteps += 1
            while !outcome.landed && (inTime ? (time ?? candidate) : tau) < candidate {
                guard locationSteps < Self.locationStepLimit else {
                    throw .stepSizeCollapsed(
                        clock: inTime ? "t" : "τ",
                        at:
                            "\(inTime ? "t" : "τ") = \(candidate.formatted(significantDigits: 10)) (locating a checkpoint or event took \(locationSteps) steps)"
                    )
                }
                outcome = try advance(landingAt: landing)
                locationSteps += 1
            }
            let reached = inTime ? (time ?? candidate) : tau
            let f = (value(outcome.evaluation, tau, state) ?? target) - target
            if let previousBest = best, previousBest.position == reached { break }  // no progress: the bracket is at rounding level
            best = (reached, tau, outcome.evaluation, state)
            if f.isZero || locationSteps >= Self.locationStepLimit { break }
            if (f.signum > 0) == (fHigh.signum > 0) {
                high = reached
                fHigh = f
                if side == 1 { fLow = fLow / 2 }
                side = 1
            } else {
                low = reached
                fLow = f
                if side == -1 { fHigh = fHigh / 2 }
                side = -1
            }
            let width = high - low
            let size = BigFloat.maximum(high.magnitude, BigFloat(1, precision: precision))
            if width.isZero || (width.magnitude / size).log10Magnitude ?? 0 < -Double(precision) * 0.30103 + 4 { break }
        }
        guard let located = best else {
            return checkpoint(index: index, evaluation: previous.evaluation)
        }
        tau = located.tau
        state = located.state
        return checkpoint(index: index, evaluation: located.evaluation)
    }

    mutating func raisePrecisionIfNeeded(_ e: DualFlowField.Evaluation) throws(FlowError) {
        var largest = -Double.infinity
        for k in 0..<e.margins.count { largest = max(largest, (e.margins[k].log10Magnitude ?? -Double.infinity)) }
        largest = max(largest, tau.log10Magnitude ?? 0)
        var cancellation = (1 / e.domainMargin).log10Magnitude ?? 0
        // In the time clocks the approach to the D > 2 blow-up boundary (the escape from a plateau
        // at tiny α) takes steps of the size of the margin to the boundary itself, in a clock of
        // size ln t: the clock must resolve them to the tolerance, which cancels as many bits again.
        if regime == .time, cancellation > 0 {
            let clockSize = max(1, time.flatMap { BigFloat.log($0).magnitude.log10Magnitude } ?? 0)
            cancellation = 2 * cancellation + clockSize
        }
        var residual = 0.0
        if let norm = e.residualNorm, case let .regression(_, y) = problem.data {
            let largestTarget = y.map { BigFloat($0.magnitude, precision: 64).doubleValue }.max() ?? 1
            residual = log10(max(largestTarget, 1)) - (norm.log10Magnitude ?? 0)
        }
        let required = schedule.requiredBits(
            log2LargestMagnitude: largest * 3.3219280949, log2DomainCancellation: cancellation * 3.3219280949,
            log2ResidualCancellation: residual * 3.3219280949)
        guard let raised = schedule.raised(current: precision, required: required) else { return }
        precision = raised
        field = try DualFlowField(
            data: problem.data, network: problem.network, loss: problem.loss, precision: raised, dataMatrix: field.dataMatrix)
        state = BigVector(state.elements, precision: raised)
        tau = BigFloat(tau, precision: raised)
        time = time.map { BigFloat($0, precision: raised) }
        lossLanding = lossLanding.map { BigFloat($0, precision: raised) }
        step = BigFloat(step, precision: raised)
        failureCap = failureCap.map { BigFloat($0, precision: raised) }
        // The last step's collocation polynomial stays the next step's predictor: without it Newton
        // starts from the bare start value, whose off-support gaps lag by τ·h, and diverges along
        // the shift direction (seen at τ ≈ 7e28 and 2e67 on F1).
        radauHistory = radauHistory.map { entry in
            (entry.coordinates, entry.history.converted(to: raised))
        }
    }
}
