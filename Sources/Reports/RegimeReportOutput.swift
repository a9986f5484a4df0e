import Asymptotics
import Foundation
import Limits
import Multiprecision

/// The renderings of a `RegimeReport` (`biasflow analyze`, DESIGN.md §4): its table (for the
/// Markdown, LaTeX booktabs and CSV renderers), its figure (SVG, pgfplots) and its Codable JSON.
/// Every number keeps exactly its verified digits.
public enum RegimeReportOutput {
    /// Distance to each reference against log10(1/ε) = τ/ln 10 (log-scaled distances; points with
    /// no verified digit are left out, so every plotted point is a verified number).
    public static func figure(_ report: RegimeReport) throws -> ReportFigure {
        let kinds = ReferenceKind.allCases.filter { kind in report.checkpoints.contains { $0.distance[kind] != nil } }
        let series = kinds.map { kind in
            FigureSeries(
                label: "‖w̃ − \(kind.title)‖₂",
                points: report.checkpoints.compactMap { c -> FigurePoint? in
                    guard let d = c.distance[kind], d.digits > 0, let x = Double(c.log10Loss.value), let y = Double(d.value), y > 0 else {
                        return nil
                    }
                    return FigurePoint(x: -x, y: y)
                })
        }.filter { !$0.points.isEmpty }
        return try ReportFigure(
            title: "Distance of w/γ to the limits (\(report.data), D = \(report.depth), α = \(report.alpha))",
            xAxis: FigureAxis(label: "log10(1/ε)", latexLabel: "$\\log_{10}(1/\\varepsilon)$", scale: .log),
            yAxis: FigureAxis(label: "distance", latexLabel: "$\\|\\tilde w - \\hat w\\|_2$", scale: .log),
            series: series)
    }

    public static func json<T: Encodable>(_ value: T) throws -> String { try CodableJSON.render(value) }

    public static func cell(_ value: VerifiedDecimal?) -> TableCell {
        guard let value else { return .missing }
        return value.digits > 0 ? .decimal(value.value) : .text(value.value + " (0 digits)")
    }

    public static func table(_ report: RegimeReport) throws -> ReportTable {
        let kinds = ReferenceKind.allCases.filter { kind in report.checkpoints.contains { $0.distance[kind] != nil } }
        var columns = [
            TableColumn(key: "target", header: "checkpoint", alignment: .left),
            TableColumn(key: "tau", header: "τ", latexHeader: "$\\tau$"),
            TableColumn(key: "gamma", header: "γ", latexHeader: "$\\gamma$"),
            TableColumn(key: "mu", header: "μ = α^D/γ", latexHeader: "$\\mu$"),
            TableColumn(key: "rho", header: "ρ = ‖w‖∞/α^D", latexHeader: "$\\rho$")
        ]
        let lyuLi = report.checkpoints.contains { $0.lyuLiMargin != nil }
        if lyuLi {
            columns.append(
                TableColumn(
                    key: "lyu_li_margin", header: "γ̃ = ln(1/L)/‖u‖₂^D",
                    latexHeader: "$\\tilde\\gamma = \\log(1/L)/\\|u\\|_2^D$"))
        }
        columns.append(TableColumn(key: "regime", header: "regime", alignment: .left))
        let latexNames: [ReferenceKind: String] = [
            .l2Margin: "$\\|\\tilde w - \\hat w_2\\|$", .l1Margin: "$\\|\\tilde w - \\hat w_1\\|$",
            .qMu: "$\\|\\tilde w - \\operatorname{argmin} Q_\\mu\\|$", .sweep: "$\\|\\tilde w - T(\\mu)\\|$",
            .l2dStationary: "$\\|\\tilde w - \\hat w_{2/D}^{\\mathrm{near}}\\|$",
            .l2dRichLimit: "$\\|\\tilde w - \\hat w_{2/D}\\|$"
        ]
        for kind in kinds {
            columns.append(TableColumn(key: kind.rawValue, header: "‖w̃ − \(kind.title)‖₂", latexHeader: latexNames[kind]))
        }
        let rows = report.checkpoints.map { c -> [TableCell] in
            var row: [TableCell] = [.text(c.target), cell(c.tau), cell(c.gamma), cell(c.mu), cell(c.rho)]
            if lyuLi { row.append(cell(c.lyuLiMargin)) }
            row.append(.text(c.regime.rawValue + (c.labelCertain ? "" : " (at threshold)")))
            row += kinds.map { cell(c.distance[$0]) }
            return row
        }
        var notes = [
            "Data \(report.data), depth D = \(report.depth), α = \(report.alpha) (α^D = \(report.alphaToDepth)); flow verified to \(report.digits) digits requested.",
            "Rule: \(report.ruleText).",
            "Every number shows only its verified digits (two-run agreement of flow and limits, propagated)."
        ]
        if lyuLi {
            var text =
                "γ̃ = ln(1/L)/‖u‖₂^D is the Lyu–Li normalized margin (u = (u₊, u₋) all parameters), non-decreasing once L < 1 (MATH.md T9)"
            if let limit = report.lyuLiLimit, let exact = try? Rational(fraction: limit) {
                text += "; its limit for D = 2 is 1/‖ŵ₁‖₁ = \(limit) = \(ExactDecimal.format(exact, significantDigits: 12))"
            } else if report.depth > 2 {
                text += "; its limit at an l_{2/D} KKT point w* the flow converges to is (Σ|w*_i|^{2/D})^{−D/2}"
            }
            notes.append(text + ".")
        }
        if let rich = report.richLimit, rich.limit == .kkt { notes.append(rich.summary + ".") }
        for c in report.checkpoints {
            if let point = c.stationaryPoint {
                let limit = point.lyuLiLimit.map { ", Lyu–Li limit (Σ|w*_i|^{2/D})^{−D/2} = \($0)" } ?? ""
                notes.append(
                    "\(c.target): nearest l_{2/D} KKT point found has support \(point.support), tight set \(point.tight), KKT residual \(point.kktResidual)\(limit)."
                )
            }
        }
        return try ReportTable(columns: columns, rows: rows, title: "Regime analysis", label: "tab:regime", notes: notes)
    }
}
