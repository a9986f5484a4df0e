import Flow
import Foundation
import Multiprecision

/// The CSV and readable table of a verified flow trajectory (`biasflow flow --format csv|table`;
/// the JSON is `FlowJSON`). Every number is printed with the significant digits verified for it
/// (at least one).
public struct FlowText: Sendable {
    public let trajectory: Trajectory

    public init(trajectory: Trajectory) { self.trajectory = trajectory }

    private func number(_ value: BigFloat, digits: Int) -> String {
        value.formatted(significantDigits: max(1, digits))
    }

    private func numbers(_ values: [BigFloat], digits: [Int]?) -> [String] {
        values.enumerated().map { index, value in number(value, digits: digits?[index] ?? 1) }
    }

    public func csv() -> String {
        guard let first = trajectory.checkpoints.first?.checkpoint else { return "" }
        let d = first.w.count, n = first.nu.count
        var header = ["target", "tau", "log10_loss", "log10_time", "gamma"]
        header += (1...d).map { "w\($0)" } + (1...d).map { "w_normalized\($0)" } + (1...n).map { "nu\($0)" }
        header += ["verified_digits", "precision_bits", "steps"]
        var lines = [header.joined(separator: ",")]
        for verified in trajectory.checkpoints {
            let c = verified.checkpoint, q = verified.digitsByQuantity
            var row = [
                "\"\(c.target)\"", number(c.tau, digits: q["tau"]?[0] ?? 1), number(c.log10Loss, digits: q["tau"]?[0] ?? 1),
                number(c.log10Time, digits: q["log10_time"]?[0] ?? 1), c.gamma.map { number($0, digits: q["gamma"]?[0] ?? 1) } ?? ""
            ]
            row += numbers(c.w, digits: q["w"]) + numbers(c.wNormalized, digits: q["w_normalized"]) + numbers(c.nu, digits: q["nu"])
            row += [String(verified.verifiedDigits), String(c.precisionBits), String(c.steps)]
            lines.append(row.joined(separator: ","))
        }
        return lines.joined(separator: "\n")
    }

    public func table() -> String {
        var out = [String]()
        for verified in trajectory.checkpoints {
            let c = verified.checkpoint, q = verified.digitsByQuantity
            out.append("checkpoint \(c.target)   (\(verified.verifiedDigits) digits verified, \(c.precisionBits) bits, \(c.steps) steps)")
            out.append("  τ          \(number(c.tau, digits: q["tau"]?[0] ?? 1))")
            out.append("  log10 L    \(number(c.log10Loss, digits: q["tau"]?[0] ?? 1))")
            out.append("  log10 t    \(number(c.log10Time, digits: q["log10_time"]?[0] ?? 1))")
            if let gamma = c.gamma { out.append("  γ          \(number(gamma, digits: q["gamma"]?[0] ?? 1))") }
            for (i, value) in numbers(c.wNormalized, digits: q["w_normalized"]).enumerated() {
                out.append("  w̃\(i + 1)        \(value)")
            }
        }
        for event in trajectory.events {
            let at = "at τ = \(number(event.tau, digits: event.verifiedDigits ?? 0)) (\(event.verifiedDigits ?? 0) digits verified)"
            switch event.kind {
            case let .signChange(coordinate):
                out.append("event: w\(coordinate + 1) changes sign \(at)")
            case let .supportChange(coordinate, entering):
                out.append(
                    "event: w\(coordinate + 1) \(entering ? "joins" : "leaves") the support (|w| crosses the initialization scale) \(at)")
            }
        }
        for (index, run) in trajectory.statistics.enumerated() {
            out.append(
                "run \(index + 1): \(run.precisionBits)→\(run.finalPrecisionBits) bits, tol 1e\(Int(run.log10Tolerance)), Radau IIA s = \(run.radauStages), \(run.explicitSteps) explicit + \(run.implicitSteps) implicit steps (\(run.rejectedSteps) rejected), \(String(format: "%.2f", run.seconds)) s"
            )
        }
        return out.joined(separator: "\n")
    }
}
