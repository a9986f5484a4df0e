import Multiprecision

/// The two-run rule of verified digits (DESIGN.md §2.5) for any `ODEProblem`: solve once at
/// precision p and tolerance tol, once at a higher precision and a much tighter tolerance, and
/// report the finer run's values with the digits on which the two agree (`AgreedDigits`).
///
/// Settings for d requested digits: the coarse run at tol = 10^−(d + `extraDigits`) and
/// p = bits(d + `extraDigits`) + `guardBits`; the fine run at tol′ = tol · 10^−max(8, d/3) and
/// p′ = bits(−log10 tol′) + `guardBits` + p/2. The verified digits of a state are the normwise
/// agreement of the two runs, capped at ⌊−log10 tol′⌋ (the finer run is never credited with
/// more digits than its own tolerance can deliver); an event's, the agreement of its times.
/// Fewer than d at any target or event is refused (`ODESolveError.digitsNotDelivered`).
public struct TwoRunVerification: Sendable, Equatable {
    public var digits: Int
    public var extraDigits = 4
    public var guardBits = 48

    public init(digits: Int) { self.digits = digits }

    public struct RunSettings: Sendable, Equatable {
        public var precision: Int
        public var log10Tolerance: Double
    }

    /// The coarse and the fine run's settings.
    public var runs: (coarse: RunSettings, fine: RunSettings) {
        let coarseTolerance = -Double(digits + extraDigits)
        let coarse = Precision.bits(forDecimalDigits: digits + extraDigits) + guardBits
        let fineTolerance = coarseTolerance - Double(max(8, digits / 3))
        let fine = Precision.bits(forDecimalDigits: Int(-fineTolerance)) + guardBits + coarse / 2
        return (
            RunSettings(precision: coarse, log10Tolerance: coarseTolerance), RunSettings(precision: fine, log10Tolerance: fineTolerance)
        )
    }

    /// The most digits a run at local tolerance 10^log10Tolerance is credited with.
    public static func digitCap(log10Tolerance: Double) -> Int { Int((-log10Tolerance).rounded(.down)) }

    /// Both runs of `problem` (its precision and tolerance replaced by the settings) and their
    /// agreement.
    /// - Throws: `ODESolveError.digitsNotDelivered` when a target or event has fewer than
    ///   `digits` verified digits, or the runs disagree on which events happened; the errors of
    ///   either solve.
    public func solve(
        _ problem: ODEProblem, _ algorithm: IntegrationAlgorithm = .automatic,
        stepping: StepControl = .adaptive
    ) throws(ODESolveError) -> VerifiedODESolution {
        guard digits >= 1, digits <= Precision.maximumDecimalDigits else {
            throw .invalidProblem("ask for 1 to \(Precision.maximumDecimalDigits) digits, not \(digits)")
        }
        let (coarseSettings, fineSettings) = runs
        var coarseProblem = problem, fineProblem = problem
        coarseProblem.precision = coarseSettings.precision
        coarseProblem.log10Tolerance = coarseSettings.log10Tolerance
        fineProblem.precision = fineSettings.precision
        fineProblem.log10Tolerance = fineSettings.log10Tolerance
        let coarse = try coarseProblem.solve(algorithm, stepping: stepping)
        let fine = try fineProblem.solve(algorithm, stepping: stepping)
        let cap = Self.digitCap(log10Tolerance: fineSettings.log10Tolerance)
        guard coarse.targets.count == fine.targets.count else {
            throw .digitsNotDelivered(
                requested: digits, delivered: 0, at: "the end: the runs reached \(coarse.targets.count) and \(fine.targets.count) targets")
        }
        var targetDigits = [Int]()
        for (k, (a, b)) in zip(coarse.targetStates, fine.targetStates).enumerated() {
            let agreed = min(cap, AgreedDigits.normwise(a.elements, b.elements))
            if agreed < digits { throw .digitsNotDelivered(requested: digits, delivered: agreed, at: "t = \(fine.targets[k])") }
            targetDigits.append(agreed)
        }
        guard coarse.events.count == fine.events.count,
            zip(coarse.events, fine.events).allSatisfy({ $0.0.index == $0.1.index })
        else {
            throw .digitsNotDelivered(
                requested: digits, delivered: 0,
                at: "the events: the runs found \(coarse.events.count) and \(fine.events.count)")
        }
        var eventDigits = [Int]()
        for (a, b) in zip(coarse.events, fine.events) {
            let agreed = min(cap, AgreedDigits.scalar(a.time, b.time, floor: 1), AgreedDigits.normwise(a.state.elements, b.state.elements))
            if agreed < digits {
                throw .digitsNotDelivered(
                    requested: digits, delivered: agreed, at: "event \(b.name) at t ≈ \(b.time.formatted(significantDigits: 12))")
            }
            eventDigits.append(agreed)
        }
        return VerifiedODESolution(solution: fine, coarse: coarse, targetDigits: targetDigits, eventDigits: eventDigits, digitCap: cap)
    }
}

/// A solution verified by `TwoRunVerification`: the finer run with the digits it is credited with.
public struct VerifiedODESolution {
    /// The finer run (its values are the ones reported).
    public let solution: ODESolution
    public let coarse: ODESolution
    /// Verified digits of the state at each target, and of each event (time and state).
    public let targetDigits: [Int]
    public let eventDigits: [Int]
    /// ⌊−log10 tol′⌋ of the finer run: no value is credited with more.
    public let digitCap: Int
}
