import ArgumentParser

/// Output formats of the analysis commands.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case json, markdown, latex, csv, svg, pgfplots
}
