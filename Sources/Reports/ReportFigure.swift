/// A figure independent of its output format: series of points on two axes, a title and a legend.
///
/// Construction checks that there is something to draw and that every point can be drawn
/// (finite, and positive on a logarithmic axis), so renderers never meet a NaN or log(0).
public struct ReportFigure: Sendable, Equatable {
    /// `automatic` takes the corner whose legend box would cover the fewest data points and line samples.
    public enum LegendPosition: String, Sendable, Equatable { case northEast, northWest, southEast, southWest, hidden, automatic }

    public var title: String?
    public private(set) var xAxis: FigureAxis
    public private(set) var yAxis: FigureAxis
    public private(set) var series: [FigureSeries]
    public var legend: LegendPosition
    /// SVG canvas size in CSS pixels (pgfplots uses its own default size).
    public var width: Double
    public var height: Double

    public init(
        title: String? = nil, xAxis: FigureAxis, yAxis: FigureAxis, series: [FigureSeries],
        legend: LegendPosition = .northEast, width: Double = 640, height: Double = 420
    ) throws(ReportError) {
        guard series.contains(where: { !$0.points.isEmpty }) else { throw .emptyFigure("no series has a point") }
        for axis in [xAxis, yAxis] {
            if let lower = axis.lower, let upper = axis.upper, !(lower < upper) {
                throw .emptyFigure("axis '\(axis.label)': lower limit \(lower) is not below upper limit \(upper)")
            }
            if axis.scale == .log, let lower = axis.lower, !(lower > 0) {
                throw .emptyFigure("logarithmic axis '\(axis.label)': lower limit \(lower) is not positive")
            }
        }
        for s in series {
            for (i, p) in s.points.enumerated() {
                guard p.x.isFinite, p.y.isFinite else {
                    throw .undrawablePoint(series: s.label, index: i, reason: "(\(p.x), \(p.y)) is not finite")
                }
                if xAxis.scale == .log && p.x <= 0 {
                    throw .undrawablePoint(series: s.label, index: i, reason: "x = \(p.x) on a logarithmic axis")
                }
                if yAxis.scale == .log && p.y <= 0 {
                    throw .undrawablePoint(series: s.label, index: i, reason: "y = \(p.y) on a logarithmic axis")
                }
            }
        }
        guard width >= 200, height >= 150 else { throw .emptyFigure("canvas \(width)×\(height) is smaller than 200×150") }
        self.title = title
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.series = series
        self.legend = legend
        self.width = width
        self.height = height
    }

    var allPoints: [FigurePoint] { series.flatMap(\.points) }
}
