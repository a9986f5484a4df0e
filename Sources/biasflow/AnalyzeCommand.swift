import ArgumentParser
import Asymptotics
import Flow
import Foundation
import Limits
import Multiprecision
import Reports

/// `biasflow analyze`: where gradient flow is at each checkpoint relative to its limits, with the
/// regime label and verified digits (DESIGN.md §4, Docs/analyze.md).
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract:
            "Distances of the flow's w/γ to ŵ₂, ŵ₁, argmin Q^D_μ, the sweep path (and, D > 2, the nearest l_{2/D} KKT point), with a regime label per checkpoint."
    )

    @Option(
        help:
            "CSV classification data (header row; features, then the label ±1), or builtin:NAME; with --model-file also regression data (the squared loss)."
    )
    var data: String?

    @Option(
        name: .customLong("model-file"),
        help: "A model of your own (YAML, Docs/model-files.md): its flow from s·θ* against the limits that apply (needs --scale, --time)."
    )
    var modelFile: String?

    @Option(parsing: .unconditional, help: "--model-file: the initialization scale s > 0, θ(0) = s·θ* (decimal, read exactly).")
    var scale: String?

    @Option(parsing: .unconditional, help: "--model-file: checkpoints in physical time t, comma-separated.")
    var time: String?

    @Option(help: "--model-file: the loss, squared (regression, the default), exponential or logistic (classification).")
    var loss: String?

    @Option(help: "Render a report saved with --format json in another format (no computation).")
    var render: String?

    @Option(parsing: .unconditional, help: "Depth D ≥ 2 of the diagonal network (default 2).")
    var depth: Int?

    @Option(parsing: .unconditional, help: "Initialization scale α > 0 (decimal, read exactly; default 1).")
    var alpha: String?

    @Option(parsing: .unconditional, help: "Checkpoints in the loss clock τ = −ln L, comma-separated (e.g. 10,1e3).")
    var tau: String?

    @Option(parsing: .unconditional, help: "Checkpoints in the margin γ = min_n m_n, comma-separated (e.g. 200 stops at μ = α^D/200).")
    var margin: String?

    @Option(name: .customLong("log10-loss"), parsing: .unconditional, help: "Checkpoints in log10 L, comma-separated (e.g. -100).")
    var log10Loss: String?

    @Option(parsing: .unconditional, help: "Significant digits to deliver and verify in the flow.")
    var digits: Int = 20

    @Option(name: .customLong("kernel-ratio"), parsing: .unconditional, help: "Kernel while ρ = max|w_i|/α^D is below this (default 1).")
    var kernelRatio: String?

    @Option(
        name: .customLong("rich-distance"), parsing: .unconditional,
        help:
            "Rich once ‖w/γ − ŵ_rich‖₂ (ŵ_rich: see --rich-limit) is at most this δ; --model-file: rich within δ of the weighted-ℓ1 limit, kernel within δ of the min-ℓ2 interpolator."
    )
    var richDistance: String = "0.1"

    @Option(
        name: .customLong("rich-limit"),
        help:
            "The rich limit ŵ_rich: l1 (ŵ₁, l1 max margin), kkt (the l_{2/D} KKT point at the μ → 0 end of the sweep path; ŵ₁ for D = 2) or auto (l1 for D = 2, kkt for D > 2; the default)."
    )
    var richLimit: RichLimitChoice?

    @Option(name: .customLong("sweep-steps-per-decade"), parsing: .unconditional, help: "Grid density of the sweep path (default 100).")
    var sweepStepsPerDecade: Int?

    @Flag(name: .customLong("no-sweep"), help: "Skip the sweep-path reference.")
    var noSweep = false

    @Option(help: "Output format: json, markdown, latex, csv, or the figure of the distances against log10(1/ε) as svg or pgfplots.")
    var format: ReportFormat = .markdown

    func validate() throws {
        try DataLoading.requireDigits(digits)
    }

    func run() throws {
        if let modelFile {
            try ModelFileAnalyzeRun.run(self, modelFile: modelFile)
            return
        }
        for (option, present) in [("--scale", scale != nil), ("--time", time != nil), ("--loss", loss != nil)] where present {
            throw CLIError(
                "\(option) belongs to --model-file (the diagonal network's flow runs in --tau/--margin/--log10-loss with the exponential loss)"
            )
        }
        let depth = self.depth ?? 2, alpha = self.alpha ?? "1", sweepStepsPerDecade = self.sweepStepsPerDecade ?? 100
        if let render {
            guard data == nil else { throw CLIError("--render re-renders a saved report: give it without --data") }
            let report: RegimeReport = try SavedReport.load(render)
            print(try AnalyzeOutput.render(report, format: format), terminator: "")
            return
        }
        guard let data else { throw CLIError("give the data with --data F.csv or --data builtin:NAME") }
        let rule: RegimeRule
        do { rule = try RegimeRule(kernelRatio: kernelRatio ?? "1", richDistance: richDistance, richLimit: richLimit ?? .auto) } catch {
            throw CLIError("--kernel-ratio/--rich-distance: \(error)")
        }
        guard sweepStepsPerDecade >= 1 else { throw CLIError("--sweep-steps-per-decade must be at least 1") }
        var checkpoints = [CheckpointTarget]()
        if let tau { checkpoints += try DataLoading.decimalList(tau, option: "--tau").map { .tau($0) } }
        if let margin { checkpoints += try DataLoading.decimalList(margin, option: "--margin").map { .margin($0) } }
        if let log10Loss { checkpoints += try DataLoading.decimalList(log10Loss, option: "--log10-loss").map { .log10Loss($0) } }
        guard !checkpoints.isEmpty else { throw CLIError("give at least one checkpoint with --tau, --margin or --log10-loss") }
        let alphaValue: Rational
        do { alphaValue = try Rational(decimal: alpha) } catch { throw CLIError("--alpha: '\(alpha)' is not a decimal number") }
        guard alphaValue.signum > 0 else { throw CLIError("--alpha \(alpha): an initialization scale must be positive") }

        let table = try DataLoading.classification(data)
        try SeparabilityCheck.requireSeparable(table, loss: .exponential)
        let problem: FlowProblem
        do {
            let network = try DiagonalNetwork(depth: depth, alpha: alphaValue, dimension: table.featureCount)
            problem = try FlowProblem(
                data: .classification(z: table.z), network: network, loss: .exponential,
                checkpoints: checkpoints, digits: digits)
        } catch { throw CLIError(error.description) }

        let bar = ProgressBar(label: "analyze")
        var solver = VerifiedFlowSolver(problem: problem)
        solver.allowShortfall = true
        solver.progress = { tau in bar.update(fraction: 0, status: "flow τ ≈ \(String(format: "%.4g", tau))") }
        let trajectory: Trajectory
        do { trajectory = try solver.solve() } catch {
            bar.finish()
            throw CLIError(error.description)
        }
        bar.update(fraction: 0, status: "limits")
        let report: RegimeReport
        do {
            // The limits need the digits the flow verified (plus 30 for the distances' error
            // bounds), not the flow's working precision: at small α that is sized for the
            // cancellation in the factors u±, e.g. 831 bits at α = 1e-100, D = 3.
            let flowBits = trajectory.checkpoints.map { $0.checkpoint.precisionBits }.max() ?? 192
            let verified = trajectory.checkpoints.map { $0.verifiedDigits }.max() ?? 0
            let precision = Swift.max(192, Swift.min(flowBits, Precision.bits(forDecimalDigits: Swift.min(verified, 100_000) + 30)))
            var limits = try LimitReferences(z: table.z, depth: depth, precision: precision)
            limits.sweepStepsPerDecade = sweepStepsPerDecade
            var analyzer = RegimeAnalyzer(rule: rule)
            analyzer.includeSweep = !noSweep
            report = try analyzer.analyze(trajectory, limits: limits, dataName: data)
        } catch {
            bar.finish()
            throw CLIError(error.description)
        }
        bar.finish()
        print(try AnalyzeOutput.render(report, format: format), terminator: "")
        let shortfall = trajectory.checkpoints.filter { $0.verifiedDigits < digits }
        if let worst = shortfall.min(by: { $0.verifiedDigits < $1.verifiedDigits }) {
            throw CLIError("only \(worst.verifiedDigits) of the \(digits) requested digits could be verified at \(worst.checkpoint.target)")
        }
    }
}
