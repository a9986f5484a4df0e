/// A labelled sequence of points drawn as a line, markers, or both, in the order given.
public struct FigureSeries: Sendable, Equatable {
    public enum Style: String, Sendable, Equatable { case linesAndMarkers, lines, markers }

    public var label: String
    /// Raw LaTeX legend entry for pgfplots (falls back to the escaped label).
    public var latexLabel: String?
    public var points: [FigurePoint]
    public var style: Style

    public init(label: String, latexLabel: String? = nil, points: [FigurePoint], style: Style = .linesAndMarkers) {
        self.label = label
        self.latexLabel = latexLabel
        self.points = points
        self.style = style
    }
}
