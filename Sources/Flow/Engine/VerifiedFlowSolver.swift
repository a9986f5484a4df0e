import Foundation
import Integrators
import Multiprecision

/// Solves a `FlowProblem` to the requested digits and verifies them (DESIGN.md §2.5): two
/// independent runs, one at precision p and tolerance tol, one at about 1.5 p and a much
/// tighter tolerance (and so a higher Radau order), and every reported number carries the
/// digits on which they agree.
///
/// Contract: `verifiedDigits` of each checkpoint is the smallest normwise agreement over τ from
/// the state, log10 t, γ, w, w/γ and ν, and no digit count (checkpoint, entry or event) exceeds
/// `deliverableDigits` of the fine run's tolerance; if it is below the requested digits the solve throws
/// `FlowError.digitsNotDelivered` unless `allowShortfall` is set (then the caller reports it).
public struct VerifiedFlowSolver {
    public var problem: FlowProblem
    /// The largest working precision the caller allows; nil for no limit.
    public var precisionLimit: Int?
    public var allowShortfall = false
    public var progress: (@Sendable (Double) -> Void)?
    /// Threads of the solve: with more than one, the two runs go side by side (progress is then
    /// reported by the finer, longer one) and each uses them for its data-parallel work. The
    /// results are bit-identical for every count.
    public var threads = DataParallel.defaultThreads

    public init(problem: FlowProblem, precisionLimit: Int? = nil) {
        self.problem = problem
        self.precisionLimit = precisionLimit
    }

    /// The precision-limit rule of every verified run (this solver's and the gradient-flow
    /// solvers' of the other models): the first run's starting precision for `digits` must not
    /// exceed `limit` bits (nil: no limit).
    /// - Throws: `FlowError.invalidDigits` naming the bits needed and the limit.
    public static func requirePrecision(digits: Int, limit: Int?) throws(FlowError) {
        let needed = runSettings(digits: digits)[0].precision
        if let limit, needed > limit {
            throw .invalidDigits(requested: digits, reason: "\(digits) digits need at least \(needed) bits, above the allowed \(limit)")
        }
    }

    /// Settings of the two runs for `digits` requested digits.
    /// The integrator library's two-run rule (`TwoRunVerification.runs`), whose guard bits are the
    /// precision schedule's.
    public static func runSettings(digits: Int) -> [(precision: Int, log10Tolerance: Double)] {
        var rule = TwoRunVerification(digits: digits)
        rule.guardBits = PrecisionSchedule(digits: digits).guardBits
        let runs = rule.runs
        return [(runs.coarse.precision, runs.coarse.log10Tolerance), (runs.fine.precision, runs.fine.log10Tolerance)]
    }

    public func solve() throws(FlowError) -> Trajectory {
        let settings = Self.runSettings(digits: problem.digits)
        try Self.requirePrecision(digits: problem.digits, limit: precisionLimit)
        let problem = self.problem, progress = self.progress, threads = self.threads
        let outcomes = DataParallel.map(count: settings.count, threads: threads) { index -> Result<FlowSolver.Run, FlowError> in
            var solver = FlowSolver(problem: problem, precision: settings[index].precision, log10Tolerance: settings[index].log10Tolerance)
            solver.threads = threads
            if threads == 1 || index == settings.count - 1 { solver.progress = progress }
            return Result { () throws(FlowError) in try solver.solve() }
        }
        var runs = [FlowSolver.Run]()
        for outcome in outcomes { runs.append(try outcome.get()) }
        let coarse = runs[0], fine = runs[1]
        let ceiling = Self.deliverableDigits(log10Tolerance: settings[1].log10Tolerance)
        var verified = [VerifiedCheckpoint]()
        for (a, b) in zip(coarse.checkpoints, fine.checkpoints) {
            var digits = [String: [Int]]()
            // Clock values are compared relative to max(1, |value|): τ = 0 is a legitimate checkpoint.
            digits["tau"] = [Self.agreement(a.tau, b.tau, floor: 1)]
            digits["tau_from_state"] = [Self.agreement(a.tauFromState, b.tauFromState, floor: 1)]
            digits["log10_time"] = [Self.agreement(a.log10Time, b.log10Time, floor: 1)]
            if let ga = a.gamma, let gb = b.gamma { digits["gamma"] = [Self.agreement(ga, gb)] }
            digits["w"] = Self.agreement(a.w, b.w)
            digits["w_normalized"] = Self.agreement(a.wNormalized, b.wNormalized)
            digits["nu"] = Self.agreement(a.nu, b.nu)
            let normwise = [
                digits["tau"]![0], digits["tau_from_state"]![0], digits["log10_time"]![0], digits["gamma"]?[0] ?? Int.max,
                Self.normwiseAgreement(a.w, b.w), Self.normwiseAgreement(a.wNormalized, b.wNormalized),
                Self.normwiseAgreement(a.nu, b.nu)
            ]
            // No digit beyond what the fine run's own tolerance delivers, however well the runs agree.
            digits = digits.mapValues { entries in entries.map { min($0, ceiling) } }
            let worst = min(normwise.min()!, ceiling)
            if worst < problem.digits && !allowShortfall {
                throw .digitsNotDelivered(requested: problem.digits, delivered: worst, at: "\(b.target)")
            }
            verified.append(VerifiedCheckpoint(checkpoint: b, verifiedDigits: worst, digitsByQuantity: digits))
        }
        return Trajectory(
            problem: problem, checkpoints: verified,
            events: Self.verifiedEvents(coarse.events, fine.events, ceiling: ceiling),
            statistics: [coarse.statistics, fine.statistics])
    }

    /// The fine run's events, each with the digits of τ on which it agrees with the coarse run's
    /// event of the same kind and the same rank among events of that kind (0 when the coarse run
    /// has no such event: the two runs disagree on whether it happened).
    static func verifiedEvents(_ coarse: [FlowEvent], _ fine: [FlowEvent], ceiling: Int = Int.max) -> [FlowEvent] {
        var seen = [FlowEvent.Kind: Int]()
        return fine.map { event in
            let rank = seen[event.kind, default: 0]
            seen[event.kind] = rank + 1
            let twin = coarse.filter { $0.kind == event.kind }.dropFirst(rank).first
            var verified = event
            verified.verifiedDigits = twin.map { min(agreement($0.tau, event.tau, floor: 1), ceiling) } ?? 0
            return verified
        }
    }

    /// The most digits a run at local tolerance 10^`log10Tolerance` can vouch for: ⌊−log10 tol⌋.
    /// Two runs may agree on more (a quantity the flow fixes exactly, such as w/γ along the
    /// coordinate that sets γ), but no reported digit exceeds what the finer run's own error
    /// control delivers.
    public static func deliverableDigits(log10Tolerance: Double) -> Int {
        max(0, TwoRunVerification.digitCap(log10Tolerance: log10Tolerance))
    }

    /// `AgreedDigits.scalar`: the digits of the two runs' values a and b.
    static func agreement(_ a: BigFloat, _ b: BigFloat, floor: Double? = nil) -> Int { AgreedDigits.scalar(a, b, floor: floor) }

    static func agreement(_ a: [BigFloat], _ b: [BigFloat]) -> [Int] { AgreedDigits.entrywise(a, b) }

    /// `AgreedDigits.normwise`: digits relative to ‖b‖_∞.
    static func normwiseAgreement(_ a: [BigFloat], _ b: [BigFloat]) -> Int { AgreedDigits.normwise(a, b) }
}
