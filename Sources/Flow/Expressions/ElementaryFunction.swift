/// The functions an expression may call, each of one argument.
public enum ElementaryFunction: String, CaseIterable, Sendable, Hashable {
    case exp, log, sinh, cosh, tanh, sqrt, sin, cos

    /// The names, for error messages.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
