/// LaTeX with booktabs (`\toprule`, `\midrule`, `\bottomrule`; needs `\usepackage{booktabs}`).
///
/// Numbers are typeset as inline math with their digits as written (`$1.25\times10^{-30}$`,
/// exact rationals `$3/4$`, integers `$-2$`), text cells are escaped (`LaTeXText.escape`), headers
/// are the columns' raw `latexHeader` or their escaped header. With a caption, title or label the
/// tabular is wrapped in a `table` float with `\centering`, `\caption`, `\label` and the notes
/// (footnotesize paragraphs); without, the notes follow the tabular as `%` comment lines.
public enum LaTeXTableRenderer {
    public static func render(_ table: ReportTable) -> String {
        let spec = table.columns.map { column -> String in
            switch column.alignment {
            case .left: return "l"
            case .center: return "c"
            case .right: return "r"
            }
        }.joined()
        var tabular = ["\\begin{tabular}{\(spec)}", "\\toprule"]
        tabular.append(table.columns.map(\.latexHeaderText).joined(separator: " & ") + " \\\\")
        tabular.append("\\midrule")
        for row in table.rows { tabular.append(row.map(cell).joined(separator: " & ") + " \\\\") }
        tabular += ["\\bottomrule", "\\end{tabular}"]
        let caption = table.latexCaption ?? table.title.map(LaTeXText.escape)
        guard caption != nil || table.label != nil else {
            return (tabular + table.notes.map { "% " + $0.replacingNewlines }).joined(separator: "\n") + "\n"
        }
        var lines = ["\\begin{table}[htbp]", "\\centering"]
        if let caption { lines.append("\\caption{\(caption)}") }
        if let label = table.label { lines.append("\\label{\(label)}") }
        lines += tabular
        for note in table.notes { lines.append("\\par\\smallskip{\\footnotesize \(LaTeXText.escape(note))}") }
        lines.append("\\end{table}")
        return lines.joined(separator: "\n") + "\n"
    }

    static func cell(_ cell: TableCell) -> String {
        switch cell {
        case let .decimal(text): return LaTeXText.decimal(text)
        case let .exact(text): return LaTeXText.fraction(text)
        case let .integer(value): return "$\(value)$"
        case let .text(text): return LaTeXText.escape(text)
        case .missing: return "---"
        }
    }
}

extension String {
    var replacingNewlines: String { String(map { $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 }) }
}
