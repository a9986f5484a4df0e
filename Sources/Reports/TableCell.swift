import Multiprecision

/// One cell of a `ReportTable`.
///
/// Numbers stay text end to end: a `.decimal` is a decimal literal carrying every digit the
/// computation verified ("-1.2345e-30", "0.5"), an `.exact` is an exact rational "p/q" (or an
/// integer); neither is ever routed through a binary floating-point type by the renderers.
public enum TableCell: Sendable, Equatable {
    case decimal(String)
    case exact(String)
    case integer(Int)
    case text(String)
    case missing

    /// `value` to `significantDigits` correctly rounded digits (finite values; NaN/∞ become `.text`).
    public init(_ value: BigFloat, significantDigits: Int) {
        let text = value.formatted(significantDigits: significantDigits)
        self = value.isFinite ? .decimal(text) : .text(text)
    }

    /// The exact rational as "p/q" (or "p" when the denominator is 1).
    public init(exact value: Rational) { self = .exact(value.description) }

    /// The cell as plain text (Markdown, CSV, JSON strings): the literal itself; empty when missing.
    public var plainText: String {
        switch self {
        case let .decimal(text), let .exact(text), let .text(text): return text
        case let .integer(value): return String(value)
        case .missing: return ""
        }
    }

    /// Checks that the text is what the case promises; `nil` when it is, else what was expected.
    var malformation: String? {
        switch self {
        case let .decimal(text): return DecimalLiteral(text) == nil ? "a decimal literal such as -1.25e-30" : nil
        case let .exact(text): return ExactFractionText.isValid(text) ? nil : "an exact rational \"p/q\" with q > 0"
        case .integer, .text, .missing: return nil
        }
    }
}

/// The grammar of exact rationals in reports: `-?[0-9]+(/[0-9]*[1-9][0-9]*)?`.
enum ExactFractionText {
    static func isValid(_ text: String) -> Bool {
        var body = Substring(text)
        if body.hasPrefix("-") { body = body.dropFirst() }
        let parts = body.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2 else { return false }
        guard parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigitCharacter) }) else { return false }
        if parts.count == 2 && parts[1].allSatisfy({ $0 == "0" }) { return false }
        return true
    }
}

extension Character {
    var isASCIIDigitCharacter: Bool { ("0"..."9").contains(self) }
}
