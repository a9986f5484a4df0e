import Flow
import Multiprecision

/// Small JSON / text helpers shared by the outputs of `TwoLayerFlowRun` and `GradientDescentRun`.
enum ModelOutput {
    static func quoted(_ text: String) -> String { "\"\(text)\"" }

    static func number(_ value: BigFloat, digits: Int) -> String { quoted(value.formatted(significantDigits: max(1, digits))) }

    static func array(_ values: [BigFloat], digits: Int) -> String {
        "[" + values.map { number($0, digits: digits) }.joined(separator: ", ") + "]"
    }

    static func exactArray(_ values: [Rational]) -> String { "[" + values.map { quoted($0.description) }.joined(separator: ", ") + "]" }

    static func object(_ fields: [(String, String)]) -> String {
        "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }

    /// A small magnitude (a drift, a residual) with 3 significant digits.
    static func small(_ value: BigFloat) -> String { quoted(value.formatted(significantDigits: 3)) }
}
