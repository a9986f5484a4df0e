/// An RFC 4180 reader for what `CSVTableRenderer` writes (and any conforming CSV): quoted fields
/// may hold commas, doubled quotes, CR and LF; records end with CRLF or LF.
public enum CSVRecords {
    public enum ParseError: Error, Equatable, CustomStringConvertible {
        /// The line where the quoted field that never closes begins.
        case unterminatedQuote(line: Int)
        case textAfterClosingQuote(line: Int)
        public var description: String {
            switch self {
            case let .unterminatedQuote(line): return "CSV line \(line): a quoted field is not closed"
            case let .textAfterClosingQuote(line): return "CSV line \(line): text after a closing quote"
            }
        }
    }

    public static func parse(_ text: String) throws(ParseError) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var line = 1
        var scalars = Array(text.unicodeScalars)[...]
        var quoted = false, afterQuote = false, fieldStarted = false, quoteLine = 1
        while let scalar = scalars.popFirst() {
            if quoted {
                if scalar == "\"" {
                    if scalars.first == "\"" {
                        scalars.removeFirst()
                        field.unicodeScalars.append("\"")
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case ",":
                record.append(field)
                field = ""
                afterQuote = false
                fieldStarted = true
            case "\r" where scalars.first == "\n":
                continue
            case "\n":
                record.append(field)
                records.append(record)
                record = []
                field = ""
                afterQuote = false
                fieldStarted = false
                line += 1
            case "\"" where field.isEmpty && !afterQuote:
                quoted = true
                fieldStarted = true
                quoteLine = line
            default:
                if afterQuote { throw .textAfterClosingQuote(line: line) }
                field.unicodeScalars.append(scalar)
                fieldStarted = true
            }
        }
        if quoted { throw .unterminatedQuote(line: quoteLine) }
        if fieldStarted || !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        return records
    }
}
