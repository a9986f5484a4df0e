import Asymptotics
import Foundation

/// The renderings of a `TransitionReport` (`biasflow transitions`): the table of transition points
/// (for the Markdown, LaTeX booktabs and CSV renderers) and the figure log10(1/ε*) against α (SVG,
/// pgfplots); the JSON is the report's Codable form (`RegimeReportOutput.json`).
public enum TransitionReportOutput {
    public static func table(_ report: TransitionReport) throws -> ReportTable {
        let columns = [
            TableColumn(key: "depth", header: "D", latexHeader: "$D$"),
            TableColumn(key: "alpha", header: "α", latexHeader: "$\\alpha$"),
            TableColumn(key: "kind", header: "transition", alignment: .left),
            TableColumn(key: "log10_inverse_loss", header: "log10(1/ε*)", latexHeader: "$\\log_{10}(1/\\varepsilon^*)$"),
            TableColumn(key: "gamma", header: "γ*", latexHeader: "$\\gamma^*$"),
            TableColumn(key: "mu", header: "μ* = α^D/γ*", latexHeader: "$\\mu^*$"),
            TableColumn(key: "digits", header: "verified digits")
        ]
        let rows = report.points.map { p -> [TableCell] in
            let kind: TableCell = .text(p.kind == .kernelExit ? "kernel exit" : "rich entry")
            guard p.reached else {
                return [.integer(p.depth), .decimal(p.alpha), kind, .text("not reached by τ = \(p.horizon)"), .missing, .missing, .missing]
            }
            return [
                .integer(p.depth), .decimal(p.alpha), kind, RegimeReportOutput.cell(p.log10InverseLoss), RegimeReportOutput.cell(p.gamma),
                RegimeReportOutput.cell(p.mu), .integer(p.log10InverseLoss?.digits ?? 0)
            ]
        }
        // The rich distance in words: one phrase, or one rich limit per depth.
        let depths = Array(Set(report.points.map(\.depth))).sorted()
        let legacy = report.richLimits == nil  // saved before the rich limit was recorded: ŵ₁
        let symbols = Set(depths.map { legacy ? "ŵ₁" : report.rule.richLimitSymbol(depth: $0) })
        let delta = report.rule.richDistance
        let richText: String
        if legacy || symbols.count <= 1, let d = depths.first {
            richText =
                legacy
                ? "‖w̃ − ŵ₁‖₂ = \(delta) (w̃ = w/γ, ŵ₁ the l1 max-margin limit)"
                : "‖w̃ − \(report.rule.richLimitSymbol(depth: d))‖₂ = \(delta) (w̃ = w/γ, \(report.rule.richLimitName(depth: d)))"
        } else {
            richText =
                "‖w̃ − ŵ_rich‖₂ = \(delta) (w̃ = w/γ; ŵ_rich: "
                + depths.map { "for D = \($0) \(report.rule.richLimitName(depth: $0))" }.joined(separator: "; ") + ")"
        }
        var notes = [
            "Data \(report.data). Kernel exit: first τ with ρ = ‖w‖∞/α^D = \(report.rule.kernelRatio); rich entry: first τ with \(richText). Located by level crossings inside the integrator (Illinois), verified by two runs to \(report.digits) digits requested; ε* = e^{−τ*}."
        ]
        for record in (report.richLimits ?? []).sorted(by: { $0.depth < $1.depth }) { notes.append(record.summary + ".") }
        for fit in report.fits {
            let intercept = fit.intercept.hasPrefix("-") ? "− " + fit.intercept.dropFirst() : "+ " + fit.intercept
            notes.append(
                "Fit D = \(fit.depth), \(fit.kind.rawValue): log10(1/ε*) = \(fit.slope)·α^D \(intercept) (implied μ* = \(fit.impliedMu)); residuals "
                    + fit.residuals.map { "α = \($0.alpha): \($0.residual)" }.joined(separator: ", ")
                    + "; largest relative residual \(fit.maximumRelativeResidual).")
        }
        return try ReportTable(
            columns: columns, rows: rows, title: "Kernel-to-rich transition points", label: "tab:transitions", notes: notes)
    }

    public static func figure(_ report: TransitionReport) throws -> ReportFigure {
        var series = [FigureSeries]()
        let keys = Array(Set(report.points.map { "\($0.depth)|\($0.kind.rawValue)" })).sorted()
        for key in keys {
            let parts = key.split(separator: "|")
            let points = report.points.filter { "\($0.depth)|\($0.kind.rawValue)" == key && $0.reached }
            guard !points.isEmpty else { continue }
            let name = parts[1] == "kernel_exit" ? "kernel exit" : "rich entry"
            // A log axis cannot show ε* ≥ 1 (an exit before the loss falls below 1): such points stay in the tables only.
            let drawable = points.compactMap { p -> FigurePoint? in
                guard let x = Double(p.alpha), let text = p.log10InverseLoss?.value, let y = Double(text), x.isFinite, y.isFinite else {
                    return nil
                }
                return FigurePoint(x: x, y: y)
            }.filter { $0.y > 0 }
            guard !drawable.isEmpty else { continue }
            series.append(FigureSeries(label: "D = \(parts[0]), \(name)", points: drawable))
        }
        return try ReportFigure(
            title: "Kernel-to-rich transition (\(report.data))",
            xAxis: FigureAxis(label: "α", latexLabel: "$\\alpha$", scale: .log),
            yAxis: FigureAxis(label: "log10(1/ε*)", latexLabel: "$\\log_{10}(1/\\varepsilon^*)$", scale: .log),
            series: series, legend: .northWest)
    }
}
