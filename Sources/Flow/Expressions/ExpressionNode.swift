import Multiprecision

/// One node of an `ExpressionGraph`: an operation on earlier nodes (named by their index), so the
/// graph is a DAG in topological order by construction.
///
/// Subtraction is `add(a, negate(b))`; the exponent of `power` is an exact rational constant
/// (integer and rational powers only).
public enum ExpressionNode: Hashable, Sendable {
    case constant(Rational)
    /// The parameter of the given index (0-based, in the order of the model's parameter list).
    case parameter(Int)
    case add(Int, Int)
    case multiply(Int, Int)
    case negate(Int)
    case divide(Int, Int)
    case power(Int, Rational)
    case function(ElementaryFunction, Int)
}
