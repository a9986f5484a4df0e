import Foundation

/// A standalone SVG 1.1 document (well-formed XML, UTF-8) of a `ReportFigure`: white canvas,
/// framed plot area, major ticks with labels and grid lines, minor ticks, axis labels, the series
/// clipped to the plot area (colour-blind-safe Okabe–Ito colours and distinct marker shapes, so
/// the figure also reads in grey), and a legend box in the chosen corner.
///
/// Coordinates are printed with two decimals (1/100 px). Tick labels use a true minus sign and
/// superscript exponents (`10⁻³` as "10" with a raised "−3").
public enum SVGFigureRenderer {
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
    static let markers: [Marker] = [.circle, .square, .triangle, .diamond]

    enum Marker { case circle, square, triangle, diamond }

    struct Layout {
        var left: Double, right: Double, top: Double, bottom: Double
        var xTicks: AxisTicks, yTicks: AxisTicks
        func x(_ value: Double) -> Double { left + xTicks.position(value) * (right - left) }
        func y(_ value: Double) -> Double { bottom - yTicks.position(value) * (bottom - top) }
    }

    static func layout(_ figure: ReportFigure) -> Layout {
        let points = figure.allPoints
        return Layout(
            left: 78, right: figure.width - 28, top: figure.title == nil ? 16 : 40, bottom: figure.height - 52,
            xTicks: AxisTicks(axis: figure.xAxis, values: points.map(\.x)),
            yTicks: AxisTicks(axis: figure.yAxis, values: points.map(\.y)))
    }

    public static func render(_ figure: ReportFigure) -> String {
        let l = layout(figure)
        let w = figure.width, h = figure.height
        var out: [String] = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(n(w))\" height=\"\(n(h))\" viewBox=\"0 0 \(n(w)) \(n(h))\" "
                + "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"12\">"
        ]
        if let title = figure.title { out.append("  <title>\(XMLText.escape(title))</title>") }
        out += [
            "  <defs>",
            "    <clipPath id=\"plot-area\"><rect x=\"\(n(l.left))\" y=\"\(n(l.top))\" width=\"\(n(l.right - l.left))\" height=\"\(n(l.bottom - l.top))\"/></clipPath>",
            "  </defs>",
            "  <rect class=\"background\" x=\"0\" y=\"0\" width=\"\(n(w))\" height=\"\(n(h))\" fill=\"white\"/>"
        ]
        if let title = figure.title {
            out.append(
                "  <text class=\"title\" x=\"\(n(w / 2))\" y=\"24\" text-anchor=\"middle\" font-size=\"14\">\(XMLText.escape(title))</text>"
            )
        }
        // Grid at the major ticks.
        out.append("  <g class=\"grid\" stroke=\"#dddddd\" stroke-width=\"0.5\">")
        for tick in l.xTicks.major {
            out.append("    <line x1=\"\(n(l.x(tick.value)))\" y1=\"\(n(l.top))\" x2=\"\(n(l.x(tick.value)))\" y2=\"\(n(l.bottom))\"/>")
        }
        for tick in l.yTicks.major {
            out.append("    <line x1=\"\(n(l.left))\" y1=\"\(n(l.y(tick.value)))\" x2=\"\(n(l.right))\" y2=\"\(n(l.y(tick.value)))\"/>")
        }
        out.append("  </g>")
        // x axis: ticks below the frame, labels centred under them.
        out.append("  <g class=\"x-axis\" stroke=\"black\" stroke-width=\"1\">")
        for value in l.xTicks.minor {
            out.append(
                "    <line class=\"minor-tick\" x1=\"\(n(l.x(value)))\" y1=\"\(n(l.bottom))\" x2=\"\(n(l.x(value)))\" y2=\"\(n(l.bottom + 3))\"/>"
            )
        }
        for tick in l.xTicks.major {
            out.append(
                "    <line class=\"major-tick\" x1=\"\(n(l.x(tick.value)))\" y1=\"\(n(l.bottom))\" x2=\"\(n(l.x(tick.value)))\" y2=\"\(n(l.bottom + 6))\"/>"
            )
        }
        for tick in l.xTicks.major {
            out.append(
                "    <text class=\"tick-label\" x=\"\(n(l.x(tick.value)))\" y=\"\(n(l.bottom + 20))\" text-anchor=\"middle\" stroke=\"none\">\(label(tick.label))</text>"
            )
        }
        out.append("  </g>")
        // y axis: ticks left of the frame, labels right-aligned beside them.
        out.append("  <g class=\"y-axis\" stroke=\"black\" stroke-width=\"1\">")
        for value in l.yTicks.minor {
            out.append(
                "    <line class=\"minor-tick\" x1=\"\(n(l.left - 3))\" y1=\"\(n(l.y(value)))\" x2=\"\(n(l.left))\" y2=\"\(n(l.y(value)))\"/>"
            )
        }
        for tick in l.yTicks.major {
            out.append(
                "    <line class=\"major-tick\" x1=\"\(n(l.left - 6))\" y1=\"\(n(l.y(tick.value)))\" x2=\"\(n(l.left))\" y2=\"\(n(l.y(tick.value)))\"/>"
            )
        }
        for tick in l.yTicks.major {
            out.append(
                "    <text class=\"tick-label\" x=\"\(n(l.left - 9))\" y=\"\(n(l.y(tick.value) + 4))\" text-anchor=\"end\" stroke=\"none\">\(label(tick.label))</text>"
            )
        }
        out.append("  </g>")
        out.append(
            "  <rect class=\"frame\" x=\"\(n(l.left))\" y=\"\(n(l.top))\" width=\"\(n(l.right - l.left))\" height=\"\(n(l.bottom - l.top))\" fill=\"none\" stroke=\"black\" stroke-width=\"1\"/>"
        )
        let middleX = (l.left + l.right) / 2, middleY = (l.top + l.bottom) / 2
        out.append(
            "  <text class=\"axis-label\" x=\"\(n(middleX))\" y=\"\(n(h - 12))\" text-anchor=\"middle\">\(XMLText.escape(figure.xAxis.label))</text>"
        )
        out.append(
            "  <text class=\"axis-label\" x=\"\(n(-middleY))\" y=\"18\" transform=\"rotate(-90)\" text-anchor=\"middle\">\(XMLText.escape(figure.yAxis.label))</text>"
        )
        // Series.
        out.append("  <g class=\"series\" clip-path=\"url(#plot-area)\">")
        for (i, series) in figure.series.enumerated() where !series.points.isEmpty {
            let color = palette[i % palette.count]
            out.append("    <g class=\"series-\(i + 1)\" stroke=\"\(color)\" fill=\"\(color)\">")
            let coordinates = series.points.map { (l.x($0.x), l.y($0.y)) }
            if series.style != .markers {
                out.append(
                    "      <polyline fill=\"none\" stroke-width=\"1.5\" points=\""
                        + coordinates.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ") + "\"/>")
            }
            if series.style != .lines {
                for (x, y) in coordinates { out.append("      " + marker(markers[i % markers.count], x: x, y: y)) }
            }
            out.append("    </g>")
        }
        out.append("  </g>")
        out += legend(figure, layout: l)
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    /// The legend box of `corner`: (x, y, width, height) in pixels.
    static func legendBox(_ figure: ReportFigure, layout l: Layout, corner: ReportFigure.LegendPosition) -> (Double, Double, Double, Double)
    {
        let entries = figure.series.filter { !$0.points.isEmpty }
        let boxWidth = 44 + 7 * Double(entries.map(\.label.count).max() ?? 0)
        let boxHeight = 8 + 18 * Double(entries.count)
        let inset = 10.0
        let east = corner == .northEast || corner == .southEast
        let north = corner == .northEast || corner == .northWest
        return (
            east ? l.right - inset - boxWidth : l.left + inset, north ? l.top + inset : l.bottom - inset - boxHeight, boxWidth, boxHeight
        )
    }

    /// The corner for an `automatic` legend: fewest markers and line samples (20 per segment)
    /// under the box; ties go to north-east, north-west, south-east, south-west in that order.
    static func resolvedLegend(_ figure: ReportFigure) -> ReportFigure.LegendPosition {
        guard figure.legend == .automatic else { return figure.legend }
        let l = layout(figure)
        var samples: [(Double, Double)] = []
        for series in figure.series {
            let pixels = series.points.map { (l.x($0.x), l.y($0.y)) }
            samples += pixels
            if series.style != .markers {
                for (a, b) in zip(pixels, pixels.dropFirst()) {
                    for k in 1..<20 {
                        let t = Double(k) / 20
                        samples.append((a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1)))
                    }
                }
            }
        }
        let corners: [ReportFigure.LegendPosition] = [.northEast, .northWest, .southEast, .southWest]
        let covered = corners.map { corner -> Int in
            let (x, y, w, h) = legendBox(figure, layout: l, corner: corner)
            return samples.filter { $0.0 >= x - 4 && $0.0 <= x + w + 4 && $0.1 >= y - 4 && $0.1 <= y + h + 4 }.count
        }
        return corners[covered.indices.min { covered[$0] < covered[$1] }!]
    }

    static func legend(_ figure: ReportFigure, layout l: Layout) -> [String] {
        let entries = figure.series.enumerated().filter { !$0.element.points.isEmpty }
        let corner = resolvedLegend(figure)
        guard corner != .hidden, !entries.isEmpty else { return [] }
        let rowHeight = 18.0
        let (x, y, boxWidth, boxHeight) = legendBox(figure, layout: l, corner: corner)
        var out = [
            "  <g class=\"legend\">",
            "    <rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(boxWidth))\" height=\"\(n(boxHeight))\" fill=\"white\" fill-opacity=\"0.9\" stroke=\"#888888\" stroke-width=\"0.75\"/>"
        ]
        for (row, (i, series)) in entries.enumerated() {
            let color = palette[i % palette.count]
            let centre = y + 4 + rowHeight * (Double(row) + 0.5)
            out.append("    <g class=\"legend-entry\" stroke=\"\(color)\" fill=\"\(color)\">")
            if series.style != .markers {
                out.append(
                    "      <line x1=\"\(n(x + 8))\" y1=\"\(n(centre))\" x2=\"\(n(x + 32))\" y2=\"\(n(centre))\" stroke-width=\"1.5\"/>")
            }
            if series.style != .lines { out.append("      " + marker(markers[i % markers.count], x: x + 20, y: centre)) }
            out.append(
                "      <text x=\"\(n(x + 38))\" y=\"\(n(centre + 4))\" stroke=\"none\" fill=\"black\">\(XMLText.escape(series.label))</text>"
            )
            out.append("    </g>")
        }
        out.append("  </g>")
        return out
    }

    static func marker(_ shape: Marker, x: Double, y: Double) -> String {
        switch shape {
        case .circle: return "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"3.5\"/>"
        case .square: return "<rect x=\"\(n(x - 3.5))\" y=\"\(n(y - 3.5))\" width=\"7\" height=\"7\"/>"
        case .triangle: return "<polygon points=\"\(n(x)),\(n(y - 4.5)) \(n(x + 4)),\(n(y + 3)) \(n(x - 4)),\(n(y + 3))\"/>"
        case .diamond:
            return "<polygon points=\"\(n(x)),\(n(y - 4.5)) \(n(x + 4.5)),\(n(y)) \(n(x)),\(n(y + 4.5)) \(n(x - 4.5)),\(n(y))\"/>"
        }
    }

    static func label(_ label: AxisTicks.Label) -> String {
        switch label {
        case let .plain(text): return XMLText.escape(text.replacingAll("-", with: "\u{2212}"))
        case let .power(mantissa, exponent):
            let head = mantissa == "1" ? "" : XMLText.escape(mantissa.replacingAll("-", with: "\u{2212}")) + "\u{00D7}"
            let power = String(exponent).replacingAll("-", with: "\u{2212}")
            return head + "10<tspan dy=\"-0.5em\" font-size=\"0.75em\">\(power)</tspan>"
        }
    }

    /// A coordinate with at most two decimals, trailing zeros dropped ("12.5", "40", "-3.25").
    static func n(_ value: Double) -> String {
        var text = String(format: "%.2f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }
}
