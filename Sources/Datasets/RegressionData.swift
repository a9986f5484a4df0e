import Multiprecision
/// A regression data set, exact: features X and targets y (the last column of the file).
///
/// Numerical contract: `x` and `y` are the exact values of the decimal literals in the file,
/// never rounded; the `…Matrix(precision:)` / `…Vector(precision:)` helpers round each entry once,
/// correctly, to the precision asked for (to nearest by default: error at most half an ulp per
/// entry). Domain: any finite decimal target.
public struct RegressionData: Sendable, Equatable {
    /// The display name of the source file.
    public let source: String
    /// The names of the feature columns, in file order.
    public let featureNames: [String]
    /// The name of the target column (the last one).
    public let targetName: String
    /// Features: `sampleCount` rows of `featureCount` exact entries.
    public let x: [[Rational]]
    /// Targets, exact.
    public let y: [Rational]

    /// Number of samples N (at least 1).
    public var sampleCount: Int { x.count }
    /// Number of features d (at least 1).
    public var featureCount: Int { featureNames.count }

    /// The data set in `table`: the last column is the target, the others the features.
    public init(_ table: CSVTable) {
        let targetColumn = table.columnCount - 1
        source = table.source
        featureNames = Array(table.columnNames.dropLast())
        targetName = table.columnNames[targetColumn]
        x = table.rows.map { Array($0.dropLast()) }
        y = table.rows.map { $0[targetColumn] }
    }

    /// Reads the regression data file at `path`.
    /// - Throws: `DataFileError` (file or format problems).
    public init(contentsOfFile path: String) throws(DataFileError) {
        self.init(try CSVTable(contentsOfFile: path))
    }

    /// Reads regression data held in `text`; `source` names it in errors.
    /// - Throws: `DataFileError` for format problems.
    public init(parsing text: String, source: String) throws(DataFileError) {
        self.init(try CSVTable(parsing: text, source: source))
    }

    /// X correctly rounded entry by entry to `precision` bits in direction `rounding`.
    /// - Throws: `MultiprecisionError.invalidPrecision` for a precision MPFR cannot hold.
    public func xMatrix(precision: Int, rounding: RoundingMode = .toNearest) throws(MultiprecisionError) -> BigMatrix {
        try Precision.validate(precision)
        return try BigMatrix(x, precision: precision, rounding: rounding)
    }

    /// y correctly rounded entry by entry to `precision` bits in direction `rounding`.
    /// - Throws: `MultiprecisionError.invalidPrecision` for a precision MPFR cannot hold.
    public func yVector(precision: Int, rounding: RoundingMode = .toNearest) throws(MultiprecisionError) -> BigVector {
        try Precision.validate(precision)
        return BigVector(y, precision: precision, rounding: rounding)
    }
}
