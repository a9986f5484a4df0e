import Flow
import Multiprecision
import Reports

/// The number and text pieces of the outputs of `TwoLayerFlowRun` and `GradientDescentRun`,
/// all through the one JSON writer (`JSONText`: escaped strings, decimal-string numbers, never
/// NaN, ±∞ or −0).
enum ModelOutput {
    static func quoted(_ text: String) -> String { JSONText.string(text) }

    static func number(_ value: BigFloat, digits: Int) -> String { JSONText.decimal(value.formatted(significantDigits: max(1, digits))) }

    static func array(_ values: [BigFloat], digits: Int) -> String { JSONText.array(values.map { number($0, digits: digits) }) }

    static func exactArray(_ values: [Rational]) -> String { JSONText.decimals(values.map(\.description)) }

    static func object(_ fields: [(String, String)]) -> String { JSONText.object(fields) }

    /// A small magnitude (a drift, a residual) with 3 significant digits.
    static func small(_ value: BigFloat) -> String { JSONText.decimal(value.formatted(significantDigits: 3)) }
}
