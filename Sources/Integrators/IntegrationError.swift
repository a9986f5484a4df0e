/// Why an integration stopped short of its targets. Each case names the clock value at which it
/// happened, in the system's own independent variable.
public enum IntegrationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A target before the current position (targets must increase).
    case targetBehind(target: String, position: String)
    /// The step size fell below what the working precision can represent.
    case stepSizeCollapsed(at: String)
    /// The integrator's limit on accepted steps was reached before the last target.
    case stepLimitReached(at: String, limit: Int)
    /// The derivative is undefined at the state (the system left its domain).
    case leftDomain(at: String)

    public var description: String {
        switch self {
        case let .targetBehind(target, position):
            return "target \(target) is before the current position \(position)"
        case let .stepSizeCollapsed(at):
            return "the step size collapsed at \(at)"
        case let .stepLimitReached(at, limit):
            return "the limit of \(limit) steps was reached at \(at)"
        case let .leftDomain(at):
            return "the system left its domain at \(at)"
        }
    }
}
