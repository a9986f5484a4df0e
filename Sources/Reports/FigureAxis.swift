/// One axis of a figure: its label, linear or base-10 logarithmic scale, and optional fixed limits
/// (otherwise the limits are the data range widened to whole ticks).
public struct FigureAxis: Sendable, Equatable {
    public enum Scale: String, Sendable, Equatable { case linear, log }

    public var label: String
    /// Raw LaTeX axis label for pgfplots (falls back to the escaped label).
    public var latexLabel: String?
    public var scale: Scale
    public var lower: Double?
    public var upper: Double?

    public init(label: String, latexLabel: String? = nil, scale: Scale = .linear, lower: Double? = nil, upper: Double? = nil) {
        self.label = label
        self.latexLabel = latexLabel
        self.scale = scale
        self.lower = lower
        self.upper = upper
    }
}
