import Foundation
import Datasets
import Multiprecision
import Testing

// Every expected value below is written out by hand (exact fractions), or is an invariant
// (z = y·x, correctly rounded conversion equal to MPFR's own correctly rounded decimal parsing).

/// The directory of the committed CSV fixtures (copies of shared/data, see Fixtures/csv/README.md).
private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures").appendingPathComponent("csv")

/// A fresh temporary directory, removed after `body`.
private func withTemporaryDirectory<R>(_ body: (URL) throws -> R) throws -> R {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("biasflow-csv-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try body(directory)
}

/// The error reading `text` as a table throws (nil if it reads).
private func tableError(_ text: String, source: String = "F1.csv") -> DataFileError? {
    do {
        _ = try CSVTable(parsing: text, source: source)
        return nil
    } catch {
        return error
    }
}

/// The error reading `text` as classification data throws (nil if it reads).
private func classificationError(_ text: String, source: String = "F1.csv") -> DataFileError? {
    do {
        _ = try ClassificationData(parsing: text, source: source)
        return nil
    } catch {
        return error
    }
}

private func q(_ numerator: Int, _ denominator: Int = 1) -> Rational { Rational(numerator, denominator) }

@Suite("CSV reader: public data files")
struct CSVPublicDataTests {
    /// F1.csv by hand: 0.646 = 323/500, 0.330 = 33/100, -1.303 = -1303/1000, ...
    static let f1Features: [[Rational]] = [
        [q(323, 500), q(411, 500), q(33, 100), q(-1303, 1000), q(181, 200), q(223, 500)],
        [q(837, 1000), q(581, 1000), q(73, 200), q(147, 500), q(7, 250), q(547, 1000)],
        [q(259, 250), q(-163, 1000), q(-241, 500), q(599, 1000), q(1, 25), q(-73, 250)],
        [q(541, 500), q(-257, 1000), q(1, 125), q(-69, 250), q(647, 500), q(1007, 1000)]
    ]
    static let f1Text: [[String]] = [
        ["0.646", "0.822", "0.330", "-1.303", "0.905", "0.446"],
        ["0.837", "0.581", "0.365", "0.294", "0.028", "0.547"],
        ["1.036", "-0.163", "-0.482", "0.599", "0.040", "-0.292"],
        ["1.082", "-0.257", "0.008", "-0.276", "1.294", "1.007"]
    ]

    @Test func f1ReadsExactlyAsClassification() throws {
        let path = fixtures.appendingPathComponent("F1.csv").path
        let data = try ClassificationData(contentsOfFile: path)
        #expect(data.source == path)
        #expect(data.sampleCount == 4)
        #expect(data.featureCount == 6)
        #expect(data.featureNames == ["x1", "x2", "x3", "x4", "x5", "x6"])
        #expect(data.labelName == "y")
        #expect(data.x[0][0] == q(323, 500))
        #expect(data.x == Self.f1Features)
        #expect(data.y == [q(1), q(1), q(1), q(1)])
        // All labels are +1, so z_n = y_n x_n = x_n exactly.
        #expect(data.z == data.x)
        let table = try CSVTable(contentsOfFile: path)
        #expect(table.lineNumbers == [2, 3, 4, 5])
        #expect(table.columnCount == 7 && table.rowCount == 4)
        #expect(table.column(6) == [q(1), q(1), q(1), q(1)])
    }

    @Test func f1ConvertsCorrectlyRounded() throws {
        let data = try ClassificationData(contentsOfFile: fixtures.appendingPathComponent("F1.csv").path)
        // MPFR's own correctly rounded decimal parsing (mpfr_strtofr) is the independent reference.
        for precision in [24, 53, 64, 200] {
            let x = try data.xMatrix(precision: precision)
            let z = try data.zMatrix(precision: precision)
            #expect(x.rows == 4 && x.columns == 6 && x.precision == precision)
            for i in 0..<4 {
                for j in 0..<6 {
                    let reference = try BigFloat(Self.f1Text[i][j], precision: precision)
                    #expect(x[i, j] == reference, "x[\(i), \(j)] at \(precision) bits")
                    #expect(z[i, j] == reference, "z[\(i), \(j)] at \(precision) bits")
                }
            }
            let y = try data.yVector(precision: precision)
            #expect(y.count == 4)
            for n in 0..<4 { #expect(y[n] == BigFloat(1, precision: precision)) }
        }
        // Directed rounding brackets the exact value: 0.646 is not dyadic, so down < up.
        let down = try data.xMatrix(precision: 64, rounding: .down)[0, 0]
        let up = try data.xMatrix(precision: 64, rounding: .up)[0, 0]
        #expect(down < up)
        #expect(down == (try BigFloat("0.646", precision: 64, rounding: .down)))
        #expect(up == (try BigFloat("0.646", precision: 64, rounding: .up)))
    }

    @Test func invalidPrecisionIsRefused() throws {
        let data = try ClassificationData(contentsOfFile: fixtures.appendingPathComponent("F1.csv").path)
        #expect(throws: MultiprecisionError.self) { _ = try data.xMatrix(precision: 0) }
        #expect(throws: MultiprecisionError.self) { _ = try data.zMatrix(precision: -5) }
        #expect(throws: MultiprecisionError.self) { _ = try data.yVector(precision: 0) }
    }

    @Test func t11ReadsExactlyAsRegression() throws {
        let path = fixtures.appendingPathComponent("T11.csv").path
        let data = try RegressionData(contentsOfFile: path)
        #expect(data.sampleCount == 2 && data.featureCount == 4)
        #expect(data.featureNames == ["x1", "x2", "x3", "x4"])
        #expect(data.targetName == "y")
        #expect(data.x == [[q(1), q(1, 2), q(7, 10), q(0)], [q(1, 2), q(1), q(1, 10), q(7, 10)]])
        #expect(data.y == [q(1), q(0)])
        let x = try data.xMatrix(precision: 100)
        #expect(x[1, 2] == (try BigFloat("0.1", precision: 100)))
        #expect(x[0, 1] == BigFloat(exactly: 0.5, precision: 100))
        let y = try data.yVector(precision: 100)
        #expect(y[0] == BigFloat(1, precision: 100) && y[1].isZero)
    }

    @Test func t11IsNotClassificationData() throws {
        // Its second target is 0, not ±1: line 3, column 5 ('y').
        let path = fixtures.appendingPathComponent("T11.csv").path
        do {
            _ = try ClassificationData(contentsOfFile: path)
            Issue.record("T11.csv read as classification data")
        } catch {
            #expect(error == DataFileError(file: path, line: 3, column: 5, columnName: "y", problem: .invalidLabel(value: q(0))))
            #expect(error.description == "\(path):3:5 (column 'y'): label 0 is not ±1: classification labels must be exactly 1 or -1")
        }
    }
}

@Suite("CSV reader: exact values and tolerated layout")
struct CSVLayoutTests {
    static let plain = "x1,x2,y\n1.5,-2,1\n0.1,3e-2,-1\n"

    @Test func negativeLabelsFoldIntoZ() throws {
        let data = try ClassificationData(parsing: "a,b,label\n0.5,-2,-1\n3,0.25,1\n", source: "mixed.csv")
        #expect(data.x == [[q(1, 2), q(-2)], [q(3), q(1, 4)]])
        #expect(data.y == [q(-1), q(1)])
        #expect(data.z == [[q(-1, 2), q(2)], [q(3), q(1, 4)]])
        let z = try data.zMatrix(precision: 53)
        #expect(z[0, 0] == BigFloat(exactly: -0.5, precision: 53) && z[0, 1] == BigFloat(2, precision: 53))
        let y = try data.yVector(precision: 53)
        #expect(y[0] == BigFloat(-1, precision: 53))
    }

    @Test func labelsEqualToPlusMinusOneInAnyNotation() throws {
        let data = try ClassificationData(parsing: "x,y\n1,+1\n2,1.0\n3,-1e0\n4,-10e-1\n5,1.000\n", source: "s.csv")
        #expect(data.y == [q(1), q(1), q(-1), q(-1), q(1)])
    }

    @Test func decimalsAreExactBeyondDouble() throws {
        let table = try CSVTable(parsing: "a,b,c,y\n0.1,1e-400,0.30000000000000000000000000000000001,-7.25E+2\n", source: "s.csv")
        var tenToThe400 = Rational(1)
        for _ in 0..<400 { tenToThe400 *= Rational(10) }
        var tenToThe35 = Rational(1)
        for _ in 0..<35 { tenToThe35 *= Rational(10) }
        #expect(table.rows[0][0] == q(1, 10))
        #expect(table.rows[0][1] == Rational(1) / tenToThe400)
        #expect(table.rows[0][2] == q(3, 10) + Rational(1) / tenToThe35)
        #expect(table.rows[0][3] == q(-725))
    }

    @Test func crlfLineEndingsAreRead() throws {
        let crlf = try CSVTable(parsing: "x1,x2,y\r\n1.5,-2,1\r\n0.1,3e-2,-1\r\n", source: "s.csv")
        let lf = try CSVTable(parsing: Self.plain, source: "s.csv")
        #expect(crlf == lf)
        #expect(crlf.columnNames == ["x1", "x2", "y"])
        #expect(crlf.rows == [[q(3, 2), q(-2), q(1)], [q(1, 10), q(3, 100), q(-1)]])
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let table = try CSVTable(parsing: "\u{FEFF}" + Self.plain, source: "s.csv")
        #expect(table == (try CSVTable(parsing: Self.plain, source: "s.csv")))
        #expect(table.columnNames[0] == "x1")
        // A BOM does not shift line numbers.
        #expect(tableError("\u{FEFF}x,y\n1,nan\n")?.line == 2)
    }

    @Test func surroundingSpacesAndTrailingBlankLinesAreTolerated() throws {
        let reference = try CSVTable(parsing: Self.plain, source: "s.csv")
        let spaced = " x1 ,\tx2,  y \n 1.5 ,\t-2 ,1\n0.1,   3e-2 , -1  \n"
        #expect(try CSVTable(parsing: spaced, source: "s.csv") == reference)
        let trailing = Self.plain + "\n\n   \n\t\n"
        #expect(try CSVTable(parsing: trailing, source: "s.csv") == reference)
        let noFinalNewline = String(Self.plain.dropLast())
        #expect(try CSVTable(parsing: noFinalNewline, source: "s.csv") == reference)
        let crlfTrailing = "x1,x2,y\r\n1.5,-2,1\r\n0.1,3e-2,-1\r\n\r\n \r\n"
        #expect(try CSVTable(parsing: crlfTrailing, source: "s.csv") == reference)
    }

    @Test func namesMayContainSpacesInside() throws {
        let table = try CSVTable(parsing: "feature one, feature two ,target y\n1,2,3\n", source: "s.csv")
        #expect(table.columnNames == ["feature one", "feature two", "target y"])
    }

    @Test func fileWithBOMAndCRLFIsRead() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("bom-crlf.csv")
            let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("x1,x2,y\r\n1.5,-2,1\r\n0.1,3e-2,-1\r\n\r\n".utf8)
            try Data(bytes).write(to: url)
            let table = try CSVTable(contentsOfFile: url.path)
            #expect(table.source == url.path)
            #expect(table.columnNames == ["x1", "x2", "y"])
            #expect(table.rows == [[q(3, 2), q(-2), q(1)], [q(1, 10), q(3, 100), q(-1)]])
            #expect(table.lineNumbers == [2, 3])
        }
    }

    @Test func tableBuiltInCodeIsChecked() throws {
        let table = try CSVTable(columnNames: ["x", "y"], rows: [[q(1), q(-1)], [q(2), q(1)]], source: "inline")
        #expect(table.lineNumbers == [2, 3])
        #expect(try ClassificationData(table).z == [[q(-1)], [q(2)]])
        #expect(throws: DataFileError(file: "inline", line: 3, column: 2, columnName: "y", problem: .raggedRow(expected: 2, found: 1))) {
            _ = try CSVTable(columnNames: ["x", "y"], rows: [[q(1), q(-1)], [q(2)]], source: "inline")
        }
        #expect(throws: DataFileError(file: "inline", problem: .noSamples(columnCount: 2))) {
            _ = try CSVTable(columnNames: ["x", "y"], rows: [], source: "inline")
        }
        #expect(
            throws: DataFileError(
                file: "inline", line: 1, column: 2, columnName: "x", problem: .duplicateColumnName(name: "x", firstColumn: 1))
        ) {
            _ = try CSVTable(columnNames: ["x", "x"], rows: [[q(1), q(1)]], source: "inline")
        }
    }
}

@Suite("CSV reader: bad input is refused with its location")
struct CSVBadInputTests {
    @Test func nanIsRefused() {
        let error = tableError("x1,x2,y\n1,2,1\n3,NaN,1\n")
        #expect(error == DataFileError(file: "F1.csv", line: 3, column: 2, columnName: "x2", problem: .notANumberValue(text: "NaN")))
        #expect(error?.description == "F1.csv:3:2 (column 'x2'): 'NaN' is not a number: NaN is not a number a data file may hold")
        for text in ["nan", "-nan", "+NAN", " NaN "] {
            let error = tableError("x1,x2,y\n\(text),2,1\n")
            #expect(error?.problem == .notANumberValue(text: text.trimmingCharacters(in: .whitespaces)), "\(text)")
            #expect(error?.line == 2 && error?.column == 1 && error?.columnName == "x1")
        }
    }

    @Test func infinityIsRefused() {
        for text in ["inf", "-inf", "+INF", "Infinity", "-infinity"] {
            let error = tableError("x1,x2,y\n1,2,1\n1,2,1\n1,\(text),1\n")
            #expect(error == DataFileError(file: "F1.csv", line: 4, column: 2, columnName: "x2", problem: .infiniteValue(text: text)))
            #expect(
                error?.description == "F1.csv:4:2 (column 'x2'): '\(text)' is not a number: infinity is not a number a data file may hold")
        }
    }

    @Test func textThatIsNotANumberIsRefused() {
        let error = tableError("x1,x2,y\n1,2,1\n1,2,abc\n")
        #expect(error?.line == 3 && error?.column == 3 && error?.columnName == "y")
        guard case let .notANumber(text, reason)? = error?.problem else {
            Issue.record("expected notANumber, got \(String(describing: error))")
            return
        }
        #expect(text == "abc" && !reason.isEmpty)
        #expect(error?.description == "F1.csv:3:3 (column 'y'): 'abc' is not a number: \(reason)")
        let twoPoints = tableError("x1,x2,y\n1.2.3,2,1\n")
        #expect(twoPoints?.problem == .notANumber(text: "1.2.3", reason: "more than one decimal point"))
        #expect(twoPoints?.line == 2 && twoPoints?.column == 1)
        for text in ["0x10", "1e", "--1", "1 2", "½", "١", "1/2", "e5", "."] {
            let error = tableError("a,y\n\(text),1\n")
            guard case .notANumber? = error?.problem else {
                Issue.record("'\(text)' gave \(String(describing: error))")
                continue
            }
            #expect(error?.line == 2 && error?.column == 1 && error?.columnName == "a")
        }
    }

    @Test func quotedFieldsAreRefused() {
        #expect(
            tableError("x1,y\n\"1.5\",1\n")
                == DataFileError(
                    file: "F1.csv", line: 2, column: 1, columnName: "x1", problem: .quotedField(text: "\"1.5\"")))
        #expect(
            tableError("\"x1\",y\n1.5,1\n")
                == DataFileError(
                    file: "F1.csv", line: 1, column: 1, problem: .quotedField(text: "\"x1\"")))
    }

    @Test func emptyFieldIsRefused() {
        let error = tableError("x1,x2,y\n1,2,1\n1,,1\n")
        #expect(error == DataFileError(file: "F1.csv", line: 3, column: 2, columnName: "x2", problem: .emptyField))
        #expect(error?.description == "F1.csv:3:2 (column 'x2'): empty field: every sample needs a value in every column")
        #expect(tableError("x1,x2,y\n1,  \t ,1\n")?.column == 2)
        #expect(tableError("x1,x2,y\n,2,1\n") == DataFileError(file: "F1.csv", line: 2, column: 1, columnName: "x1", problem: .emptyField))
    }

    @Test func raggedRowsAreRefused() {
        let tooFew = tableError("x1,x2,y\n1,2,1\n1,2\n")
        #expect(tooFew == DataFileError(file: "F1.csv", line: 3, column: 3, columnName: "y", problem: .raggedRow(expected: 3, found: 2)))
        #expect(tooFew?.description == "F1.csv:3:3 (column 'y'): too few fields: the row has 2, the header names 3 columns")
        let tooMany = tableError("x1,x2,y\n1,2,1,4\n")
        #expect(tooMany == DataFileError(file: "F1.csv", line: 2, column: 4, problem: .raggedRow(expected: 3, found: 4)))
        #expect(tooMany?.description == "F1.csv:2:4: too many fields: the row has 4, the header names 3 columns")
        // A trailing comma is one field too many.
        #expect(tableError("x1,x2,y\n1,2,1,\n")?.problem == .raggedRow(expected: 3, found: 4))
        // A single-field row.
        #expect(
            tableError("x1,x2,y\n1,2,1\n7\n")
                == DataFileError(
                    file: "F1.csv", line: 3, column: 2, columnName: "x2", problem: .raggedRow(expected: 3, found: 1)))
    }

    @Test func emptyFileIsRefused() {
        for text in ["", "\n", "\n\n  \n", "\r\n", "\u{FEFF}", "\u{FEFF}\n"] {
            let error = tableError(text)
            #expect(error == DataFileError(file: "F1.csv", problem: .emptyFile), "\(Array(text.utf8))")
        }
        #expect(
            tableError("")?.description
                == "F1.csv: the file is empty: expected a header row naming the columns, then one sample per row")
    }

    @Test func headerOnlyIsRefused() {
        for text in ["x1,x2,y", "x1,x2,y\n", "x1,x2,y\r\n\r\n", "x1,x2,y\n\n \n"] {
            #expect(tableError(text) == DataFileError(file: "F1.csv", problem: .noSamples(columnCount: 3)))
        }
        #expect(tableError("x1,x2,y\n")?.description == "F1.csv: no samples: the header names 3 columns but no data row follows")
    }

    @Test func missingFileIsRefused() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("absent.csv").path
            do throws(DataFileError) {
                _ = try ClassificationData(contentsOfFile: path)
                Issue.record("a missing file was read")
            } catch {
                #expect(error == DataFileError(file: path, problem: .fileNotFound))
                #expect(error.description == "\(path): no such file")
            }
            let underAFile = directory.appendingPathComponent("absent.csv").appendingPathComponent("x.csv").path
            #expect(throws: DataFileError(file: underAFile, problem: .fileNotFound)) {
                _ = try RegressionData(contentsOfFile: underAFile)
            }
        }
    }

    @Test func directoryIsUnreadable() throws {
        try withTemporaryDirectory { directory in
            do throws(DataFileError) {
                _ = try CSVTable(contentsOfFile: directory.path)
                Issue.record("a directory was read as a data file")
            } catch {
                guard case let .notAFile(kind) = error.problem else {
                    Issue.record("expected notAFile, got \(error)")
                    return
                }
                #expect(error.file == directory.path && error.line == nil)
                #expect(kind == "directory")
                #expect(error.description == "\(directory.path): is a directory, not a data file")
            }
        }
    }

    @Test(.enabled(if: getuid() != 0, "root reads files whatever their permissions"))
    func fileWithoutReadPermissionIsUnreadable() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("locked.csv")
            try Data("x,y\n1,1\n".utf8).write(to: url)
            try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: url.path)
            defer { try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path) }
            #expect(throws: DataFileError(file: url.path, problem: .unreadable(reason: "permission denied"))) {
                _ = try CSVTable(contentsOfFile: url.path)
            }
        }
    }

    @Test func invalidLabelsAreRefused() {
        let half = classificationError("x1,x2,y\n1,2,1\n3,4,-1\n5,6,0.5\n")
        #expect(half == DataFileError(file: "F1.csv", line: 4, column: 3, columnName: "y", problem: .invalidLabel(value: q(1, 2))))
        #expect(half?.description == "F1.csv:4:3 (column 'y'): label 1/2 is not ±1: classification labels must be exactly 1 or -1")
        #expect(classificationError("x1,y\n1,2\n")?.problem == .invalidLabel(value: q(2)))
        #expect(classificationError("x1,y\n1,0\n")?.problem == .invalidLabel(value: q(0)))
        #expect(classificationError("x1,y\n1,-1.0000001\n")?.problem == .invalidLabel(value: q(-10_000_001, 10_000_000)))
        // Blank lines shift the line reported.
        #expect(classificationError("x1,y\n1,1\n1,2\n\n")?.line == 3)
        // Regression accepts any target.
        #expect((try? RegressionData(parsing: "x1,y\n1,0.5\n", source: "r.csv"))?.y == [q(1, 2)])
    }

    @Test func duplicateColumnNamesAreRefused() {
        let error = tableError("x1,x1,y\n1,2,1\n")
        #expect(
            error
                == DataFileError(
                    file: "F1.csv", line: 1, column: 2, columnName: "x1", problem: .duplicateColumnName(name: "x1", firstColumn: 1)))
        #expect(error?.description == "F1.csv:1:2 (column 'x1'): duplicate column name 'x1' (column 1 has the same name)")
        // Names are compared after trimming.
        #expect(tableError("a, y ,b,y\n1,2,3,1\n")?.problem == .duplicateColumnName(name: "y", firstColumn: 2))
        #expect(tableError("a, y ,b,y\n1,2,3,1\n")?.column == 4)
    }

    @Test func emptyColumnNamesAreRefused() {
        let error = tableError("x1,,y\n1,2,1\n")
        #expect(error == DataFileError(file: "F1.csv", line: 1, column: 2, problem: .emptyColumnName))
        #expect(error?.description == "F1.csv:1:2: empty column name: every column needs a name in the header")
        #expect(tableError("x1,y,\n1,2,1\n") == DataFileError(file: "F1.csv", line: 1, column: 3, problem: .emptyColumnName))
        #expect(tableError("  ,y\n1,1\n") == DataFileError(file: "F1.csv", line: 1, column: 1, problem: .emptyColumnName))
    }

    @Test func singleColumnIsRefused() {
        let error = tableError("y\n1\n-1\n")
        #expect(error == DataFileError(file: "F1.csv", line: 1, column: 1, columnName: "y", problem: .labelColumnMissing))
        #expect(error?.description.hasPrefix("F1.csv:1:1 (column 'y'): only one column") == true)
        // Semicolons are not separators: one column named "x1;x2;y".
        #expect(tableError("x1;x2;y\n1;2;1\n")?.problem == .labelColumnMissing)
        #expect(classificationError("y\n1\n")?.problem == .labelColumnMissing)
    }

    @Test func missingHeaderIsRefused() {
        let error = tableError("1,2,1\n3,4,-1\n")
        #expect(error == DataFileError(file: "F1.csv", line: 1, problem: .missingHeader))
        #expect(error?.description.hasPrefix("F1.csv:1: the first line holds numbers, not column names") == true)
    }

    @Test func blankLinesInsideAreRefused() {
        let error = tableError("x,y\n1,1\n\n2,1\n")
        #expect(error == DataFileError(file: "F1.csv", line: 3, problem: .blankLine))
        #expect(error?.description == "F1.csv:3: blank line inside the data: blank lines may only come at the end of the file")
        #expect(tableError("\nx,y\n1,1\n") == DataFileError(file: "F1.csv", line: 1, problem: .blankLine))
        #expect(tableError("x,y\r\n1,1\r\n \t\r\n2,1\r\n") == DataFileError(file: "F1.csv", line: 3, problem: .blankLine))
    }

    @Test func loneCarriageReturnsAreRefused() {
        // Old Mac line endings: the whole file is one line holding carriage returns.
        #expect(tableError("x,y\r1,1\r") == DataFileError(file: "F1.csv", line: 1, problem: .strayCarriageReturn))
        #expect(tableError("x,y\n1,1\n2\r,1\n") == DataFileError(file: "F1.csv", line: 3, problem: .strayCarriageReturn))
    }

    @Test func invalidUTF8IsRefused() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("latin1.csv")
            // "x,y" then a Latin-1 "é" (0xE9), which is not UTF-8, on line 3.
            let bytes = Array("x,y\n1,1\n".utf8) + [0xE9] + Array(",1\n".utf8)
            try Data(bytes).write(to: url)
            #expect(throws: DataFileError(file: url.path, line: 3, problem: .invalidUTF8)) {
                _ = try CSVTable(contentsOfFile: url.path)
            }
        }
    }

    @Test func firstProblemInFileOrderIsReported() {
        // NaN on line 3 comes before the ragged row on line 5 and the bad label on line 4.
        let text = "x1,x2,y\n1,2,1\n1,nan,1\n1,2,3\n1,2\n"
        #expect(tableError(text)?.line == 3)
        #expect(classificationError(text)?.line == 3)
        // Without the NaN, reading stops at the ragged row before any label is looked at.
        #expect(classificationError("x1,x2,y\n1,2,1\n1,2,1\n1,2,3\n1,2\n")?.line == 5)
    }

    @Test func failedReadsReturnNothing() {
        // All or nothing: the good rows before a bad one are not returned.
        let text = "x1,y\n1,1\n2,1\n3,x\n"
        #expect((try? CSVTable(parsing: text, source: "s.csv")) == nil)
        #expect((try? ClassificationData(parsing: text, source: "s.csv")) == nil)
        #expect((try? RegressionData(parsing: text, source: "s.csv")) == nil)
    }
}
