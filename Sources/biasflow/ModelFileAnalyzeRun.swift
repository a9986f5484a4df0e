import Asymptotics
import Experiments
import Flow
import Foundation
import Multiprecision
import Reports

/// `biasflow analyze --model-file M.yaml --data D.csv --scale s --time t1,t2 [--loss L]`: the
/// model's verified flow against the limits that apply (`ModelRegimeAnalysis`), rendered by
/// `ModelRegimeReportOutput`.
enum ModelFileAnalyzeRun {
    static func run(_ command: AnalyzeCommand, modelFile: String) throws {
        let refused: [(String, Bool, String)] = [
            ("--depth", command.depth != nil, "the model file gives the model"),
            ("--alpha", command.alpha != nil, "the model file gives the initialization direction θ*, --scale s its scale"),
            (
                "--tau/--margin/--log10-loss", command.tau != nil || command.margin != nil || command.log10Loss != nil,
                "model files run in physical time for now; give --time t1,t2,…"
            ),
            (
                "--kernel-ratio", command.kernelRatio != nil,
                "needs α^D; with a model file the rule's δ (--rich-distance) marks both ends, kernel near the min-ℓ2 interpolator"
            ),
            (
                "--rich-limit", command.richLimit != nil,
                "chooses among the diagonal network's limits; a model file's rich limit is its weighted-ℓ1 limit"
            ),
            (
                "--sweep-steps-per-decade/--no-sweep", command.sweepStepsPerDecade != nil || command.noSweep,
                "the sweep path belongs to the diagonal network"
            ),
            ("--render", command.render != nil, "re-renders a saved diagonal-network report; give it without --model-file")
        ]
        for (option, present, reason) in refused where present { throw CLIError("\(option) does not apply to --model-file: \(reason)") }
        guard command.format != .svg && command.format != .pgfplots else {
            throw CLIError("--format \(command.format.rawValue): a model-file analysis prints json, markdown, latex or csv")
        }
        guard let dataSpec = command.data else { throw CLIError("give the data with --data F.csv or --data builtin:NAME") }
        guard let scaleText = command.scale else { throw CLIError("--model-file needs --scale s (the run starts at θ(0) = s·θ*)") }
        let scale: Rational
        do { scale = try Rational(decimal: scaleText) } catch {
            throw CLIError("--scale: '\(scaleText)' is not a decimal number: \(error)")
        }
        guard scale.signum > 0 else { throw CLIError("--scale must be positive, got \(scaleText)") }
        guard let timeText = command.time else { throw CLIError("--model-file needs checkpoints in physical time: --time t1,t2,…") }
        let times = try DataLoading.rationalList(timeText, option: "--time")
        guard let loss = Loss(rawValue: command.loss ?? "squared") else {
            throw CLIError("--loss: '\(command.loss ?? "")' is not one of exponential, logistic, squared")
        }
        let rule: RegimeRule
        do { rule = try RegimeRule(richDistance: command.richDistance) } catch { throw CLIError("--rich-distance: \(error)") }
        let data: FlowData
        if loss.isClassification {
            let table = try DataLoading.classification(dataSpec)
            try SeparabilityCheck.requireSeparable(table, loss: loss)
            data = .classification(z: table.z)
        } else {
            let table = try DataLoading.regression(dataSpec)
            data = .regression(x: table.x, y: table.y)
        }
        let model: ExpressionModel
        do { model = try ModelFileParser.load(path: modelFile, dimension: data.featureCount) } catch { throw CLIError(error.description) }
        let report: ModelRegimeReport
        do throws(ModelAnalysisError) {
            let references = try ModelLimitReferences(model: model, data: data)
            report = try ModelRegimeAnalysis(rule: rule).analyze(
                model: model, data: data, loss: loss, scale: scale, times: times, references: references,
                setup: .init(modelFile: modelFile, data: dataSpec, scale: scaleText, digits: command.digits))
        } catch { throw CLIError(error.description) }
        switch command.format {
        case .json: print(try ModelRegimeReportOutput.json(report))
        case .markdown: print(MarkdownTableRenderer.render(try ModelRegimeReportOutput.table(report)), terminator: "")
        case .latex: print(LaTeXTableRenderer.render(try ModelRegimeReportOutput.table(report)), terminator: "")
        case .csv: print(CSVTableRenderer.render(try ModelRegimeReportOutput.table(report)), terminator: "")
        case .svg, .pgfplots: break
        }
    }
}
