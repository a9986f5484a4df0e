/// Errors of the number layer. Each case says what was wrong in words a user can act on.
public enum MultiprecisionError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A precision outside the range MPFR supports.
    case invalidPrecision(bits: Int, allowed: ClosedRange<Int>)
    /// A string that is not a number in the expected notation.
    case malformedNumber(text: String, reason: String)
    /// Vectors or matrices whose shapes do not fit the operation.
    case shapeMismatch(String)
    /// Division of a rational by zero.
    case divisionByZero
    /// NaN or ±∞ where a finite number is required.
    case notFinite(String)

    public var description: String {
        switch self {
        case let .invalidPrecision(bits, allowed):
            return "impossible precision \(bits) bits: MPFR supports \(allowed.lowerBound) to \(allowed.upperBound) bits"
        case let .malformedNumber(text, reason):
            return "'\(text)' is not a number: \(reason)"
        case let .shapeMismatch(what):
            return "shape mismatch: \(what)"
        case .divisionByZero:
            return "division by zero"
        case let .notFinite(value):
            return "expected a finite number, got \(value)"
        }
    }
}
