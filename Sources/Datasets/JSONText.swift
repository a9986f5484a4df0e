import Foundation

/// The one JSON writer of BiasFlow (RFC 8259): the reports and commands' output (`Reports`) and the
/// sweep store's files (`Experiments`) alike.
///
/// Strings: `"` and `\` escaped, control characters as `\n`, `\r`, `\t`, `\b`, `\f` or `\u00XX`;
/// everything else, non-ASCII included, copied as UTF-8. Numbers: as decimal strings (DESIGN.md
/// §3), never NaN, ±∞ or −0: `decimal` prints a non-finite value as `null` and "-0" as "0";
/// counts and flags (`integer`, `bool`) are JSON numbers and literals.
public enum JSONText {
    public static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    public static func optional(_ text: String?) -> String { text.map(string) ?? "null" }

    /// A decimal number (as printed by `BigFloat.formatted`, `ExactDecimal` or "p/q") as a JSON
    /// string; `null` for "nan", "inf", "-inf" (and nil); "0" for "-0".
    public static func decimal(_ text: String?) -> String {
        guard let text else { return "null" }
        let lowered = text.lowercased()
        if lowered.contains("nan") || lowered.contains("inf") { return "null" }
        if isNegativeZero(text) { return "\"0\"" }
        return string(text)
    }

    /// Decimal strings as a JSON array (`decimal` for each).
    public static func decimals(_ texts: [String]) -> String { array(texts.map(decimal)) }

    /// A binary64 summary value (a fitted exponent, a rescaled time) as a decimal string with
    /// `significantDigits` digits, `null` when it is absent or not finite.
    public static func number(_ value: Double?, significantDigits: Int = 6) -> String {
        guard let value, value.isFinite else { return "null" }
        return decimal(value == 0 ? "0" : String(format: "%.\(significantDigits)g", value))
    }

    public static func integer(_ value: Int) -> String { String(value) }
    public static func bool(_ value: Bool) -> String { value ? "true" : "false" }

    /// String literals as a JSON array.
    public static func strings(_ items: [String]) -> String { array(items.map(string)) }

    /// `[a, b, …]` from already-encoded values.
    public static func array(_ items: [String]) -> String { "[" + items.joined(separator: ", ") + "]" }

    /// `{"key": value, …}` from already-encoded values, in the order given.
    public static func object(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { string($0.0) + ": " + $0.1 }.joined(separator: ", ") + "}"
    }

    /// An object whose last member `key` is an array of `rows` (JSON values), laid out one row a
    /// line: `{"a": 1, "b": 2,\n "key": [\n    row,\n    row\n  ]}` — the layout of the commands'
    /// per-checkpoint output.
    public static func object(_ pairs: [(String, String)], rows key: String, _ rows: [String]) -> String {
        "{" + pairs.map { string($0.0) + ": " + $0.1 }.joined(separator: ", ") + ",\n " + string(key) + ": [\n"
            + rows.map { "    " + $0 }.joined(separator: ",\n") + "\n  ]}"
    }

    /// True for "-0", "-0.000", "-0e5", "-0/1".
    static func isNegativeZero(_ text: String) -> Bool {
        guard text.hasPrefix("-") else { return false }
        let body = text.dropFirst().lowercased()
        let mantissa = body.split(separator: "e", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let numerator = mantissa.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return !numerator.isEmpty && numerator.allSatisfy { $0 == "0" || $0 == "." }
    }
}
