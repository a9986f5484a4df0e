/// Why a table or figure cannot be rendered. Every case names the offending place.
public enum ReportError: Error, Equatable, CustomStringConvertible {
    /// A row has a different number of cells than the table has columns.
    case rowWidth(row: Int, cells: Int, columns: Int)
    /// A cell's text is not what its kind promises (e.g. a `.decimal` that is not a decimal literal).
    case malformedCell(row: Int, column: String, text: String, expected: String)
    /// Two columns share a key (the keys name JSON fields and CSV headers).
    case duplicateColumnKey(String)
    /// A figure point that cannot be drawn: not finite, or not positive on a logarithmic axis.
    case undrawablePoint(series: String, index: Int, reason: String)
    /// A figure with no point at all, or an axis range that is empty or reversed.
    case emptyFigure(String)

    public var description: String {
        switch self {
        case let .rowWidth(row, cells, columns):
            return "table row \(row + 1) has \(cells) cells but the table has \(columns) columns"
        case let .malformedCell(row, column, text, expected):
            return "table row \(row + 1), column '\(column)': '\(text)' is not \(expected)"
        case let .duplicateColumnKey(key):
            return "two table columns share the key '\(key)'"
        case let .undrawablePoint(series, index, reason):
            return "figure series '\(series)', point \(index + 1): \(reason)"
        case let .emptyFigure(reason):
            return "figure: \(reason)"
        }
    }
}
