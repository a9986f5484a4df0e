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

    @Option(help: "Render transition reports saved with --format json (comma-separated files, merged in order: a reached point replaces the same (D, α, kind) not reached; fits are redone) in another format.")
    var render: String?

    @Option(help: "Depths, comma-separated (e.g. 2,3).")
    var depth: String = "2"

    @Option(help: "Initialization scales α, comma-separated decimals (e.g. 1,3,10,30,100).")
    var alpha: String?

    @Option(name: .customLong("kernel-ratio"), help: "Kernel exit when ρ = max|w_i|/α^D reaches this.")
    var kernelRatio: String = "1"

    @Option(name: .customLong("rich-distance"), help: "Rich entry when ‖w/γ − ŵ_rich‖₂ (ŵ_rich: see --rich-limit) comes down to this δ.")
    var richDistance: String = "0.1"

    @Option(name: .customLong("rich-limit"), help: "The rich limit ŵ_rich: l1 (ŵ₁, l1 max margin), kkt (the l_{2/D} KKT point at the μ → 0 end of the sweep path; ŵ₁ for D = 2) or auto (l1 for D = 2, kkt for D > 2).")
    var richLimit: RichLimitChoice = .auto

    @Option(help: "Give up on a crossing not reached by this τ (decimal).")
    var horizon: String = "1e5"

    @Option(help: "Significant digits to deliver and verify in the flow.")
    var digits: Int = 12

    @Option(help: "Which transitions: kernel_exit, rich_entry or both.")
    var kinds: String = "kernel_exit,rich_entry"

    @Option(help: "Output format: json, markdown, latex, csv, svg or pgfplots (the figure of log10(1/ε*) against α).")
    var format: TransitionFormat = .markdown

    enum TransitionFormat: String, ExpressibleByArgument { case json, markdown, latex, csv, svg, pgfplots }

    func run() throws {
        if let render {
            guard data == nil, alpha == nil else { throw CLIError("--render re-renders saved reports: give it without --data and --alpha") }
            var merged: TransitionReport?
            for path in render.split(separator: ",").map(String.init) {
                let part: TransitionReport = try SavedReport.load(path)
                guard merged != nil else { merged = part; continue }
                guard part.rule == merged!.rule, part.data == merged!.data else {
                    throw CLIError("\(path): another data set or rule than the first report; only reports of one experiment merge")
                }
                for record in part.richLimits ?? [] {
                    if let known = merged!.richLimits?.first(where: { $0.depth == record.depth }) {
                        guard known == record else { throw CLIError("\(path): another rich limit at D = \(record.depth) than the earlier reports") }
                    } else {
                        merged!.richLimits = (merged!.richLimits ?? []) + [record]
                    }
                }
                // A point computed again (e.g. with a longer horizon) replaces the earlier one if it was reached.
                for point in part.points {
                    if let i = merged!.points.firstIndex(where: { $0.depth == point.depth && $0.alpha == point.alpha && $0.kind == point.kind }) {
                        if point.reached || !merged!.points[i].reached { merged!.points[i] = point }
                    } else {
                        merged!.points.append(point)
                    }
                }
            }
            // The fits are derived data: refit them on the merged points.
            var report = merged!
            report.fits = []
            for d in Array(Set(report.points.map(\.depth))).sorted() {
                for kind in TransitionKind.allCases {
                    let points = report.points.filter { $0.depth == d && $0.kind == kind && $0.reached }
                    if Set(points.map(\.alphaToDepth)).count >= 2 { report.fits.append(try ScalingLawFit(points)) }
                }
            }
            print(try TransitionOutput.render(report, format: format), terminator: "")
            return
        }
        guard let data else { throw CLIError("give the data with --data F.csv or --data builtin:NAME") }
        guard let alpha else { throw CLIError("give the scales with --alpha, e.g. --alpha 1,3,10") }
        let rule: RegimeRule
        do { rule = try RegimeRule(kernelRatio: kernelRatio, richDistance: richDistance, richLimit: richLimit) } catch {
            throw CLIError("--kernel-ratio/--rich-distance: \(error)")
        }
        let depths = try depth.split(separator: ",").map { item -> Int in
            guard let d = Int(item.trimmingCharacters(in: .whitespaces)), d >= 2 else {
                throw CLIError("--depth: '\(item)' is not an integer depth D ≥ 2")
            }
            return d
        }
        let alphas = try DataLoading.decimalList(alpha, option: "--alpha").map { text -> Rational in
            let value = try! Rational(decimal: text)
            guard value.signum > 0 else { throw CLIError("--alpha: α = \(text) must be positive") }
            return value
        }
        let wanted = try kinds.split(separator: ",").map { item -> TransitionKind in
            guard let kind = TransitionKind(rawValue: String(item)) else {
                throw CLIError("--kinds: '\(item)' is not one of kernel_exit, rich_entry")
            }
            return kind
        }
        _ = try DataLoading.decimalList(horizon, option: "--horizon")
        let table = try DataLoading.classification(data)
        try SeparabilityCheck.requireSeparable(table, loss: .exponential)

        let bar = ProgressBar(label: "transitions")
        let total = Double(depths.count * alphas.count * wanted.count)
        var done = 0.0
        var result = TransitionReport(data: data, rule: rule, horizon: horizon, digits: digits)
        result.richLimits = []
        for d in depths {
            // The rich limit only when rich entries are asked (kernel exits do not use it).
            var richPoint: [Rational] = []
            if wanted.contains(.richEntry) {
                do {
                    let rich = try RichLimit(z: table.z, depth: d, choice: rule.richLimit, precision: TransitionFinder.richLimitPrecision(digits: digits))
                    richPoint = rich.w
                    result.richLimits?.append(RichLimitRecord(rich))
                } catch { bar.finish(); throw CLIError("D = \(d): \(error)") }
            }
            var finder = TransitionFinder(z: table.z, depth: d, rule: rule, richLimit: richPoint, horizon: horizon, digits: digits)
            for a in alphas {
                for kind in wanted {
                    let fraction = done / total
                    finder.progress = { tau in bar.update(fraction: fraction, status: "D = \(d), α = \(a), \(kind.rawValue): τ ≈ \(String(format: "%.4g", tau))") }
                    do { result.points.append(try finder.locate(kind, alpha: a)) } catch { bar.finish(); throw CLIError("D = \(d), α = \(a): \(error)") }
                    done += 1
                }
            }
            for kind in wanted {
                let points = result.points.filter { $0.depth == d && $0.kind == kind && $0.reached }
                if Set(points.map(\.alphaToDepth)).count >= 2 { result.fits.append(try ScalingLawFit(points)) }
            }
        }
        bar.finish()
        print(try TransitionOutput.render(result, format: format), terminator: "")
    }
}
