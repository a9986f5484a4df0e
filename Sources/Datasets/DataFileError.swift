import Multiprecision
/// What went wrong reading a data file, and where.
///
/// `file` is the display name of the source (the path as given, or the name passed with a string);
/// `line` is 1-based as in an editor (the header is line 1, a UTF-8 BOM does not shift it);
/// `column` is the 1-based index of the comma-separated field and `columnName` the header's name
/// for it (nil where the header has no such column, or for errors in the header naming itself).
/// File-level problems (missing file, empty file, no samples) carry no line; every problem found
/// in a row carries its line and, when it belongs to one field, its column.
///
/// `description` reads like a compiler diagnostic:
/// `F1.csv:3:2 (column 'x2'): 'NaN' is not a number: NaN is not a number a data file may hold`.
public struct DataFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The display name of the source: the path as given, or the name given with a string.
    public let file: String
    /// 1-based line, nil for problems of the whole file.
    public let line: Int?
    /// 1-based field index, nil for problems of a whole line or file.
    public let column: Int?
    /// The header's name for `column`, when there is one.
    public let columnName: String?
    /// What is wrong.
    public let problem: Problem

    public init(file: String, line: Int? = nil, column: Int? = nil, columnName: String? = nil, problem: Problem) {
        self.file = file
        self.line = line
        self.column = column
        self.columnName = columnName
        self.problem = problem
    }

    /// The things a data file can get wrong.
    public enum Problem: Equatable, Sendable, CustomStringConvertible {
        /// No file at the path.
        case fileNotFound
        /// The file exists but could not be read (permission, a directory, an I/O error).
        case unreadable(reason: String)
        /// The path names something other than a regular file (`kind`: "directory").
        case notAFile(kind: String)
        /// The file is longer than the reader accepts.
        case fileTooLarge(limitBytes: Int)
        /// A line longer than the reader accepts (an endless source such as /dev/zero ends here).
        case lineTooLong(limitBytes: Int)
        /// A number whose magnitude |x| is beyond 10^±`limit` (zero is always accepted).
        case valueOutOfRange(text: String, limit: Int)
        /// A line that is not valid UTF-8.
        case invalidUTF8
        /// A carriage return that does not end a line (only LF and CRLF line endings are read).
        case strayCarriageReturn
        /// Nothing but blanks (or nothing at all): not even a header row.
        case emptyFile
        /// The first line holds numbers: the header row naming the columns is missing.
        case missingHeader
        /// A header with a single column: there is no room for features and a label/target.
        case labelColumnMissing
        /// An empty name in the header.
        case emptyColumnName
        /// A header name used twice; `firstColumn` is where it appeared first (1-based).
        case duplicateColumnName(name: String, firstColumn: Int)
        /// A header row and no data rows.
        case noSamples(columnCount: Int)
        /// A blank line before the last data row (blank lines may only end the file).
        case blankLine
        /// A row with a different number of fields from the header.
        case raggedRow(expected: Int, found: Int)
        /// A field with a double quote: quoted fields are not part of the format.
        case quotedField(text: String)
        /// An empty field (nothing, or only spaces, between two commas).
        case emptyField
        /// "nan" in any case and with any sign.
        case notANumberValue(text: String)
        /// "inf" or "infinity" in any case and with any sign.
        case infiniteValue(text: String)
        /// Text that is not a decimal literal; `reason` says what is wrong with it.
        case notANumber(text: String, reason: String)
        /// A classification label other than exactly +1 or −1 (shown as its exact value).
        case invalidLabel(value: Rational)

        public var description: String {
            switch self {
            case .fileNotFound:
                return "no such file"
            case let .unreadable(reason):
                return "cannot be read: \(reason)"
            case let .notAFile(kind):
                return "is a \(kind), not a data file"
            case let .fileTooLarge(limit):
                return "longer than \(limit >> 20) MiB, the most a data file may hold"
            case let .lineTooLong(limit):
                return "line longer than \(limit >> 20) MiB: not a data file of this format (one sample per line)"
            case let .valueOutOfRange(text, limit):
                let shown = text.count > 40 ? String(text.prefix(37)) + "..." : text
                return "'\(shown)' is out of range: data values must lie between 1e-\(limit) and 1e\(limit) in magnitude (or be 0); "
                    + "a wider span would need more working bits than any solver here can carry"
            case .invalidUTF8:
                return "not UTF-8 text: a data file must be UTF-8 (or ASCII)"
            case .strayCarriageReturn:
                return "carriage return inside a line: lines must end in LF or CRLF"
            case .emptyFile:
                return "the file is empty: expected a header row naming the columns, then one sample per row"
            case .missingHeader:
                return "the first line holds numbers, not column names: a data file starts with a header row naming its columns"
            case .labelColumnMissing:
                return
                    "only one column: a data file needs feature columns and then the label/target in the last column (fields are separated by commas)"
            case .emptyColumnName:
                return "empty column name: every column needs a name in the header"
            case let .duplicateColumnName(name, firstColumn):
                return "duplicate column name '\(name)' (column \(firstColumn) has the same name)"
            case let .noSamples(columnCount):
                return "no samples: the header names \(columnCount) columns but no data row follows"
            case .blankLine:
                return "blank line inside the data: blank lines may only come at the end of the file"
            case let .raggedRow(expected, found):
                return "\(found < expected ? "too few" : "too many") fields: the row has \(found), the header names \(expected) columns"
            case let .quotedField(text):
                return "'\(text)': quoted fields are not supported, write names and numbers without quotes"
            case .emptyField:
                return "empty field: every sample needs a value in every column"
            case let .notANumberValue(text):
                return "'\(text)' is not a number: NaN is not a number a data file may hold"
            case let .infiniteValue(text):
                return "'\(text)' is not a number: infinity is not a number a data file may hold"
            case let .notANumber(text, reason):
                return "'\(text)' is not a number: \(reason)"
            case let .invalidLabel(value):
                return "label \(value) is not ±1: classification labels must be exactly 1 or -1"
            }
        }
    }

    /// `file:line:column (column 'name'): problem`, leaving out the parts that do not apply.
    public var description: String {
        var location = file
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        if let columnName { location += " (column '\(columnName)')" }
        return "\(location): \(problem)"
    }
}
