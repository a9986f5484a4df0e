/// Why an `ExpressionModel` cannot be built, in terms of its parts (the coordinate group or the
/// initialization group, 0-based, in the order given), so that a file reader can point at them.
public enum ExpressionModelError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The parameter list is empty, or names a parameter twice or with an invalid name.
    case invalidParameters(String)
    /// The expression of coordinate group `group` cannot be read.
    case expression(group: Int, ExpressionError)
    /// The k of coordinate group `group` depends on none of the parameters.
    case constantPredictor(group: Int)
    /// A coordinate (1-based) no coordinate group covers.
    case coordinateNotCovered(Int)
    /// A coordinate (1-based) two groups cover: `group` is the second.
    case coordinateCoveredTwice(coordinate: Int, group: Int, firstGroup: Int)
    /// A coordinate (1-based) that no initialization group covers.
    case initializationNotCovered(Int)
    /// A coordinate (1-based) that two initialization groups cover: `group` is the second.
    case initializationCoveredTwice(coordinate: Int, group: Int, firstGroup: Int)
    /// Initialization group `group` gives no value for `parameter`.
    case missingInitialValue(group: Int, parameter: String)
    /// A coordinate selection refers to coordinates outside 1…dimension.
    case coordinateOutOfRange(group: Int, coordinate: Int, dimension: Int)

    public var description: String {
        switch self {
        case let .invalidParameters(reason): return "parameters: \(reason)"
        case let .expression(group, error): return "coordinate group \(group + 1): \(error)"
        case let .constantPredictor(group):
            return "coordinate group \(group + 1): k depends on none of the parameters, so gradient flow cannot move it"
        case let .coordinateNotCovered(i): return "coordinate \(i) has no k (no coordinate group covers it)"
        case let .coordinateCoveredTwice(i, group, first):
            return "coordinate \(i) is covered twice (coordinate groups \(first + 1) and \(group + 1))"
        case let .initializationNotCovered(i): return "coordinate \(i) has no initialization (no init group covers it)"
        case let .initializationCoveredTwice(i, group, first):
            return "coordinate \(i) is initialized twice (init groups \(first + 1) and \(group + 1))"
        case let .missingInitialValue(group, parameter): return "init group \(group + 1) gives no value for the parameter '\(parameter)'"
        case let .coordinateOutOfRange(group, i, d): return "group \(group + 1): coordinate \(i) is outside 1…\(d)"
        }
    }
}
