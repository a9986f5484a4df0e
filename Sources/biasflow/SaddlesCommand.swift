import ArgumentParser
import Asymptotics
import Flow
import Foundation
import Limits
import Multiprecision
import Reports

/// `biasflow saddles`: the saddle-to-saddle limit of a regression data set (Pesme & Flammarion
/// 2023, MATH.md §7.1, T11), exact, and with `--alpha` the flow at those α plateauing at the
/// saddles (Woodworth depth-2 network, rescaled time T = t / (½ ln(1/α))).
struct SaddlesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "saddles",
        abstract: "Saddle-to-saddle dynamics: exact saddles and jump times, and the flow's plateaus at tiny α."
    )

    enum Format: String, ExpressibleByArgument { case json, table }

    @Option(help: "Regression CSV file (header; features, then the target).")
    var data: String

    @Option(
        parsing: .unconditional, help: "Comma-separated initialization scales α (decimal, exact, 0 < α < 1), e.g. 1e-30,1e-100,1e-1000.")
    var alpha: String?

    @Option(parsing: .unconditional, help: "Digits asked of the flow (each figure carries the digits two runs agree on).")
    var digits: Int = 20

    @Option(
        name: .customLong("samples-per-unit"), parsing: .unconditional,
        help: "Grid points per unit of rescaled time for the plateau intervals.")
    var samplesPerUnit: Int = 16

    @Option(parsing: .unconditional, help: "‖β − β⁽ᵏ⁾‖∞ below which the flow counts as on the plateau of saddle k (decimal).")
    var threshold: String = "0.01"

    @Option(help: "Output format: json or table.")
    var format: Format = .json

    @Option(
        name: .customLong("model-file"),
        help:
            "A model of your own (YAML): its growth-time weights, the weighted saddle-to-saddle algorithm and the weighted-l1 limit."
    )
    var modelFile: String?

    func validate() throws {
        try DataLoading.requireDigits(digits)
        guard samplesPerUnit >= 1 && samplesPerUnit <= 10_000 else { throw CLIError("--samples-per-unit must be between 1 and 10000") }
    }

    func run() throws {
        if let modelFile {
            if alpha != nil {
                throw CLIError("--alpha runs the built-in diagonal network's flow; with --model-file use biasflow flow --model-file")
            }
            return try ModelFileSaddlesRun.run(data: data, modelFile: modelFile, digits: digits, format: format)
        }
        let regression = try DataLoading.regression(data)
        let sequence: SaddleSequence
        do {
            sequence = try SaddleToSaddleProblem(x: regression.x, y: regression.y).solve()
        } catch { throw CLIError("\(data): \(error)") }
        guard sequence.isVerified else { throw CLIError("\(data): the exact optimality checks of the saddles failed") }
        let thresholdValue: Rational
        do { thresholdValue = try Rational(decimal: threshold) } catch { throw CLIError("--threshold: \(error)") }
        guard thresholdValue.signum > 0 else { throw CLIError("--threshold must be positive") }
        var reports: [SaddlePlateauReport] = []
        if let alpha {
            for text in try DataLoading.decimalList(alpha, option: "--alpha") {
                do {
                    let problem = try SaddlePlateauProblem(
                        x: regression.x, y: regression.y, sequence: sequence, alpha: text, digits: digits,
                        samplesPerUnit: samplesPerUnit, threshold: thresholdValue)
                    reports.append(try problem.solve())
                } catch { throw CLIError("--alpha \(text): \(error)") }
            }
        }
        let fit = reports.count >= 2 ? SaddleConvergenceFit(reports: reports) : nil
        let output = SaddlesOutput(data: data, sequence: sequence, reports: reports, fit: fit)
        switch format {
        case .json: print(output.json())
        case .table: print(output.table())
        }
    }
}
