/// pgfplots source of a `ReportFigure` (needs `\usepackage{pgfplots}`, compat ≥ 1.11): a
/// `tikzpicture` with one `axis` (`xmode=log` / `ymode=log` for logarithmic axes, fixed limits as
/// `xmin`…`ymax`), one `\addplot+` with inline coordinates per series and its legend entry.
/// Labels are the raw LaTeX ones when given, else escaped text. Coordinates are the doubles'
/// shortest round-trip decimal forms (pgfplots reads "1e-05"). `standalone: true` wraps the
/// picture in a compilable `standalone` document.
public enum PGFPlotsRenderer {
    public static func render(_ figure: ReportFigure, standalone: Bool = false) -> String {
        var options: [String] = []
        if let title = figure.title { options.append("title={\(LaTeXText.escape(title))}") }
        options.append("xlabel={\(figure.xAxis.latexLabel ?? LaTeXText.escape(figure.xAxis.label))}")
        options.append("ylabel={\(figure.yAxis.latexLabel ?? LaTeXText.escape(figure.yAxis.label))}")
        options.append("xmode=\(figure.xAxis.scale == .log ? "log" : "normal")")
        options.append("ymode=\(figure.yAxis.scale == .log ? "log" : "normal")")
        if let v = figure.xAxis.lower { options.append("xmin=\(number(v))") }
        if let v = figure.xAxis.upper { options.append("xmax=\(number(v))") }
        if let v = figure.yAxis.lower { options.append("ymin=\(number(v))") }
        if let v = figure.yAxis.upper { options.append("ymax=\(number(v))") }
        switch SVGFigureRenderer.resolvedLegend(figure) {
        case .northEast: options.append("legend pos=north east")
        case .northWest: options.append("legend pos=north west")
        case .southEast: options.append("legend pos=south east")
        case .southWest: options.append("legend pos=south west")
        case .hidden, .automatic: break
        }
        options.append("grid=major")
        var lines: [String] = []
        if standalone {
            lines += ["\\documentclass{standalone}", "\\usepackage{pgfplots}", "\\pgfplotsset{compat=1.18}", "\\begin{document}"]
        }
        lines += ["\\begin{tikzpicture}", "\\begin{axis}["]
        lines += options.map { "  " + $0 + "," }
        lines.append("]")
        for series in figure.series where !series.points.isEmpty {
            let style: String
            switch series.style {
            case .linesAndMarkers: style = ""
            case .lines: style = "no marks"
            case .markers: style = "only marks"
            }
            lines.append("\\addplot+[\(style)] coordinates {")
            for point in series.points { lines.append("  (\(number(point.x)), \(number(point.y)))") }
            lines.append("};")
            if figure.legend != .hidden {
                lines.append("\\addlegendentry{\(series.latexLabel ?? LaTeXText.escape(series.label))}")
            }
        }
        lines += ["\\end{axis}", "\\end{tikzpicture}"]
        if standalone { lines.append("\\end{document}") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Shortest round-trip decimal of a double, without a trailing ".0" ("1", "0.25", "1e-05").
    static func number(_ value: Double) -> String {
        var text = "\(value)"
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }
}
