import Datasets
import Foundation
import Testing
@testable import Reports

/// Each renderer against an expected output written by hand from the format's specification
/// (GitHub Markdown pipe tables, LaTeX booktabs, RFC 4180, RFC 8259).
@Suite struct TableGoldenTests {
    static func sample() throws -> ReportTable {
        try ReportTable(
            columns: [
                TableColumn(key: "depth", header: "D", latexHeader: "$D$"),
                TableColumn(key: "alpha", header: "α", latexHeader: "$\\alpha$"),
                TableColumn(key: "log10_inv_eps", header: "log10(1/ε*)", latexHeader: "$\\log_{10}(1/\\varepsilon^*)$"),
                TableColumn(key: "mu", header: "μ", latexHeader: "$\\mu$", alignment: .center),
                TableColumn(key: "regime", header: "regime", alignment: .left),
                TableColumn(key: "seconds", header: "time", unit: "s")
            ],
            rows: [
                [.integer(2), .decimal("1"), .decimal("1.25e-30"), .exact("-3/4"), .text("kernel | rich"), .decimal("12.5")],
                [.integer(3), .decimal("0.001"), .missing, .exact("7"), .text("a,b \"q\""), .decimal("-0.25")]
            ],
            title: "Transition & regimes", label: "tab:transition", notes: ["rule: kernel if d₂ < 0.1"])
    }

    @Test func markdown() throws {
        let expected = """
            **Transition & regimes**

            |   D |     α | log10(1/ε*) |  μ   | regime         | time (s) |
            | --: | ----: | ----------: | :--: | :------------- | -------: |
            |   2 |     1 |    1.25e-30 | -3/4 | kernel \\| rich |     12.5 |
            |   3 | 0.001 |             |  7   | a,b "q"        |    -0.25 |

            rule: kernel if d₂ < 0.1

            """
        #expect(MarkdownTableRenderer.render(try Self.sample()) == expected)
    }

    @Test func latexBooktabs() throws {
        let expected = """
            \\begin{table}[htbp]
            \\centering
            \\caption{Transition \\& regimes}
            \\label{tab:transition}
            \\begin{tabular}{rrrclr}
            \\toprule
            $D$ & $\\alpha$ & $\\log_{10}(1/\\varepsilon^*)$ & $\\mu$ & regime & time (s) \\\\
            \\midrule
            $2$ & $1$ & $1.25\\times10^{-30}$ & $-3/4$ & kernel \\textbar{} rich & $12.5$ \\\\
            $3$ & $0.001$ & --- & $7$ & a,b "q" & $-0.25$ \\\\
            \\bottomrule
            \\end{tabular}
            \\par\\smallskip{\\footnotesize rule: kernel if d$_2$ \\textless{} 0.1}
            \\end{table}

            """
        #expect(LaTeXTableRenderer.render(try Self.sample()) == expected)
    }

    @Test func latexWithoutFloatKeepsNotesAsComments() throws {
        var table = try Self.sample()
        table.title = nil
        table.label = nil
        let rendered = LaTeXTableRenderer.render(table)
        #expect(rendered.hasPrefix("\\begin{tabular}{rrrclr}\n\\toprule\n"))
        #expect(rendered.hasSuffix("\\bottomrule\n\\end{tabular}\n% rule: kernel if d₂ < 0.1\n"))
    }

    @Test func csvRFC4180() throws {
        let expected =
            "depth,alpha,log10_inv_eps,mu,regime,seconds\r\n"
            + "2,1,1.25e-30,-3/4,kernel | rich,12.5\r\n"
            + "3,0.001,,7,\"a,b \"\"q\"\"\",-0.25\r\n"
        #expect(CSVTableRenderer.render(try Self.sample()) == expected)
    }

    @Test func json() throws {
        let expected = """
            {
              "title": "Transition & regimes",
              "columns": [
                {"key": "depth", "header": "D", "unit": null, "alignment": "right"},
                {"key": "alpha", "header": "α", "unit": null, "alignment": "right"},
                {"key": "log10_inv_eps", "header": "log10(1/ε*)", "unit": null, "alignment": "right"},
                {"key": "mu", "header": "μ", "unit": null, "alignment": "center"},
                {"key": "regime", "header": "regime", "unit": null, "alignment": "left"},
                {"key": "seconds", "header": "time", "unit": "s", "alignment": "right"}
              ],
              "rows": [
                {"depth": 2, "alpha": "1", "log10_inv_eps": "1.25e-30", "mu": "-3/4", "regime": "kernel | rich", "seconds": "12.5"},
                {"depth": 3, "alpha": "0.001", "log10_inv_eps": null, "mu": "7", "regime": "a,b \\"q\\"", "seconds": "-0.25"}
              ],
              "notes": ["rule: kernel if d₂ < 0.1"]
            }

            """
        let rendered = JSONTableRenderer.render(try Self.sample())
        #expect(rendered == expected)
        // An independent parser reads the same values back.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(rendered.utf8)) as? [String: Any])
        let rows = try #require(object["rows"] as? [[String: Any]])
        #expect(rows.count == 2)
        #expect(rows[1]["regime"] as? String == "a,b \"q\"")
        #expect(rows[0]["depth"] as? Int == 2)
        #expect(rows[1]["log10_inv_eps"] is NSNull)
    }

    @Test func jsonEscapesControlCharacters() {
        #expect(JSONText.string("a\"b\\c\nd\te\u{01}é") == "\"a\\\"b\\\\c\\nd\\te\\u0001é\"")
    }
}
