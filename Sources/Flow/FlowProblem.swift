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
        guard digits <= 10_000 else {
            throw .invalidDigits(requested: digits, reason: "BiasFlow verifies at most 10000 digits (about 33000 bits)")
        }
        guard !checkpoints.isEmpty else { throw .invalidCheckpoint("no checkpoint was given") }
        guard network.dimension == data.featureCount else {
            throw .invalidInitialization("the network has \(network.dimension) coordinates, the data \(data.featureCount) features")
        }
        guard data.sampleCount > 0 else { throw .incompatibleLoss("the data set has no samples") }
        if case .margin = checkpoints.first(where: { if case .margin = $0 { return true } else { return false } }) ?? .tau("0"),
           !loss.isClassification {
            throw .invalidCheckpoint("a margin checkpoint needs a classification loss")
        }
        self.data = data
        self.network = network
        self.loss = loss
        self.checkpoints = checkpoints
        self.digits = digits
    }
}

/// The kinds of `FlowEvent` a run can be asked to locate.
public enum FlowEventKind: String, Sendable, Hashable, CaseIterable {
    /// w_i changes sign.
    case sign
    /// w_i joins or leaves the support set (|w_i| crosses (a₊,i a₋,i)^{D/2}).
    case support
}
