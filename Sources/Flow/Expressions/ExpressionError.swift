/// Why an expression cannot be read or used: the problem and where it is, as a 1-based line and
/// column inside the expression's own text (a caller that knows where the text sits in a file
/// shifts them).
public struct ExpressionError: Error, CustomStringConvertible, Sendable, Equatable {
    public let line: Int
    public let column: Int
    public let problem: String

    public init(line: Int, column: Int, problem: String) {
        self.line = line
        self.column = column
        self.problem = problem
    }

    /// `line:column: problem`.
    public var description: String { "\(line):\(column): \(problem)" }
}
