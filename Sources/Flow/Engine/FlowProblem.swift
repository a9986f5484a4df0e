import Multiprecision

/// Where the flow should report: the clock values at which a `Checkpoint` is taken.
public enum CheckpointTarget: Sendable, Equatable, CustomStringConvertible {
    /// τ = −ln L, a decimal literal ("10", "1e100"); τ > τ(0).
    case tau(String)
    /// log10 L, a decimal literal ("-1e6" means L = 10^-(10^6)).
    case log10Loss(String)
    /// The hard margin γ = min_n m_n (classification only), a decimal literal.
    case margin(String)
    /// Physical time t > 0, a decimal literal ("50", "1e300"): landed on in the physical-time
    /// clocks, located by its log10 t in the loss clock.
    case time(String)
    /// The first zero of a scalar function of the state after the start (see `LevelCrossing`).
    case level(LevelCrossing)

    public var description: String {
        switch self {
        case let .tau(value): return "τ = \(value)"
        case let .log10Loss(value): return "log10 L = \(value)"
        case let .margin(value): return "γ = \(value)"
        case let .time(value): return "t = \(value)"
        case let .level(crossing): return crossing.description
        }
    }
}

/// A gradient-flow problem: data, model, loss, where to report, and how many digits are wanted.
///
/// The flow starts at the initialization (ν = 0, t = 0) and runs forward; checkpoints are
/// reported in the order given (they are reached in increasing order of τ).
public struct FlowProblem: Sendable {
    public var data: FlowData
    public var network: DiagonalNetwork
    public var loss: Loss
    public var checkpoints: [CheckpointTarget]
    /// Significant decimal digits requested for every reported number.
    public var digits: Int
    /// The events to locate along the run (none by default: each located event costs the
    /// integrator about a dozen extra steps).
    public var events: Set<FlowEventKind> = []

    public init(data: FlowData, network: DiagonalNetwork, loss: Loss, checkpoints: [CheckpointTarget], digits: Int = 30) throws(FlowError) {
        guard digits >= 1 else { throw .invalidDigits(requested: digits, reason: "ask for at least one digit") }
        guard digits <= Precision.maximumDecimalDigits else {
            throw .invalidDigits(requested: digits, reason: "BiasFlow verifies at most \(Precision.maximumDecimalDigits) digits")
        }
        guard !checkpoints.isEmpty else { throw .invalidCheckpoint("no checkpoint was given") }
        guard network.dimension == data.featureCount else {
            throw .invalidInitialization("the network has \(network.dimension) coordinates, the data \(data.featureCount) features")
        }
        guard data.sampleCount > 0 else { throw .incompatibleLoss("the data set has no samples") }
        if case .margin = checkpoints.first(where: { if case .margin = $0 { return true } else { return false } }) ?? .tau("0"),
            !loss.isClassification
        {
            throw .invalidCheckpoint("a margin checkpoint needs a classification loss")
        }
        if case let .regression(_, y) = data, loss == .squared {
            let one = Rational(1), minusOne = Rational(-1)
            if y.allSatisfy({ $0 == one || $0 == minusOne }) {
                throw .incompatibleLoss(
                    "every target is a label ±1: these are classification data, which the squared loss does not "
                        + "drive to a margin limit; use the exponential or logistic loss")
            }
        }
        for target in checkpoints { try Self.validate(target) }
        self.data = data
        self.network = network
        self.loss = loss
        self.checkpoints = checkpoints
        self.digits = digits
    }

    /// The farthest clock value a checkpoint may ask for: τ, |log10 L|·ln 10 and γ up to 10^1000.
    /// The margins grow like τ, so the working precision grows by 5/4·log2 τ bits (about 4150 bits
    /// at 10^1000) on top of the digits asked for, and the implicit steps grow with ln τ.
    public static let maximumLog10Clock = 1000

    /// Checks one checkpoint before any run: a decimal value; a margin γ > 0 (the flow starts at
    /// γ = 0 and reports margins it reaches); nothing beyond 10^`maximumLog10Clock`.
    /// - Throws: `FlowError.invalidCheckpoint` saying what to change and what a farther one would need.
    public static func validate(_ target: CheckpointTarget) throws(FlowError) {
        let text: String
        switch target {
        case let .tau(value), let .log10Loss(value), let .margin(value), let .time(value): text = value
        case let .level(crossing): text = crossing.horizon
        }
        guard let value = try? Rational(decimal: text) else {
            throw .invalidCheckpoint("\(target): '\(text)' is not a decimal number")
        }
        if case .margin = target, value.signum <= 0 {
            throw .invalidCheckpoint(
                "\(target): a margin checkpoint must be positive (the flow starts at w = 0, where γ = 0, and the margin then grows)")
        }
        if case .time = target {
            // Any positive decimal time: the time clocks carry ln t, the loss clock log t = τ + ln T.
            guard value.signum > 0 else { throw .invalidCheckpoint("\(target): a time checkpoint must be after the start, t = 0") }
            return
        }
        // |value| in the τ scale: log10 L = x is τ = |x|·ln 10 < 2.31·|x|.
        var scale = value.signum < 0 ? -value : value
        if case .log10Loss = target { scale = scale * Rational(231, 100) }
        let bound = (try? Rational(decimal: "1e\(maximumLog10Clock)")) ?? Rational(0)
        if scale > bound {
            let log10 = Self.decimalExponent(text)
            let bits = log10.map { "about \(($0 * 415 + 99) / 100) bits" } ?? "more bits"
            throw .invalidCheckpoint(
                "\(target) is beyond the farthest checkpoint, 1e\(maximumLog10Clock) on the τ scale: "
                    + "the margins grow like τ, so the run would need \(bits) of working precision on top of the digits "
                    + "and a number of implicit steps growing with ln τ; ask for τ ≤ 1e\(maximumLog10Clock)")
        }
    }

    /// ⌊log10 |x|⌋ of a decimal literal, read from its text (nil if it cannot be).
    static func decimalExponent(_ text: String) -> Int? {
        let lowered = text.lowercased()
        let parts = lowered.split(separator: "e", omittingEmptySubsequences: false)
        let mantissa = parts[0].filter { $0 != "-" && $0 != "+" }
        let integerDigits =
            mantissa.split(separator: ".", omittingEmptySubsequences: false).first.map { $0.drop(while: { $0 == "0" }).count } ?? 0
        let exponent = parts.count == 2 ? Int(parts[1]) ?? 0 : 0
        return Swift.max(0, integerDigits - 1) + exponent
    }
}

/// The kinds of `FlowEvent` a run can be asked to locate.
public enum FlowEventKind: String, Sendable, Hashable, CaseIterable {
    /// w_i changes sign.
    case sign
    /// w_i joins or leaves the support set (|w_i| crosses (a₊,i a₋,i)^{D/2}).
    case support
}
