import Asymptotics
import Reports

/// Renders a `RegimeReport` in the format asked, through `RegimeReportOutput` and the `Reports`
/// renderers.
enum AnalyzeOutput {
    static func render(_ report: RegimeReport, format: ReportFormat) throws -> String {
        switch format {
        case .json: return try RegimeReportOutput.json(report) + "\n"
        case .markdown: return MarkdownTableRenderer.render(try RegimeReportOutput.table(report))
        case .latex: return LaTeXTableRenderer.render(try RegimeReportOutput.table(report))
        case .csv: return CSVTableRenderer.render(try RegimeReportOutput.table(report))
        case .svg: return SVGFigureRenderer.render(try RegimeReportOutput.figure(report))
        case .pgfplots: return PGFPlotsRenderer.render(try RegimeReportOutput.figure(report), standalone: true)
        }
    }
}
