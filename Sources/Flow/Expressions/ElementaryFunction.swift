/// The functions an expression may call, each of one argument. `expm1` (e^x − 1) and `log1p`
/// (ln(1 + x)) are also what the graph rewrites exp(x) − 1 and log(1 + x) into, so that they keep
/// their relative accuracy at tiny x (the regime of small initializations).
public enum ElementaryFunction: String, CaseIterable, Sendable, Hashable {
    case exp, log, sinh, cosh, tanh, sqrt, sin, cos, expm1, log1p

    /// The names, for error messages.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
