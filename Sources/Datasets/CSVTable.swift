import Multiprecision
/// A data file read exactly: the header's column names and one row of exact rationals per sample.
///
/// The format (DESIGN.md §3): UTF-8 text, a header row naming the columns, then one sample per
/// row, fields separated by commas, features first and the label/target in the last column,
/// every data field a decimal literal ("12", "-0.125", ".5", "3.", "2.5E+3").
///
/// Tolerated: a UTF-8 byte-order mark, LF or CRLF line endings, whitespace around fields and
/// names, a missing or present final newline, blank lines after the last row. Everything else is
/// refused with a `DataFileError` naming file, line and column: NaN and infinities, text that is
/// not a decimal literal, empty fields, quoted fields, ragged rows, blank lines before the last
/// row, a lone carriage return, invalid UTF-8, a header that is missing (a first line of numbers),
/// has a single column, an empty or a repeated name, a file with no samples, a missing or
/// unreadable file, a directory, a file over 256 MiB or a line over 16 MiB, a nonzero value
/// beyond 10^±1000 in magnitude (`maximumDecimalMagnitude`). When a file has several problems the first one in file order is reported.
///
/// Numerical contract: every entry is the exact value of the decimal literal in the file ("0.646"
/// is 323/500, "1e-400" is 10^-400); nothing goes through `Double` and no entry is ever rounded.
/// Invariants: at least two columns, distinct non-empty column names, at least one row, one entry
/// per column in every row. Reading is all or nothing: an initializer that throws yields no
/// partial table.
public struct CSVTable: Sendable, Equatable {
    /// The display name of the source (the path as given, or the name given with the text).
    public let source: String
    /// The header's column names, in file order (trimmed of surrounding whitespace).
    public let columnNames: [String]
    /// One row per sample, `columnCount` exact entries each.
    public let rows: [[Rational]]
    /// The 1-based line of the file each row came from (for messages about a row).
    public let lineNumbers: [Int]

    /// The largest decimal exponent of a data value's magnitude: every nonzero entry lies in
    /// [10^-1000, 10^1001). Beyond, the flows' working precision would have to span the data's
    /// range on top of the digits asked for.
    public static let maximumDecimalMagnitude = 1000

    /// Reads the data file at `path`; errors name the file by `path` as given.
    /// - Throws: `DataFileError` (missing or unreadable file, or any format problem).
    public init(contentsOfFile path: String) throws(DataFileError) {
        self = try CSVReader.table(from: CSVReader.contents(ofFile: path), source: path)
    }

    /// Reads a data file held in `text`; `source` names it in errors (e.g. "F1.csv" or "<stdin>").
    /// - Throws: `DataFileError` for any format problem.
    public init(parsing text: String, source: String) throws(DataFileError) {
        self = try CSVReader.table(from: Array(text.utf8), source: source)
    }

    /// A table built in code, checked as if it had been read from a file: `columnNames` is line 1
    /// and `rows[i]` line i + 2.
    /// - Throws: `DataFileError` for a bad header (empty, repeated or a single name), ragged rows
    ///   or no rows.
    public init(columnNames: [String], rows: [[Rational]], source: String) throws(DataFileError) {
        try CSVReader.validateHeader(columnNames, source: source)
        for (index, row) in rows.enumerated() where row.count != columnNames.count {
            let column = min(row.count, columnNames.count) + 1
            throw DataFileError(
                file: source, line: index + 2, column: column,
                columnName: column <= columnNames.count ? columnNames[column - 1] : nil,
                problem: .raggedRow(expected: columnNames.count, found: row.count))
        }
        guard !rows.isEmpty else { throw DataFileError(file: source, problem: .noSamples(columnCount: columnNames.count)) }
        self.init(validatedSource: source, columnNames: columnNames, rows: rows, lineNumbers: rows.indices.map { $0 + 2 })
    }

    /// The reader's result, already checked.
    init(validatedSource source: String, columnNames: [String], rows: [[Rational]], lineNumbers: [Int]) {
        self.source = source
        self.columnNames = columnNames
        self.rows = rows
        self.lineNumbers = lineNumbers
    }

    /// Number of data rows (samples), at least 1.
    public var rowCount: Int { rows.count }
    /// Number of columns, at least 2.
    public var columnCount: Int { columnNames.count }

    /// The entries of column `index` (0-based), top to bottom.
    /// - Precondition: 0 ≤ `index` < `columnCount`.
    public func column(_ index: Int) -> [Rational] {
        precondition(columnNames.indices.contains(index), "column \(index) is outside 0..<\(columnCount)")
        return rows.map { $0[index] }
    }
}
