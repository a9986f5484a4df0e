import Integrators
/// Errors of the flow layer, each saying what was wrong in words a user can act on.
public enum FlowError: Error, CustomStringConvertible, Sendable, Equatable {
    case invalidDepth(Int)
    case invalidInitialization(String)
    case invalidCheckpoint(String)
    case invalidDigits(requested: Int, reason: String)
    case notSeparable(String)
    case incompatibleLoss(String)
    case stepSizeCollapsed(clock: String, at: String)
    case digitsNotDelivered(requested: Int, delivered: Int, at: String)
    case leftDomain(String)
    case levelNotCrossed(name: String, horizon: String)

    public var description: String {
        switch self {
        case let .invalidDepth(depth):
            return "depth \(depth) is not allowed: a diagonal network needs an integer depth 2 ≤ D ≤ \(DiagonalNetwork.maximumDepth)"
        case let .invalidInitialization(reason):
            return "invalid initialization: \(reason)"
        case let .invalidCheckpoint(reason):
            return "invalid checkpoint: \(reason)"
        case let .invalidDigits(requested, reason):
            return "cannot deliver \(requested) digits: \(reason)"
        case let .notSeparable(reason):
            return
                "the data are not linearly separable through the origin, so the exponential/logistic loss cannot be driven to 0 (τ → ∞): \(reason)"
        case let .incompatibleLoss(reason):
            return "loss and data do not fit: \(reason)"
        case let .stepSizeCollapsed(clock, at):
            let precisionBound = at.contains("below half the working digits")
            return "the integrator's step size collapsed in the \(clock) clock at \(at): the flow cannot be followed past this point"
                + (precisionBound ? " at this working precision; more digits (more working bits) may carry it further" : "")
        case let .digitsNotDelivered(requested, delivered, at):
            return "only \(delivered) of the \(requested) requested digits could be verified at \(at)"
        case let .leftDomain(reason):
            return "the trajectory left the model's domain: \(reason)"
        case let .levelNotCrossed(name, horizon):
            return "\(name) did not change sign before τ = \(horizon)"
        }
    }
}

extension FlowError {
    /// The flow-level reading of an integrator's stop, `clock` naming the integrator's
    /// independent variable ("t", "τ").
    init(_ error: IntegrationError, clock: String) {
        switch error {
        case let .targetBehind(target, position):
            self = .invalidCheckpoint("\(clock) = \(target) is before \(clock) = \(position)")
        case let .stepSizeCollapsed(at):
            self = .stepSizeCollapsed(clock: clock, at: "\(clock) = \(at)")
        case let .stepLimitReached(at, _):
            self = .stepSizeCollapsed(clock: clock, at: "\(clock) = \(at) (step limit)")
        case let .leftDomain(at):
            self = .leftDomain("at \(clock) = \(at)")
        }
    }
}
