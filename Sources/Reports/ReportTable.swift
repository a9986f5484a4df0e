/// A table of results, independent of its output format: columns, rows of cells, a title, a
/// LaTeX label and notes (e.g. the rule a regime label follows).
///
/// Construction checks the shape (every row as wide as the columns, unique keys) and that every
/// `.decimal` / `.exact` cell holds what it promises, so every renderer can rely on it.
public struct ReportTable: Sendable, Equatable {
    public private(set) var columns: [TableColumn]
    public private(set) var rows: [[TableCell]]
    public var title: String?
    /// Raw LaTeX caption (falls back to the escaped title).
    public var latexCaption: String?
    /// LaTeX `\label{…}` key.
    public var label: String?
    /// Plain-text notes printed under the table (Markdown, LaTeX) or as "notes" (JSON).
    public var notes: [String]

    public init(
        columns: [TableColumn], rows: [[TableCell]], title: String? = nil, latexCaption: String? = nil,
        label: String? = nil, notes: [String] = []
    ) throws(ReportError) {
        var keys = Set<String>()
        for column in columns where !keys.insert(column.key).inserted { throw .duplicateColumnKey(column.key) }
        for (r, row) in rows.enumerated() {
            guard row.count == columns.count else { throw .rowWidth(row: r, cells: row.count, columns: columns.count) }
            for (c, cell) in row.enumerated() {
                if let expected = cell.malformation {
                    throw .malformedCell(row: r, column: columns[c].key, text: cell.plainText, expected: expected)
                }
            }
        }
        self.columns = columns
        self.rows = rows
        self.title = title
        self.latexCaption = latexCaption
        self.label = label
        self.notes = notes
    }

    /// Appends a row after the same checks as construction.
    public mutating func append(_ row: [TableCell]) throws(ReportError) {
        let checked = try ReportTable(columns: columns, rows: [row])
        rows.append(checked.rows[0])
    }
}
