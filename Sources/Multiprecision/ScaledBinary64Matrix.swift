import CMPFR

/// A matrix in binary64 with one shared power of two: a_ij ≈ values[i · columns + j] · 2^exponent
/// (row-major). For approximate inverses and estimates, such as the matrices of Newton iterations
/// whose residuals are computed in MPFR; never for results.
public struct ScaledBinary64Matrix: Sendable {
    public let rows: Int
    public let columns: Int
    public var values: [Double]
    public let exponent: Int

    public init(rows: Int, columns: Int, values: [Double], exponent: Int) {
        precondition(values.count == rows * columns, "\(values.count) values for a \(rows)×\(columns) matrix")
        self.rows = rows
        self.columns = columns
        self.values = values
        self.exponent = exponent
    }
}

extension ScaledBinary64Matrix {
    /// The matrix in MPFR at `precision` (exact for precision ≥ 53).
    public func bigMatrix(precision: Int) -> BigMatrix {
        var matrix = BigMatrix(rows: rows, columns: columns, precision: precision)
        matrix.withMutableMPFR { m in
            for index in 0..<(rows * columns) {
                _ = mpfr_set_d(m + index, values[index], MPFR_RNDN)
                _ = mpfr_mul_2si(m + index, m + index, exponent, MPFR_RNDN)
            }
        }
        return matrix
    }
}
