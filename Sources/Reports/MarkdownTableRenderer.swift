/// GitHub-flavoured Markdown: an optional bold title line, a pipe table padded so the columns line
/// up in the source, an alignment row (`:---`, `:---:`, `---:`) and the notes as paragraphs.
/// Pipes in cell text are escaped (`\|`), line breaks become spaces; numbers appear as written.
public enum MarkdownTableRenderer {
    public static func render(_ table: ReportTable) -> String {
        let header = table.columns.map { escape($0.plainHeader) }
        let body = table.rows.map { $0.map { escape($0.plainText) } }
        var widths = header.map { max(3, $0.count) }
        for row in body { for (c, text) in row.enumerated() { widths[c] = max(widths[c], text.count) } }
        var lines: [String] = []
        if let title = table.title { lines += ["**\(escape(title))**", ""] }
        lines.append(line(header, widths: widths, alignments: table.columns.map(\.alignment)))
        lines.append("| " + zip(widths, table.columns).map { rule(width: $0, alignment: $1.alignment) }.joined(separator: " | ") + " |")
        for row in body { lines.append(line(row, widths: widths, alignments: table.columns.map(\.alignment))) }
        for note in table.notes { lines += ["", note.replacingNewlines] }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func line(_ cells: [String], widths: [Int], alignments: [TableColumn.Alignment]) -> String {
        "| " + cells.indices.map { pad(cells[$0], to: widths[$0], alignment: alignments[$0]) }.joined(separator: " | ") + " |"
    }

    private static func rule(width: Int, alignment: TableColumn.Alignment) -> String {
        switch alignment {
        case .left: return ":" + String(repeating: "-", count: width - 1)
        case .center: return ":" + String(repeating: "-", count: width - 2) + ":"
        case .right: return String(repeating: "-", count: width - 1) + ":"
        }
    }

    private static func pad(_ text: String, to width: Int, alignment: TableColumn.Alignment) -> String {
        let gap = width - text.count
        switch alignment {
        case .left: return text + String(repeating: " ", count: gap)
        case .right: return String(repeating: " ", count: gap) + text
        case .center: return String(repeating: " ", count: gap / 2) + text + String(repeating: " ", count: gap - gap / 2)
        }
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "|": out += "\\|"
            case "\n", "\r", "\r\n": out += " "
            default: out.append(character)
            }
        }
        return out
    }
}
