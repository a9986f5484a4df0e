import Datasets

/// JSON (DESIGN.md §3: numbers are decimal strings with every verified digit, exact values "p/q"):
///
/// ```
/// {
///   "title": "…" | null,
///   "columns": [{"key", "header", "unit", "alignment"}, …],
///   "rows": [{"<key>": "<decimal or p/q or text>" | <integer> | null, …}, …],
///   "notes": ["…", …]
/// }
/// ```
/// Fields appear in the columns' order; output is deterministic (two-space indentation).
public enum JSONTableRenderer {
    public static func render(_ table: ReportTable) -> String {
        var lines = ["{", "  \"title\": \(JSONText.optional(table.title)),", "  \"columns\": ["]
        for (c, column) in table.columns.enumerated() {
            let fields = [
                "\"key\": \(JSONText.string(column.key))", "\"header\": \(JSONText.string(column.header))",
                "\"unit\": \(JSONText.optional(column.unit))", "\"alignment\": \(JSONText.string(column.alignment.rawValue))"
            ]
            lines.append("    {" + fields.joined(separator: ", ") + "}" + (c + 1 < table.columns.count ? "," : ""))
        }
        lines += ["  ],", "  \"rows\": ["]
        for (r, row) in table.rows.enumerated() {
            let fields = zip(table.columns, row).map { "\(JSONText.string($0.key)): \(value($1))" }
            lines.append("    {" + fields.joined(separator: ", ") + "}" + (r + 1 < table.rows.count ? "," : ""))
        }
        lines += ["  ],", "  \"notes\": [" + table.notes.map(JSONText.string).joined(separator: ", ") + "]", "}"]
        return lines.joined(separator: "\n") + "\n"
    }

    static func value(_ cell: TableCell) -> String {
        switch cell {
        case let .integer(value): return String(value)
        case .missing: return "null"
        case let .decimal(text), let .exact(text), let .text(text): return JSONText.string(text)
        }
    }
}
