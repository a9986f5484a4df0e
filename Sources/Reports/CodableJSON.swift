import Foundation

/// The JSON contract of the Codable reports (DESIGN.md §4): `analyze --format json` (a
/// `RegimeReport`: `{"checkpoints": [{"tau", "gamma", "mu", "regime", "distance": {…}}, …], …}`)
/// and `transitions --format json` (a `TransitionReport`), which `--render` reads back. Keys
/// sorted, pretty-printed, slashes unescaped; every number in these reports is a `VerifiedDecimal`
/// string (never NaN, ±∞ or −0), counts are JSON integers.
public enum CodableJSON {
    public static func render<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
