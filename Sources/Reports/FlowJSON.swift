import Datasets
import Flow
import Multiprecision

/// The JSON contract of a verified flow trajectory (DESIGN.md §4, `biasflow flow --format json`):
/// `{"checkpoints": [{"target", "tau", "log10_loss", "log10_time", "gamma", "w", "w_normalized",
/// "nu", "verified_digits", "precision_bits", "steps"}, …], "events": [{"kind", "coordinate",
/// "tau", "verified_digits"}, …]}`, checkpoints in the order asked. Every number is a decimal
/// string with the significant digits verified for it (at least one), through `JSONText.decimal`
/// (never NaN, ±∞ or −0); counts are JSON integers.
public enum FlowJSON {
    public static func render(_ trajectory: Trajectory) -> String {
        func number(_ value: BigFloat, _ digits: Int?) -> String {
            JSONText.decimal(value.formatted(significantDigits: Swift.max(1, digits ?? 1)))
        }
        func numbers(_ values: [BigFloat], _ digits: [Int]?) -> String {
            JSONText.array(values.enumerated().map { index, value in number(value, digits?[index]) })
        }
        let items = trajectory.checkpoints.map { verified -> String in
            let c = verified.checkpoint, d = verified.digitsByQuantity
            return "    "
                + JSONText.object([
                    ("target", JSONText.string(c.target.description)),
                    ("tau", number(c.tau, d["tau"]?[0])),
                    ("log10_loss", number(c.log10Loss, d["tau"]?[0])),
                    ("log10_time", number(c.log10Time, d["log10_time"]?[0])),
                    ("gamma", c.gamma.map { number($0, d["gamma"]?[0]) } ?? "null"),
                    ("w", numbers(c.w, d["w"])),
                    ("w_normalized", numbers(c.wNormalized, d["w_normalized"])),
                    ("nu", numbers(c.nu, d["nu"])),
                    ("verified_digits", JSONText.integer(verified.verifiedDigits)),
                    ("precision_bits", JSONText.integer(c.precisionBits)),
                    ("steps", JSONText.integer(c.steps))
                ])
        }
        let events = trajectory.events.map { event -> String in
            let digits = event.verifiedDigits ?? 0
            let kind: String, coordinate: Int
            switch event.kind {
            case let .signChange(i):
                kind = "sign_change"
                coordinate = i
            case let .supportChange(i, entering):
                kind = entering ? "support_enter" : "support_leave"
                coordinate = i
            }
            return "    "
                + JSONText.object([
                    ("kind", JSONText.string(kind)), ("coordinate", JSONText.integer(coordinate + 1)),
                    ("tau", number(event.tau, digits)), ("verified_digits", JSONText.integer(digits))
                ])
        }
        return "{\"checkpoints\": [\n" + items.joined(separator: ",\n") + "\n  ],\n \"events\": [\n" + events.joined(separator: ",\n")
            + "\n  ]}"
    }
}
