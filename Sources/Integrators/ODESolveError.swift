/// Why a solve was refused or stopped.
public enum ODESolveError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The problem or algorithm is malformed (what is wrong is said).
    case invalidProblem(String)
    /// The integration stopped short of the last target.
    case integration(IntegrationError)
    /// A fixed step's Newton iteration failed (fixed steps cannot shrink).
    case fixedStepFailed(at: String)
    /// Two-run verification: fewer agreed digits than requested at a target or event.
    case digitsNotDelivered(requested: Int, delivered: Int, at: String)

    public var description: String {
        switch self {
        case let .invalidProblem(reason): return "invalid problem: \(reason)"
        case let .integration(error): return error.description
        case let .fixedStepFailed(at): return "Newton's method failed on the fixed step at \(at)"
        case let .digitsNotDelivered(requested, delivered, at):
            return "\(requested) digits were requested but the two runs agree on \(delivered) at \(at)"
        }
    }
}
