import Asymptotics
import Reports

/// Renders a `TransitionReport` in the format asked, through `TransitionReportOutput` and the
/// `Reports` renderers.
enum TransitionOutput {
    static func render(_ report: TransitionReport, format: TransitionsCommand.TransitionFormat) throws -> String {
        switch format {
        case .json: return try RegimeReportOutput.json(report) + "\n"
        case .markdown: return MarkdownTableRenderer.render(try TransitionReportOutput.table(report))
        case .latex: return LaTeXTableRenderer.render(try TransitionReportOutput.table(report))
        case .csv: return CSVTableRenderer.render(try TransitionReportOutput.table(report))
        case .svg: return SVGFigureRenderer.render(try TransitionReportOutput.figure(report))
        case .pgfplots: return PGFPlotsRenderer.render(try TransitionReportOutput.figure(report), standalone: true)
        }
    }
}
