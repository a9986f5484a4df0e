import Integrators
import Multiprecision

/// Gradient flow θ′ = −∇L(θ) of a `GradientModel` (or the modified flow with step η, see
/// `GradientFlowSystem`) from θ(0) to given physical times, with verified digits.
///
/// Method: the public integrator library's `algorithm` in physical time, on `GradientFlowODE`
/// (which also supplies the Jacobian −H, for the implicit method), by default the model's
/// `flowAlgorithm`. Verification: `TwoRunVerification` (a run at precision p
/// and local tolerance tol and one at about 1.5p and a much tighter tolerance); each state
/// carries the normwise digits on which they agree, capped at the finer run's tolerance, and
/// fewer than `digits` is an error.
public struct GradientFlowSolver {
    public var model: any GradientModel
    /// Physical times, exact, non-negative and increasing.
    public var times: [Rational]
    public var digits: Int
    /// η for the modified flow L + (η/4)‖∇L‖²; nil for gradient flow.
    public var modifiedStep: Rational?
    /// Events located on the dense output of both runs (`ODEEvent`, functions of (t, θ) at the
    /// precision of θ); a terminal one ends the solve, and the times after it are not reached.
    public var events: [ODEEvent] = []
    /// The algorithm of every run; by default the model's `flowAlgorithm`.
    public var algorithm: IntegrationAlgorithm

    public init(model: any GradientModel, times: [Rational], digits: Int = 30, modifiedStep: Rational? = nil) throws(FlowError) {
        guard !times.isEmpty else { throw .invalidCheckpoint("no time was given") }
        guard times.allSatisfy({ $0.signum >= 0 }) else { throw .invalidCheckpoint("times must be ≥ 0") }
        guard zip(times, times.dropFirst()).allSatisfy({ $0.0 < $0.1 }) else { throw .invalidCheckpoint("times must increase") }
        guard digits >= 1, digits <= 2000 else { throw .invalidDigits(requested: digits, reason: "ask for 1 to 2000 digits") }
        if let modifiedStep, modifiedStep.signum <= 0 { throw .invalidCheckpoint("the step η must be positive, got \(modifiedStep)") }
        self.model = model
        algorithm = model.flowAlgorithm
        self.times = times
        self.digits = digits
        self.modifiedStep = modifiedStep
    }

    /// The verified states.
    public struct Solution: Sendable {
        /// The times reached (all of them unless a terminal event ended the solve).
        public var times: [Rational]
        /// θ at each time, from the more accurate run, and from the other run.
        public var parameters: [BigVector]
        public var coarseParameters: [BigVector]
        /// Normwise digits on which the two runs agree at each time.
        public var verifiedDigits: [Int]
        /// The events of the more accurate run and of the other (the same events in the same
        /// order), each with the digits on which the runs agree (time and state).
        public var events: [ODEEventOccurrence]
        public var coarseEvents: [ODEEventOccurrence]
        public var eventDigits: [Int]
        /// Bits of the more accurate run, and its accepted steps to the last time.
        public var precisionBits: Int
        public var steps: [Int]
    }

    /// The problem at `precision` bits and local tolerance 10^`log10Tolerance`, over the
    /// positive times (a time 0 is the initial state itself).
    func problem(precision: Int, log10Tolerance: Double) -> ODEProblem {
        let model = self.model
        return ODEProblem(
            system: GradientFlowODE(model: model, modifiedStep: modifiedStep), start: Rational(0),
            initialState: { model.initialParameters(precision: $0) }, targets: times.filter { $0.signum > 0 },
            precision: precision, log10Tolerance: log10Tolerance, events: events)
    }

    /// The states at the times one solution of `problem` reached (a time 0 is `initial`).
    func states(_ solution: ODESolution, initial: BigVector) -> [BigVector] {
        let zeros = times.prefix { $0.signum == 0 }.count
        return Array(repeating: initial, count: zeros) + solution.targetStates
    }

    static func flowError(_ error: ODESolveError) -> FlowError {
        switch error {
        case let .integration(failure): return FlowError(failure, clock: "t")
        case let .digitsNotDelivered(requested, delivered, at):
            return .digitsNotDelivered(requested: requested, delivered: delivered, at: at)
        case let .invalidProblem(reason): return .invalidCheckpoint(reason)
        case let .fixedStepFailed(at): return .stepSizeCollapsed(clock: "t", at: at)
        }
    }

    /// One unverified run at `precision` bits and local tolerance 10^`log10Tolerance`.
    public func run(precision: Int, log10Tolerance: Double) throws(FlowError) -> (states: [BigVector], steps: Int) {
        let initial = model.initialParameters(precision: precision)
        guard times.contains(where: { $0.signum > 0 }) else { return (times.map { _ in initial }, 0) }
        do throws(ODESolveError) {
            let solution = try problem(precision: precision, log10Tolerance: log10Tolerance).solve(algorithm)
            return (states(solution, initial: initial), solution.statistics.acceptedSteps)
        } catch { throw Self.flowError(error) }
    }

    /// - Throws: `FlowError.invalidDigits` when the finer run would need more bits than
    ///   `Precision.maximumDecimalDigits` digits; the failures of either run.
    public func solve() throws(FlowError) -> Solution {
        var verification = TwoRunVerification(digits: digits)
        verification.guardBits += model.integrationGuardBits
        let settings = verification.runs
        let limit = Precision.bits(forDecimalDigits: Precision.maximumDecimalDigits)
        guard settings.fine.precision <= limit else {
            throw .invalidDigits(
                requested: digits,
                reason:
                    "the finer run would need \(settings.fine.precision) bits (\(model.integrationGuardBits) of them for the model's small initialization and loss levels), above the \(limit) bits of \(Precision.maximumDecimalDigits) digits"
            )
        }
        let cap = TwoRunVerification.digitCap(log10Tolerance: settings.fine.log10Tolerance)
        guard times.contains(where: { $0.signum > 0 }) else {
            let initial = model.initialParameters(precision: settings.fine.precision)
            return Solution(
                times: times, parameters: times.map { _ in initial }, coarseParameters: times.map { _ in initial },
                verifiedDigits: times.map { _ in cap }, events: [], coarseEvents: [], eventDigits: [],
                precisionBits: settings.fine.precision, steps: [0, 0])
        }
        do throws(ODESolveError) {
            let verified = try verification.solve(
                problem(precision: settings.coarse.precision, log10Tolerance: settings.coarse.log10Tolerance), algorithm)
            let parameters = states(verified.solution, initial: model.initialParameters(precision: settings.fine.precision))
            let zeros = parameters.count - verified.targetDigits.count
            return Solution(
                times: Array(times.prefix(parameters.count)), parameters: parameters,
                coarseParameters: states(verified.coarse, initial: model.initialParameters(precision: settings.coarse.precision)),
                verifiedDigits: Array(repeating: cap, count: zeros) + verified.targetDigits,
                events: verified.solution.events, coarseEvents: verified.coarse.events, eventDigits: verified.eventDigits,
                precisionBits: settings.fine.precision,
                steps: [verified.coarse.statistics.acceptedSteps, verified.solution.statistics.acceptedSteps])
        } catch { throw Self.flowError(error) }
    }
}
