/// One (x, y) point of a figure series. Figures are pictures: their coordinates are binary
/// doubles (about 16 digits, far beyond what a plot resolves); tables carry the full digits.
public struct FigurePoint: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}
