import Multiprecision
/// A binary classification data set, exact: features X, labels y ∈ {−1, +1} and the
/// label-folded rows z_n = y_n x_n (DESIGN.md §3).
///
/// Read from a data file whose last column holds the labels and whose other columns are the
/// features. Numerical contract: `x`, `y` and `z` are exact rationals (z_n = y_n · x_n exactly, a
/// sign change), never rounded; the `…Matrix(precision:)` / `…Vector(precision:)` helpers round
/// each entry once, correctly, to the precision asked for (to nearest by default: error at most
/// half an ulp per entry). Domain: labels must be exactly 1 or −1 ("1", "+1", "1.0", "-1e0" all
/// qualify); anything else is a `DataFileError` with problem `.invalidLabel` at its line and column.
public struct ClassificationData: Sendable, Equatable {
    /// The display name of the source file.
    public let source: String
    /// The names of the feature columns, in file order.
    public let featureNames: [String]
    /// The name of the label column (the last one).
    public let labelName: String
    /// Features: `sampleCount` rows of `featureCount` exact entries.
    public let x: [[Rational]]
    /// Labels, each exactly +1 or −1.
    public let y: [Rational]
    /// Label-folded rows z_n = y_n · x_n, exact: the matrix Z of the margins Zw.
    public let z: [[Rational]]

    /// Number of samples N (at least 1).
    public var sampleCount: Int { x.count }
    /// Number of features d (at least 1).
    public var featureCount: Int { featureNames.count }

    /// The data set in `table`: the last column is the label, the others the features.
    /// - Throws: `DataFileError` with `.invalidLabel` at the line and column of the first label
    ///   that is not exactly ±1.
    public init(_ table: CSVTable) throws(DataFileError) {
        let labelColumn = table.columnCount - 1
        let one = Rational(1), minusOne = Rational(-1)
        for (row, values) in table.rows.enumerated() {
            let label = values[labelColumn]
            guard label == one || label == minusOne else {
                throw DataFileError(
                    file: table.source, line: table.lineNumbers[row], column: labelColumn + 1,
                    columnName: table.columnNames[labelColumn], problem: .invalidLabel(value: label))
            }
        }
        source = table.source
        featureNames = Array(table.columnNames.dropLast())
        labelName = table.columnNames[labelColumn]
        x = table.rows.map { Array($0.dropLast()) }
        y = table.rows.map { $0[labelColumn] }
        z = zip(x, y).map { row, label in label.signum > 0 ? row : row.map { -$0 } }
    }

    /// Reads the classification data file at `path`.
    /// - Throws: `DataFileError` (file, format or label problems).
    public init(contentsOfFile path: String) throws(DataFileError) {
        try self.init(CSVTable(contentsOfFile: path))
    }

    /// Reads classification data held in `text`; `source` names it in errors.
    /// - Throws: `DataFileError` (format or label problems).
    public init(parsing text: String, source: String) throws(DataFileError) {
        try self.init(CSVTable(parsing: text, source: source))
    }

    /// X correctly rounded entry by entry to `precision` bits in direction `rounding`.
    /// - Throws: `MultiprecisionError.invalidPrecision` for a precision MPFR cannot hold.
    public func xMatrix(precision: Int, rounding: RoundingMode = .toNearest) throws(MultiprecisionError) -> BigMatrix {
        try Precision.validate(precision)
        return try BigMatrix(x, precision: precision, rounding: rounding)
    }

    /// Z (rows y_n x_n) correctly rounded entry by entry to `precision` bits in direction
    /// `rounding`. Each entry is the exact z_n,i rounded once (for directed rounding this is not
    /// the negation of the rounded x_n,i).
    /// - Throws: `MultiprecisionError.invalidPrecision` for a precision MPFR cannot hold.
    public func zMatrix(precision: Int, rounding: RoundingMode = .toNearest) throws(MultiprecisionError) -> BigMatrix {
        try Precision.validate(precision)
        return try BigMatrix(z, precision: precision, rounding: rounding)
    }

    /// The labels at `precision` bits (exact: ±1 is representable at every precision).
    /// - Throws: `MultiprecisionError.invalidPrecision` for a precision MPFR cannot hold.
    public func yVector(precision: Int) throws(MultiprecisionError) -> BigVector {
        try Precision.validate(precision)
        return BigVector(y, precision: precision)
    }
}
