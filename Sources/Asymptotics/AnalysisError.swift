import Flow
import Limits

/// Errors of the analysis layer, each saying what was wrong in words a user can act on.
public enum AnalysisError: Error, CustomStringConvertible, Sendable {
    case invalidOption(String)
    case flow(FlowError)
    case limit(LimitError)
    case notClassification(String)
    /// The rich limit could not be determined (e.g. the end of the sweep path is not settled).
    case richLimit(String)

    public var description: String {
        switch self {
        case let .invalidOption(reason): return reason
        case let .flow(error): return error.description
        case let .limit(error): return error.description
        case let .notClassification(reason): return "the regime analysis needs classification data (labels ±1): \(reason)"
        case let .richLimit(reason): return "rich limit: \(reason)"
        }
    }
}
