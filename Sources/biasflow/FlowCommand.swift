import ArgumentParser
import Flow
import Foundation
import Multiprecision

/// `biasflow flow`: a gradient-flow trajectory of a diagonal network to the checkpoints asked,
/// with verified digits (DESIGN.md §4).
struct FlowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flow",
        abstract: "Integrate gradient flow of a depth-D diagonal network and report verified checkpoints."
    )

    @Option(help: "CSV data file (header row; features, then the label ±1 or the regression target), or builtin:NAME (biasflow data list).")
    var data: String

    @Option(help: "Depth D ≥ 2 of the diagonal network.")
    var depth: Int = 2

    @Option(help: "Initialization scale α > 0 (decimal, read exactly): u₊(0) = u₋(0) = α.")
    var alpha: String = "1"

    @Option(name: .customLong("init-plus"), help: "Per-coordinate u₊(0) (comma-separated decimals); overrides --alpha.")
    var initPlus: String?

    @Option(name: .customLong("init-minus"), help: "Per-coordinate u₋(0) (comma-separated decimals); overrides --alpha.")
    var initMinus: String?

    @Option(help: "Loss: exponential, logistic or squared.")
    var loss: String = "exponential"

    @Option(help: "Checkpoints in the loss clock τ = −ln L, comma-separated (e.g. 1e1,1e3,1e100).")
    var tau: String?

    @Option(name: .customLong("log10-loss"), help: "Checkpoints in log10 L, comma-separated (e.g. -1e6).")
    var log10Loss: String?

    @Option(help: "Checkpoints in the margin γ = min_n m_n, comma-separated (classification).")
    var margin: String?

    @Option(help: "Significant digits to deliver and verify.")
    var digits: Int = 30

    @Option(name: .customLong("max-precision"), help: "Refuse to run above this many bits.")
    var maxPrecision: Int?

    @Option(help: "Output format: json, csv or table.")
    var format: Format = .table

    enum Format: String, ExpressibleByArgument { case json, csv, table }

    func run() throws {
        guard let lossKind = Loss(rawValue: loss) else {
            throw CLIError("--loss: '\(loss)' is not one of exponential, logistic, squared")
        }
        if let maxPrecision { do { try Precision.validate(maxPrecision) } catch { throw CLIError("--max-precision: \(error)") } }
        var checkpoints = [CheckpointTarget]()
        if let tau { checkpoints += try DataLoading.decimalList(tau, option: "--tau").map { .tau($0) } }
        if let log10Loss { checkpoints += try DataLoading.decimalList(log10Loss, option: "--log10-loss").map { .log10Loss($0) } }
        if let margin { checkpoints += try DataLoading.decimalList(margin, option: "--margin").map { .margin($0) } }
        guard !checkpoints.isEmpty else { throw CLIError("give at least one checkpoint with --tau, --log10-loss or --margin") }

        let flowData: FlowData
        let featureCount: Int
        if lossKind.isClassification {
            let table = try DataLoading.classification(data)
            try SeparabilityCheck.requireSeparable(table, loss: lossKind)
            flowData = .classification(z: table.z)
            featureCount = table.featureCount
        } else {
            let table = try DataLoading.regression(data)
            flowData = .regression(x: table.x, y: table.y)
            featureCount = table.featureCount
        }
        let network = try makeNetwork(dimension: featureCount)
        let problem: FlowProblem
        do {
            problem = try FlowProblem(data: flowData, network: network, loss: lossKind, checkpoints: checkpoints, digits: digits)
        } catch { throw CLIError(error.description) }

        let bar = ProgressBar(label: "flow")
        var solver = VerifiedFlowSolver(problem: problem, precisionLimit: maxPrecision)
        solver.allowShortfall = true
        solver.progress = { tau in bar.update(fraction: 0, status: "τ ≈ \(String(format: "%.4g", tau))") }
        let trajectory: Trajectory
        do { trajectory = try solver.solve() } catch { bar.finish(); throw CLIError(error.description) }
        bar.finish()
        print(FlowReport(trajectory: trajectory).render(format))
        let shortfall = trajectory.checkpoints.filter { $0.verifiedDigits < digits }
        if let worst = shortfall.min(by: { $0.verifiedDigits < $1.verifiedDigits }) {
            throw CLIError("only \(worst.verifiedDigits) of the \(digits) requested digits could be verified at \(worst.checkpoint.target)")
        }
    }

    private func makeNetwork(dimension: Int) throws -> DiagonalNetwork {
        func parse(_ text: String, _ option: String) throws -> [Rational] {
            try text.split(separator: ",").map { item in
                do { return try Rational(decimal: String(item)) } catch { throw CLIError("\(option): \(error)") }
            }
        }
        do {
            if initPlus != nil || initMinus != nil {
                guard let initPlus, let initMinus else { throw CLIError("--init-plus and --init-minus go together") }
                let plus = try parse(initPlus, "--init-plus"), minus = try parse(initMinus, "--init-minus")
                guard plus.count == dimension, minus.count == dimension else {
                    throw CLIError("--init-plus/--init-minus need \(dimension) values, one per feature")
                }
                return try DiagonalNetwork(depth: depth, initialPlus: plus, initialMinus: minus)
            }
            let a = try parse(alpha, "--alpha")
            guard a.count == 1 else { throw CLIError("--alpha takes one value; use --init-plus/--init-minus for shapes") }
            return try DiagonalNetwork(depth: depth, alpha: a[0], dimension: dimension)
        } catch let error as FlowError {
            throw CLIError(error.description)
        }
    }
}
