import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif
import Testing
@testable import Reports

/// Figures: axis ticks worked out by hand, SVG parsed by Foundation's XML parser (well-formed,
/// with the axes, tick labels, series and legend where the layout puts them), pgfplots source
/// against a hand-written expectation, and the points no figure can draw.
@Suite struct FigureTests {
    @Test func linearTicksUseNiceSteps() {
        let a = AxisTicks(axis: FigureAxis(label: "x"), values: [0.3, 9.7])
        #expect(a.lower == 0 && a.upper == 10)
        #expect(a.major.map(\.label) == ["0", "2", "4", "6", "8", "10"].map { .plain($0) })
        let b = AxisTicks(axis: FigureAxis(label: "x"), values: [-0.013, 0.021])  // span 0.034 / 5 → step 0.01
        #expect(b.major.map(\.label) == ["-0.02", "-0.01", "0.00", "0.01", "0.02", "0.03"].map { .plain($0) })
        let c = AxisTicks(axis: FigureAxis(label: "x"), values: [4, 4])  // one value: ±max(1, 10 %) → [3, 5], 2/5 → step 0.5
        #expect(c.major.map(\.label) == ["3.0", "3.5", "4.0", "4.5", "5.0"].map { .plain($0) })
        let d = AxisTicks(axis: FigureAxis(label: "x"), values: [0, 3e7])  // 6e6 → step 1e7; large values: powers of ten
        #expect(
            d.major.map(\.label) == [
                .plain("0"), .power(mantissa: "1", exponent: 7), .power(mantissa: "2", exponent: 7), .power(mantissa: "3", exponent: 7)
            ])
        let e = AxisTicks(axis: FigureAxis(label: "x"), values: [0, 2.5e7])  // 5e6 → step 5e6
        #expect(
            e.major.map(\.label) == [
                .plain("0"), .power(mantissa: "5", exponent: 6), .power(mantissa: "1", exponent: 7),
                .power(mantissa: "1.5", exponent: 7), .power(mantissa: "2", exponent: 7), .power(mantissa: "2.5", exponent: 7)
            ])
    }

    @Test func logTicksAreDecades() {
        let a = AxisTicks(axis: FigureAxis(label: "α", scale: .log), values: [1, 100])
        #expect(a.lower == 1 && a.upper == 100)
        #expect(a.major.map(\.label) == [0, 1, 2].map { .power(mantissa: "1", exponent: $0) })
        #expect(a.minor == [2, 3, 4, 5, 6, 7, 8, 9, 20, 30, 40, 50, 60, 70, 80, 90])
        let b = AxisTicks(axis: FigureAxis(label: "α", scale: .log), values: [3, 30])
        #expect(b.lower == 1 && b.upper == 100)
        let c = AxisTicks(axis: FigureAxis(label: "ε", scale: .log), values: [1e-300, 0.5])  // 300 decades → every 50th
        #expect(c.major.map(\.label) == [-300, -250, -200, -150, -100, -50, 0].map { .power(mantissa: "1", exponent: $0) })
        #expect(abs(c.position(1e-150) - 0.5) < 1e-12)
    }

    static func sample() throws -> ReportFigure {
        try ReportFigure(
            title: "Transition <D = 2 & 3>",
            xAxis: FigureAxis(label: "x", latexLabel: "$x$"),
            yAxis: FigureAxis(label: "log10(1/ε*)", scale: .log),
            series: [
                FigureSeries(
                    label: "D = 2", latexLabel: "$D = 2$",
                    points: [FigurePoint(x: 0, y: 1), FigurePoint(x: 5, y: 10), FigurePoint(x: 10, y: 100)]),
                FigureSeries(label: "D = 3 \"rich\"", points: [FigurePoint(x: 2, y: 3), FigurePoint(x: 8, y: 30)], style: .markers)
            ],
            legend: .northWest)
    }

    @Test func svgIsWellFormedWithAxesTicksAndLegend() throws {
        let figure = try Self.sample()
        let svg = SVGFigureRenderer.render(figure)
        let document = try XMLDocument(xmlString: svg, options: [])
        let root = try #require(document.rootElement())
        #expect(root.name == "svg")
        #expect(attribute(root, "viewBox") == "0 0 640 420")
        let texts = { (xpath: String) throws -> [String] in try root.nodes(forXPath: xpath).map { $0.stringValue ?? "" } }
        #expect(try texts("//*[local-name()='title']") == ["Transition <D = 2 & 3>"])
        // x: 0…10 in steps of 2; y: decades 10^0, 10^1, 10^2 ("10" then the raised exponent).
        #expect(try texts("//*[local-name()='g'][@class='x-axis']/*[local-name()='text']") == ["0", "2", "4", "6", "8", "10"])
        #expect(try texts("//*[local-name()='g'][@class='y-axis']/*[local-name()='text']") == ["100", "101", "102"])
        #expect(try root.nodes(forXPath: "//*[local-name()='g'][@class='y-axis']/*[local-name()='line'][@class='minor-tick']").count == 16)
        #expect(try texts("//*[local-name()='text'][@class='axis-label']") == ["x", "log10(1/ε*)"])
        #expect(try texts("//*[local-name()='g'][@class='legend']//*[local-name()='text']") == ["D = 2", "D = 3 \"rich\""])
        // Plot area: x 78…612, y 40…368 (title present). (5, 10) sits at the middle of both axes:
        // x = 78 + 534/2 = 345, y = 368 − 328/2 = 204; (0, 1) at the lower-left corner, (10, 100) upper right.
        let polylines = try root.nodes(forXPath: "//*[local-name()='polyline']").compactMap { $0 as? XMLElement }
        #expect(polylines.count == 1)
        #expect(polylines.first.flatMap { attribute($0, "points") } == "78,368 345,204 612,40")
        // The markers-only series: squares centred at (2, 3) and (8, 30).
        // x = 78 + 534·0.2 = 184.8, y = 368 − 328·log10(3)/2 = 289.76…; x = 78 + 534·0.8 = 505.2.
        let squares = try root.nodes(forXPath: "//*[local-name()='g'][@class='series-2']/*[local-name()='rect']").compactMap {
            $0 as? XMLElement
        }
        #expect(squares.map { attribute($0, "x") } == ["181.3", "501.7"])
        let y3 = 368 - 328 * log10(3.0) / 2 - 3.5, y30 = 368 - 328 * log10(30.0) / 2 - 3.5
        #expect(squares.map { attribute($0, "y") } == [String(format: "%.2f", y3), String(format: "%.2f", y30)])
    }

    /// An attribute through XPath (the Linux XMLElement.attribute(forName:) misses attributes of
    /// elements in the SVG default namespace).
    func attribute(_ element: XMLNode, _ name: String) -> String? {
        (try? element.nodes(forXPath: "@" + name))?.first?.stringValue
    }

    @Test func svgAlsoParsesWithXMLParser() throws {
        let svg = SVGFigureRenderer.render(try Self.sample())
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
    }

    @Test func pgfplotsSource() throws {
        let expected = """
            \\begin{tikzpicture}
            \\begin{axis}[
              title={Transition \\textless{}D = 2 \\& 3\\textgreater{}},
              xlabel={$x$},
              ylabel={log10(1/$\\varepsilon$*)},
              xmode=normal,
              ymode=log,
              legend pos=north west,
              grid=major,
            ]
            \\addplot+[] coordinates {
              (0, 1)
              (5, 10)
              (10, 100)
            };
            \\addlegendentry{$D = 2$}
            \\addplot+[only marks] coordinates {
              (2, 3)
              (8, 30)
            };
            \\addlegendentry{D = 3 "rich"}
            \\end{axis}
            \\end{tikzpicture}

            """
        let figure = try Self.sample()
        #expect(PGFPlotsRenderer.render(figure) == expected)
        let document = PGFPlotsRenderer.render(figure, standalone: true)
        #expect(
            document.hasPrefix(
                "\\documentclass{standalone}\n\\usepackage{pgfplots}\n\\pgfplotsset{compat=1.18}\n\\begin{document}\n\\begin{tikzpicture}\n"
            ))
        #expect(document.hasSuffix("\\end{tikzpicture}\n\\end{document}\n"))
        #expect(PGFPlotsRenderer.number(1e-5) == "1e-05" && PGFPlotsRenderer.number(0.25) == "0.25")
    }

    @Test func automaticLegendAvoidsTheData() throws {
        // A line near the top (y = 9 of 0…10) and a point in the lower-left corner leave only the south-east free.
        let top = FigureSeries(label: "top", points: (0...10).map { FigurePoint(x: Double($0), y: 9) })
        let corner = FigureSeries(label: "corner", points: [FigurePoint(x: 0, y: 0)], style: .markers)
        let figure = try ReportFigure(
            xAxis: FigureAxis(label: "x"), yAxis: FigureAxis(label: "y"), series: [top, corner], legend: .automatic)
        #expect(SVGFigureRenderer.resolvedLegend(figure) == .southEast)
        #expect(PGFPlotsRenderer.render(figure).contains("  legend pos=south east,\n"))
    }

    @Test func undrawableFiguresAreRefused() {
        let x = FigureAxis(label: "x"), logY = FigureAxis(label: "y", scale: .log)
        #expect(throws: ReportError.undrawablePoint(series: "s", index: 1, reason: "y = 0.0 on a logarithmic axis")) {
            try ReportFigure(
                xAxis: x, yAxis: logY, series: [FigureSeries(label: "s", points: [FigurePoint(x: 1, y: 1), FigurePoint(x: 2, y: 0)])])
        }
        #expect(throws: ReportError.self) {
            try ReportFigure(xAxis: x, yAxis: x, series: [FigureSeries(label: "s", points: [FigurePoint(x: .nan, y: 1)])])
        }
        #expect(throws: ReportError.emptyFigure("no series has a point")) {
            try ReportFigure(xAxis: x, yAxis: x, series: [FigureSeries(label: "s", points: [])])
        }
    }
}
