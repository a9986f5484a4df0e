import Multiprecision

/// An initial-value problem y′ = f(t, y), y(t₀) = y₀, to be integrated forward to increasing
/// targets at one working precision and local tolerance, with events to locate on the way.
///
/// Times are exact rationals (decimal input is rational, never through binary64); the initial
/// state is a function of the precision so that a verification run at a higher precision starts
/// from y₀ rounded to its own precision.
public struct ODEProblem {
    public var system: any ODESystem
    public var start: Rational
    /// y₀ at a given precision in bits.
    public var initialState: (Int) -> BigVector
    /// Increasing clock values after `start`; the last is the end of the solve. The integrator
    /// lands on each exactly (a step is shortened to end there), so states at targets carry the
    /// method's full order.
    public var targets: [Rational]
    /// Working precision in bits.
    public var precision: Int
    /// log10 of the local tolerance of the error test (in the system's error norm).
    public var log10Tolerance: Double
    public var events: [ODEEvent]
    /// The largest number of accepted steps.
    public var maximumSteps = 1_000_000

    public init(
        system: any ODESystem, start: Rational, initialState: @escaping (Int) -> BigVector, targets: [Rational],
        precision: Int, log10Tolerance: Double, events: [ODEEvent] = []
    ) {
        self.system = system
        self.start = start
        self.initialState = initialState
        self.targets = targets
        self.precision = precision
        self.log10Tolerance = log10Tolerance
        self.events = events
    }

    /// A problem with an exact rational initial state.
    public init(
        system: any ODESystem, start: Rational, initialState: [Rational], targets: [Rational],
        precision: Int, log10Tolerance: Double, events: [ODEEvent] = []
    ) {
        self.init(
            system: system, start: start, initialState: { BigVector(initialState, precision: $0) }, targets: targets,
            precision: precision, log10Tolerance: log10Tolerance, events: events)
    }

    /// A problem solved from `start` to `end` only.
    public init(
        system: any ODESystem, start: Rational, initialState: [Rational], end: Rational,
        precision: Int, log10Tolerance: Double, events: [ODEEvent] = []
    ) {
        self.init(
            system: system, start: start, initialState: initialState, targets: [end],
            precision: precision, log10Tolerance: log10Tolerance, events: events)
    }

    /// The end of the solve (the last target).
    public var end: Rational? { targets.last }
}

/// A scalar event function g(t, y) whose sign changes are located on the dense output.
///
/// Contract: a sign change is detected when g changes sign between consecutive samples of a
/// step (the step's start, collocation nodes and end for Radau IIA; its two ends for
/// extrapolation), so two roots closer than those samples may be missed. A root is then isolated
/// on the step's dense output by the Illinois method to working precision and, for Radau IIA,
/// polished by Newton's method on the full-order value (`RadauStepper.restartedState`), with
/// the slope of g along the collocation polynomial.
public struct ODEEvent {
    public enum Direction: Sendable, Equatable {
        /// g goes from negative to ≥ 0.
        case increasing
        /// g goes from positive to ≤ 0.
        case decreasing
        case either
    }

    public var name: String
    /// g(t, y), computed at the precision of y.
    public var function: (BigFloat, BigVector) -> BigFloat
    public var direction: Direction
    /// Whether the solve stops at the first occurrence.
    public var terminal: Bool

    public init(
        name: String, direction: Direction = .either, terminal: Bool = false,
        _ function: @escaping (BigFloat, BigVector) -> BigFloat
    ) {
        self.name = name
        self.function = function
        self.direction = direction
        self.terminal = terminal
    }

    func triggers(from a: BigFloat, to b: BigFloat) -> Bool {
        let increasing = a.signum < 0 && b.signum >= 0
        let decreasing = a.signum > 0 && b.signum <= 0
        switch direction {
        case .increasing: return increasing
        case .decreasing: return decreasing
        case .either: return increasing || decreasing
        }
    }
}

/// One located event.
public struct ODEEventOccurrence: Sendable {
    public var name: String
    /// The index of the event in `ODEProblem.events`.
    public var index: Int
    public var time: BigFloat
    public var state: BigVector
}
