/// One column of a `ReportTable`: a machine key, a human header, an optional unit and alignment.
///
/// The key names the field in JSON and the header cell in CSV (so scripts can rely on it); the
/// header (with the unit in parentheses) heads Markdown tables, and `latexHeader` (raw LaTeX,
/// typically math such as `$\alpha$`) heads LaTeX tables, falling back to the escaped header.
public struct TableColumn: Sendable, Equatable {
    public enum Alignment: String, Sendable, Equatable { case left, center, right }

    public var key: String
    public var header: String
    public var latexHeader: String?
    public var unit: String?
    public var latexUnit: String?
    public var alignment: Alignment

    public init(
        key: String, header: String, latexHeader: String? = nil, unit: String? = nil,
        latexUnit: String? = nil, alignment: Alignment = .right
    ) {
        self.key = key
        self.header = header
        self.latexHeader = latexHeader
        self.unit = unit
        self.latexUnit = latexUnit
        self.alignment = alignment
    }

    /// The header as plain text: "header (unit)" or "header".
    public var plainHeader: String { unit.map { "\(header) (\($0))" } ?? header }

    /// The header as LaTeX: the raw `latexHeader` or the escaped header, then the unit in parentheses.
    public var latexHeaderText: String {
        let head = latexHeader ?? LaTeXText.escape(header)
        guard unit != nil || latexUnit != nil else { return head }
        return head + " (" + (latexUnit ?? LaTeXText.escape(unit!)) + ")"
    }
}
