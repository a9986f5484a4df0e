import Foundation
import Multiprecision
import Testing
@testable import Reports

/// What every renderer must keep or refuse: full digits, exact fractions, malformed cells, shapes.
@Suite struct TableContentTests {
    @Test func fullDigitsSurviveEveryFormat() throws {
        // 1/3 at 200 bits to 50 digits: every digit must reach the output as written.
        let third = BigFloat(Rational(1) / Rational(3), precision: 200)
        let cell = TableCell(third, significantDigits: 50)
        let digits = "0." + String(repeating: "3", count: 50)
        #expect(cell == .decimal(digits))
        let table = try ReportTable(
            columns: [TableColumn(key: "x", header: "x")], rows: [[cell], [TableCell(exact: Rational(-22) / Rational(7))]])
        #expect(MarkdownTableRenderer.render(table).contains("| " + digits + " |"))
        #expect(CSVTableRenderer.render(table) == "x\r\n\(digits)\r\n-22/7\r\n")
        #expect(JSONTableRenderer.render(table).contains("{\"x\": \"\(digits)\"}"))
        #expect(LaTeXTableRenderer.render(table).contains("$\(digits)$ \\\\\n$-22/7$ \\\\"))
    }

    @Test func malformedCellsAreRefusedWithTheirPlace() {
        let columns = [TableColumn(key: "a", header: "a"), TableColumn(key: "b", header: "b")]
        for (cell, expected) in [
            (TableCell.decimal("1.2.3"), "a decimal"), (.decimal("nan"), "a decimal"), (.decimal("1e"), "a decimal"),
            (.decimal(""), "a decimal"), (.exact("1/0"), "an exact"), (.exact("1/2/3"), "an exact"), (.exact("0.5"), "an exact")
        ] {
            #expect {
                _ = try ReportTable(columns: columns, rows: [[.integer(1), .integer(2)], [.integer(1), cell]])
            } throws: { error in
                guard case let .malformedCell(row, column, _, message) = error as? ReportError else { return false }
                return row == 1 && column == "b" && message.hasPrefix(expected)
            }
        }
        #expect(throws: ReportError.rowWidth(row: 0, cells: 1, columns: 2)) { try ReportTable(columns: columns, rows: [[.integer(1)]]) }
        #expect(throws: ReportError.duplicateColumnKey("a")) { try ReportTable(columns: columns + [columns[0]], rows: []) }
    }

    @Test func decimalGrammar() {
        for good in ["0", "-0", "12", "1.5", ".5", "5.", "-1.2345e-434295", "3E+7", "1e0"] {
            #expect(DecimalLiteral(good) != nil, "\(good)")
        }
        for bad in ["", "-", ".", "e5", "1e", "1e+", "1.2.3", "inf", "1,5", "0x10", "1 2"] { #expect(DecimalLiteral(bad) == nil, "\(bad)") }
    }

    @Test func latexEscapesEverySpecialCharacter() {
        #expect(
            LaTeXText.escape("a\\b{c}$d&e#f%g_h~i^j<k>l|m")
                == "a\\textbackslash{}b\\{c\\}\\$d\\&e\\#f\\%g\\_h\\textasciitilde{}i\\textasciicircum{}j\\textless{}k\\textgreater{}l\\textbar{}m"
        )
        #expect(LaTeXText.escape("α ≤ 10 × τ, ‖w‖₁") == "$\\alpha$ $\\le$ 10 $\\times$ $\\tau$, $\\|$w$\\|_1$")
        #expect(LaTeXText.escape("line\nbreak") == "line break")
    }

    @Test func latexTypesetsNumbersAsWritten() {
        #expect(LaTeXText.decimal("-1.2345e-434295") == "$-1.2345\\times10^{-434295}$")
        #expect(LaTeXText.decimal("12E+5") == "$12\\times10^{5}$")
        #expect(LaTeXText.decimal("3e0") == "$3$")
        #expect(LaTeXText.decimal("0.000120") == "$0.000120$")
        #expect(LaTeXTableRenderer.cell(.integer(-4)) == "$-4$")
        #expect(LaTeXTableRenderer.cell(.text("50% & up")) == "50\\% \\& up")
    }

    @Test func csvRoundTrip() throws {
        let nasty = [
            "plain", "with,comma", "with \"quotes\"", "two\r\nlines", "lf\nonly", "", " padded ", "ε* = 1e-30", "\"", ",", "trailing\r"
        ]
        let columns = [TableColumn(key: "text", header: "text"), TableColumn(key: "value, \"x\"", header: "value")]
        let rows: [[TableCell]] =
            nasty.enumerated().map { [.text($1), .decimal("-1.\($0)e-\($0 + 10)")] } + [[.missing, .exact("-355/113")]]
        let table = try ReportTable(columns: columns, rows: rows)
        let records = try CSVRecords.parse(CSVTableRenderer.render(table))
        #expect(records == [columns.map(\.key)] + rows.map { $0.map(\.plainText) })
    }

    @Test func csvReaderRefusesBrokenQuoting() {
        #expect(throws: CSVRecords.ParseError.unterminatedQuote(line: 2)) { try CSVRecords.parse("a,b\r\n\"open,1\r\n") }
        #expect(throws: CSVRecords.ParseError.textAfterClosingQuote(line: 1)) { try CSVRecords.parse("\"a\"b,c\r\n") }
    }
}
