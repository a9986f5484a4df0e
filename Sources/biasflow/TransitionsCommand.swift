import ArgumentParser
import Asymptotics
import Foundation
import Limits
import Multiprecision
import Reports

/// `biasflow transitions`: for each depth and α, the accuracies log10(1/ε*) at which the flow leaves
/// the kernel regime and enters the rich one (root-finding along the flow), and the fitted scaling
/// law against α^D with its residuals.
struct TransitionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transitions",
        abstract: "Kernel-exit and rich-entry accuracies log10(1/ε*) on a grid of depths and α, with the scaling law in α^D."
    )

    @Option(help: "CSV classification data (header row; features, then the label ±1), or builtin:NAME.")
    var data: String?

    @Option(
        help:
            "Render transition reports saved with --format json (comma-separated files, merged in order: a reached point replaces the same (D, α, kind) not reached; fits are redone) in another format."
    )
    var render: String?

    @Option(parsing: .unconditional, help: "Depths, comma-separated (e.g. 2,3).")
    var depth: String = "2"

    @Option(parsing: .unconditional, help: "Initialization scales α, comma-separated decimals (e.g. 1,3,10,30,100).")
    var alpha: String?

    @Option(name: .customLong("kernel-ratio"), parsing: .unconditional, help: "Kernel exit when ρ = max|w_i|/α^D reaches this.")
    var kernelRatio: String = "1"

    @Option(
        name: .customLong("rich-distance"), parsing: .unconditional,
        help: "Rich entry when ‖w/γ − ŵ_rich‖₂ (ŵ_rich: see --rich-limit) comes down to this δ.")
    var richDistance: String = "0.1"

    @Option(
        name: .customLong("rich-limit"),
        help:
            "The rich limit ŵ_rich: l1 (ŵ₁, l1 max margin), kkt (the l_{2/D} KKT point at the μ → 0 end of the sweep path; ŵ₁ for D = 2) or auto (l1 for D = 2, kkt for D > 2)."
    )
    var richLimit: RichLimitChoice = .auto

    @Option(parsing: .unconditional, help: "Give up on a crossing not reached by this τ (decimal).")
    var horizon: String = "1e5"

    @Option(parsing: .unconditional, help: "Significant digits to deliver and verify in the flow.")
    var digits: Int = 12

    @Option(help: "Which transitions: kernel_exit, rich_entry or both.")
    var kinds: String = "kernel_exit,rich_entry"

    @Option(help: "Output format: json, markdown, latex, csv, svg or pgfplots (the figure of log10(1/ε*) against α).")
    var format: TransitionFormat = .markdown

    enum TransitionFormat: String, ExpressibleByArgument { case json, markdown, latex, csv, svg, pgfplots }

    func validate() throws {
        try DataLoading.requireDigits(digits)
    }

    func run() throws {
        if let render {
            guard data == nil, alpha == nil else { throw CLIError("--render re-renders saved reports: give it without --data and --alpha") }
            let paths = try DataLoading.pathList(render, option: "--render")
            let parts: [TransitionReport] = try paths.map { try SavedReport.load($0) }
            let report: TransitionReport
            do { report = try TransitionStudy.merge(parts, names: paths) } catch { throw CLIError(error.description) }
            try StandardOutput.print(try TransitionOutput.render(report, format: format))
            return
        }
        guard let data else { throw CLIError("give the data with --data F.csv or --data builtin:NAME") }
        guard let alpha else { throw CLIError("give the scales with --alpha, e.g. --alpha 1,3,10") }
        let rule: RegimeRule
        do { rule = try RegimeRule(kernelRatio: kernelRatio, richDistance: richDistance, richLimit: richLimit) } catch {
            throw CLIError("--kernel-ratio/--rich-distance: \(error)")
        }
        let depths = try depth.split(separator: ",", omittingEmptySubsequences: false).map { item -> Int in
            guard let d = Int(item.trimmingCharacters(in: .whitespaces)), d >= 2 else {
                throw CLIError("--depth: '\(OptionText.short(String(item)))' is not an integer depth D ≥ 2")
            }
            return d
        }
        let alphas = try DataLoading.exactList(alpha, option: "--alpha").map { item -> Rational in
            guard item.value.signum > 0 else { throw CLIError("--alpha: α = \(item.text) must be positive") }
            return item.value
        }
        let wanted = try kinds.split(separator: ",", omittingEmptySubsequences: false).map { item -> TransitionKind in
            guard let kind = TransitionKind(rawValue: String(item)) else {
                throw CLIError("--kinds: '\(OptionText.short(String(item)))' is not one of kernel_exit, rich_entry")
            }
            return kind
        }
        guard let horizonValue = try DataLoading.rationalList(horizon, option: "--horizon").first, horizonValue.signum > 0,
            !horizon.contains(",")
        else {
            throw CLIError("--horizon: give one positive τ (a decimal), e.g. 1e5")
        }
        let table = try DataLoading.classification(data)
        try SeparabilityCheck.requireSeparable(table, loss: .exponential)

        var study: TransitionStudy
        do {
            study = try TransitionStudy(
                z: table.z, dataName: data, depths: depths, alphas: alphas, kinds: wanted,
                rule: rule, horizon: horizon, digits: digits)
        } catch { throw CLIError(error.description) }
        let bar = ProgressBar(label: "transitions")
        study.progress = { fraction, d, a, kind, tau in
            bar.update(
                fraction: fraction,
                status: "D = \(d), α = \(RegimeAnalyzer.decimal(a)), \(kind.rawValue): τ ≈ \(String(format: "%.4g", tau))")
        }
        let result: TransitionReport
        do { result = try study.run() } catch {
            bar.finish()
            throw CLIError(error.description)
        }
        bar.finish()
        try StandardOutput.print(try TransitionOutput.render(result, format: format))
    }
}
