/// CSV as RFC 4180 defines it: a header row of the column keys, one record per row, records ended
/// by CRLF, and a field quoted (with `"` doubled inside) exactly when it contains a comma, a double
/// quote, CR or LF. Numbers keep every digit as written; missing cells are empty fields.
public enum CSVTableRenderer {
    public static func render(_ table: ReportTable) -> String {
        var records = [table.columns.map { field($0.key) }.joined(separator: ",")]
        for row in table.rows { records.append(row.map { field($0.plainText) }.joined(separator: ",")) }
        return records.map { $0 + "\r\n" }.joined()
    }

    /// One field, quoted when RFC 4180 requires it.
    public static func field(_ text: String) -> String {
        let needsQuotes = text.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
        guard needsQuotes else { return text }
        return "\"" + text.replacingAll("\"", with: "\"\"") + "\""
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
