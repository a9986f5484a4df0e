import Asymptotics
import Experiments

/// A figure of a sweep's results: one stored field against α (log axis), one series per depth
/// and checkpoint τ (or per depth, for quantities with one record per point).
public enum SweepFigureBuilder {
    public enum YScale: String, Sendable, CaseIterable { case auto, linear, log }

    /// - Parameters:
    ///   - field: the stored field to plot (e.g. "gamma", "w_normalized_1").
    ///   - yScale: `auto` takes a logarithmic axis when every value is positive and they span
    ///     more than two decades.
    public static func figure(
        _ manifest: SweepManifest, results: [Int: SweepPointResult], field: String,
        yScale: YScale = .auto
    ) throws(SweepError) -> ReportFigure {
        try figure(manifest, results: results, fields: [field], yScale: yScale)
    }

    /// Several stored fields on one y axis (e.g. the kernel-exit and rich-entry accuracies), one
    /// series per depth, field and record.
    public static func figure(
        _ manifest: SweepManifest, results: [Int: SweepPointResult], fields: [String],
        yScale: YScale = .auto
    ) throws(SweepError) -> ReportFigure {
        var series: [FigureSeries] = []
        var all: [Double] = []
        for depth in Array(Set(manifest.grid.map(\.depth))).sorted() {
            let points = manifest.grid.filter { $0.depth == depth }.compactMap { p in results[p.index].map { (p, $0) } }
            guard let first = points.first?.1 else { continue }
            for field in fields {
                guard let column = first.fields.firstIndex(of: field) else {
                    throw SweepError("no field '\(field)' in the results; the fields are " + first.fields.joined(separator: ", "))
                }
                let (fieldHeader, fieldLatex) = SweepColumns.headers(field)
                let fieldSuffix = fields.count > 1 ? ", " + fieldHeader : "", fieldLatexSuffix = fields.count > 1 ? ", " + fieldLatex : ""
                for r in 0..<first.records.count {
                    var xy: [FigurePoint] = []
                    for (point, result) in points where r < result.records.count {
                        guard let text = result.records[r][column], let y = Double(text), let x = alphaValue(point.alphaText) else {
                            continue
                        }
                        xy.append(FigurePoint(x: x, y: y))
                        all.append(y)
                    }
                    // Checkpoint records follow the experiment's τ list (a model file's: its times t).
                    let clock = depth == 0 ? manifest.times ?? [] : manifest.taus
                    let tau = first.records.count > 1 ? (clock.count == first.records.count ? clock[r] : "#\(r + 1)") : nil
                    if depth == 0 {
                        let field = fields.count > 1 || tau == nil
                        let label = [tau.map { "t = " + $0 }, field ? fieldHeader : nil].compactMap { $0 }.joined(separator: ", ")
                        let latex = [tau.map { "$t = \($0)$" }, field ? fieldLatex : nil].compactMap { $0 }.joined(separator: ", ")
                        series.append(FigureSeries(label: label, latexLabel: latex, points: xy))
                        continue
                    }
                    let suffix = tau.map { ", τ = " + $0 } ?? "", latexSuffix = tau.map { ", \\tau = " + $0 } ?? ""
                    series.append(
                        FigureSeries(
                            label: "D = \(depth)" + suffix + fieldSuffix,
                            latexLabel: "$D = \(depth)\(latexSuffix)$" + fieldLatexSuffix, points: xy))
                }
            }
        }
        let positive = !all.isEmpty && all.allSatisfy { $0 > 0 }
        let log: Bool
        switch yScale {
        case .log: log = true
        case .linear: log = false
        case .auto: log = positive && (all.max()! / all.min()! > 100)
        }
        let (header, latex) =
            fields.count == 1
            ? SweepColumns.headers(fields[0])
            : fields.allSatisfy({ $0.hasSuffix("_log10_inv_eps") })
                ? ("log10(1/ε*)", "$\\log_{10}(1/\\varepsilon^*)$")
                : (fields.joined(separator: ", "), LaTeXText.escape(fields.joined(separator: ", ")))
        do {
            return try ReportFigure(
                title: (manifest.name ?? "sweep \(manifest.experimentHash)") + ": \(header) on \(manifest.dataSpec)",
                xAxis: manifest.quantity == .distances
                    ? FigureAxis(label: "s", latexLabel: "$s$", scale: .log) : FigureAxis(label: "α", latexLabel: "$\\alpha$", scale: .log),
                yAxis: FigureAxis(label: header, latexLabel: latex, scale: log ? .log : .linear),
                series: series, legend: .automatic)
        } catch { throw SweepError("cannot draw '\(fields.joined(separator: ", "))': \(error)") }
    }

    /// α from its stored text (a decimal literal or "p/q"), as a double for plotting.
    static func alphaValue(_ text: String) -> Double? {
        let parts = text.split(separator: "/")
        if parts.count == 2, let p = Double(parts[0]), let q = Double(parts[1]) { return p / q }
        return Double(text)
    }
}
