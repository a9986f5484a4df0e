import Multiprecision
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The exact CSV reader behind `CSVTable`, `ClassificationData` and `RegressionData`; the format,
/// what it tolerates and what it refuses are documented on `CSVTable`. Lines are split on LF
/// (one CR before it is dropped) in the raw bytes, each line is checked to be UTF-8, fields are
/// split on commas and trimmed, and each data field goes through `Rational(decimal:)`.
enum CSVReader {
    /// The largest data file read: 256 MiB (a 1000 × 10 000 table of 20-digit decimals is about 200 MiB).
    static let maximumFileBytes = 1 << 28
    /// The longest line read: 16 MiB.
    static let maximumLineBytes = 1 << 24

    /// The bytes of the file at `path`, read up to `maximumFileBytes` (lines up to
    /// `maximumLineBytes`), so an endless source such as /dev/zero is refused, not exhausted.
    /// - Throws: `.fileNotFound`, `.unreadable` (with the system's reason), `.notAFile` for a
    ///   directory, `.fileTooLarge` or `.lineTooLong`, `file` = `path`.
    static func contents(ofFile path: String, maximumBytes: Int = maximumFileBytes, maximumLine: Int = maximumLineBytes)
        throws(DataFileError) -> [UInt8]
    {
        func failure(_ code: Int32) -> DataFileError {
            if code == ENOENT || code == ENOTDIR { return DataFileError(file: path, problem: .fileNotFound) }
            if code == EISDIR { return DataFileError(file: path, problem: .notAFile(kind: "directory")) }
            return DataFileError(file: path, problem: .unreadable(reason: systemReason(code)))
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(errno) }
        defer { close(descriptor) }
        var status = stat()
        if fstat(descriptor, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR {
            throw DataFileError(file: path, problem: .notAFile(kind: "directory"))
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var line = 1, lineLength = 0
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                let code = errno
                if code == EINTR { continue }
                throw failure(code)
            }
            for byte in chunk[0..<count] {
                if byte == lineFeed {
                    line += 1
                    lineLength = 0
                } else {
                    lineLength += 1
                    if lineLength > maximumLine {
                        throw DataFileError(file: path, line: line, problem: .lineTooLong(limitBytes: maximumLine))
                    }
                }
            }
            guard bytes.count + count <= maximumBytes else {
                throw DataFileError(file: path, problem: .fileTooLarge(limitBytes: maximumBytes))
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }

    /// The system's message for `code`, starting in lower case ("permission denied").
    private static func systemReason(_ code: Int32) -> String {
        guard let message = strerror(code) else { return "system error \(code)" }
        let text = String(cString: message)
        guard let first = text.first else { return "system error \(code)" }
        return first.lowercased() + text.dropFirst()
    }

    /// Parses the bytes of a data file; `source` names it in errors.
    static func table(from bytes: [UInt8], source: String) throws(DataFileError) -> CSVTable {
        let lines = splitLines(bytes)
        // Blank lines after the last non-blank one are the tolerated trailing blank lines.
        guard let last = lines.lastIndex(where: { !isBlank(bytes[$0]) }) else {
            throw DataFileError(file: source, problem: .emptyFile)
        }
        var columnNames: [String] = []
        var rows: [[Rational]] = []
        var lineNumbers: [Int] = []
        for index in 0...last {
            let lineNumber = index + 1
            func failure(_ problem: DataFileError.Problem) -> DataFileError {
                DataFileError(file: source, line: lineNumber, problem: problem)
            }
            let range = lines[index]
            guard !bytes[range].contains(carriageReturn) else { throw failure(.strayCarriageReturn) }
            guard !isBlank(bytes[range]) else { throw failure(.blankLine) }
            guard let text = String(validating: bytes[range], as: UTF8.self) else { throw failure(.invalidUTF8) }
            let fields = text.unicodeScalars
                .split(separator: ",", omittingEmptySubsequences: false)
                .map { trimmed(String(String.UnicodeScalarView($0))) }
            if index == 0 {
                try validateHeader(fields, source: source)
                columnNames = fields
            } else {
                rows.append(try row(fields, columnNames: columnNames, line: lineNumber, source: source))
                lineNumbers.append(lineNumber)
            }
        }
        guard !rows.isEmpty else { throw DataFileError(file: source, problem: .noSamples(columnCount: columnNames.count)) }
        return CSVTable(validatedSource: source, columnNames: columnNames, rows: rows, lineNumbers: lineNumbers)
    }

    /// Checks a header row (line 1): names present, distinct, at least two, and not numbers.
    static func validateHeader(_ names: [String], source: String) throws(DataFileError) {
        func failure(_ problem: DataFileError.Problem, column: Int? = nil, name: String? = nil) -> DataFileError {
            DataFileError(file: source, line: 1, column: column, columnName: name, problem: problem)
        }
        if names.allSatisfy({ !$0.isEmpty && (try? Rational(decimal: $0)) != nil }) { throw failure(.missingHeader) }
        var firstColumn: [String: Int] = [:]
        for (offset, name) in names.enumerated() {
            let column = offset + 1
            if name.contains("\"") { throw failure(.quotedField(text: name), column: column) }
            if name.isEmpty { throw failure(.emptyColumnName, column: column) }
            if let first = firstColumn[name] {
                throw failure(.duplicateColumnName(name: name, firstColumn: first), column: column, name: name)
            }
            firstColumn[name] = column
        }
        if names.count == 1 { throw failure(.labelColumnMissing, column: 1, name: names[0]) }
    }

    /// The exact values of one data row's (trimmed) fields.
    static func row(_ fields: [String], columnNames: [String], line: Int, source: String) throws(DataFileError) -> [Rational] {
        let expected = columnNames.count
        guard fields.count == expected else {
            // Point at the first missing column, or at the first field beyond the header.
            let column = min(fields.count, expected) + 1
            throw DataFileError(
                file: source, line: line, column: column,
                columnName: column <= expected ? columnNames[column - 1] : nil,
                problem: .raggedRow(expected: expected, found: fields.count))
        }
        var values: [Rational] = []
        values.reserveCapacity(expected)
        for (offset, field) in fields.enumerated() {
            values.append(
                try value(of: field) { problem in
                    DataFileError(file: source, line: line, column: offset + 1, columnName: columnNames[offset], problem: problem)
                })
        }
        return values
    }

    /// The exact value of one trimmed field; `failure` places what is wrong with it.
    static func value(of field: String, failure: (DataFileError.Problem) -> DataFileError) throws(DataFileError) -> Rational {
        guard !field.isEmpty else { throw failure(.emptyField) }
        if let magnitude = (try? DecimalLiteral(parsing: field, original: field))?.magnitude,
            magnitude.magnitude > CSVTable.maximumDecimalMagnitude
        {
            throw failure(.valueOutOfRange(text: field, limit: CSVTable.maximumDecimalMagnitude))
        }
        do {
            return try Rational(decimal: field)
        } catch {
            if field.contains("\"") { throw failure(.quotedField(text: field)) }
            let lowered = field.lowercased()
            let unsigned = lowered.hasPrefix("+") || lowered.hasPrefix("-") ? String(lowered.dropFirst()) : lowered
            if unsigned == "nan" { throw failure(.notANumberValue(text: field)) }
            if unsigned == "inf" || unsigned == "infinity" { throw failure(.infiniteValue(text: field)) }
            if case let .malformedNumber(_, reason) = error { throw failure(.notANumber(text: field, reason: reason)) }
            throw failure(.notANumber(text: field, reason: error.description))
        }
    }

    // MARK: Lines and fields

    private static let lineFeed: UInt8 = 0x0A
    private static let carriageReturn: UInt8 = 0x0D

    /// The byte ranges of the lines, without their LF or CRLF ending, after a UTF-8 BOM. A final
    /// newline does not start another line.
    static func splitLines(_ bytes: [UInt8]) -> [Range<Int>] {
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var lines: [Range<Int>] = []
        func add(_ end: Int) {
            lines.append(start..<(end > start && bytes[end - 1] == carriageReturn ? end - 1 : end))
        }
        for index in start..<bytes.count where bytes[index] == lineFeed {
            add(index)
            start = index + 1
        }
        if start < bytes.count { add(bytes.count) }
        return lines
    }

    /// True for a line of spaces and tabs only (or nothing).
    static func isBlank(_ line: ArraySlice<UInt8>) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    /// `text` without leading and trailing whitespace.
    static func trimmed(_ text: String) -> String {
        var scalars = Substring(text).unicodeScalars[...]
        while let first = scalars.first, first.properties.isWhitespace { scalars = scalars.dropFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars = scalars.dropLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
