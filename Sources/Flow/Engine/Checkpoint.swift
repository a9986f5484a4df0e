import Multiprecision

/// The state of a flow at one checkpoint, at the precision of the run that produced it.
public struct Checkpoint: Sendable {
    public var target: CheckpointTarget
    /// τ = −ln L (the clock value reached).
    public var tau: BigFloat
    /// τ recomputed from the state, −ln L(ν): equals `tau` up to the integration error (MATH.md T3).
    public var tauFromState: BigFloat
    /// log10 L = −τ / ln 10.
    public var log10Loss: BigFloat
    /// log10 t, physical time.
    public var log10Time: BigFloat
    /// γ = min_n m_n (classification); nil for regression.
    public var gamma: BigFloat?
    public var w: [BigFloat]
    /// w / γ (classification); w itself for regression.
    public var wNormalized: [BigFloat]
    public var nu: [BigFloat]
    public var margins: [BigFloat]
    public var precisionBits: Int
    /// Accepted steps from the start to this checkpoint.
    public var steps: Int
}

/// A checkpoint whose numbers were confirmed by two independent runs, with the digits verified.
public struct VerifiedCheckpoint: Sendable {
    /// The more accurate run's values.
    public var checkpoint: Checkpoint
    /// The smallest number of significant digits on which the two runs agree over all reported
    /// quantities (normwise for vectors).
    public var verifiedDigits: Int
    /// Per-quantity agreed digits, for printing each number with what is verified.
    public var digitsByQuantity: [String: [Int]]
}

/// Everything a solve reports.
public struct Trajectory: Sendable {
    public var problem: FlowProblem
    public var checkpoints: [VerifiedCheckpoint]
    public var events: [FlowEvent]
    public var statistics: [RunStatistics]
}

/// An event located along the trajectory: the τ at which a function of the state crosses zero,
/// found by the Illinois method inside the step that crossed it (as level checkpoints are).
public struct FlowEvent: Sendable {
    public enum Kind: Sendable, Hashable {
        /// w_i changed sign (w_i = 0 at τ).
        case signChange(coordinate: Int)
        /// w_i joined (`entering`) or left the support set: |w_i| crossed the scale of its
        /// initialization, (a₊,i a₋,i)^{D/2} (α^D for u₊(0) = u₋(0) = α), i.e. the coordinate left
        /// (or came back into) the linear range of h_D where it moves like the kernel flow. At
        /// tiny α these are the activations of saddle-to-saddle dynamics.
        case supportChange(coordinate: Int, entering: Bool)
    }
    public var kind: Kind
    /// τ at which it happened, to the run's accuracy.
    public var tau: BigFloat
    /// Digits of τ (relative to max(1, |τ|)) on which the two runs of `VerifiedFlowSolver` agree;
    /// nil for a single run, 0 when the other run did not see the same event.
    public var verifiedDigits: Int?

    public init(kind: Kind, tau: BigFloat, verifiedDigits: Int? = nil) {
        self.kind = kind
        self.tau = tau
        self.verifiedDigits = verifiedDigits
    }
}

/// Counts of one run.
public struct RunStatistics: Sendable {
    public var precisionBits: Int
    public var finalPrecisionBits: Int
    public var log10Tolerance: Double
    public var explicitSteps: Int
    public var implicitSteps: Int
    public var rejectedSteps: Int
    public var radauStages: Int
    public var seconds: Double
    /// Accepted steps taken in physical time (t or ln t; `ClockRule`), counted in the two above too.
    public var timeClockSteps: Int = 0
}
