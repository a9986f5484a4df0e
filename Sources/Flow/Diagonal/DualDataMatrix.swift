import Multiprecision

/// The data matrix of the dual flows (Z, or X for regression) in the forms their products use
/// that do not depend on the working precision, made once per run and shared by its fields at
/// every precision: the exact 64-bit numerators (`ExactDataMatrix`) when the decimals fit, and Zᵀ
/// in binary64 for the error norm when every entry lies in binary64's normal range. Immutable.
final class DualDataMatrix: @unchecked Sendable {  // immutable after init
    let rationals: [[Rational]]
    /// Nil when the decimals do not fit 62-bit numerators (the fields round the matrix instead).
    let exact: ExactDataMatrix?
    /// Zᵀ row-major (row i: the data's column i); nil when an entry is outside binary64's normal range.
    let binary64Transposed: [Double]?

    /// - Throws: `FlowError.invalidInitialization` for ragged rows.
    init(_ rows: [[Rational]]) throws(FlowError) {
        let samples = rows.count, features = rows.first?.count ?? 0
        if let ragged = rows.firstIndex(where: { $0.count != features }) {
            throw .invalidInitialization("row \(ragged) of the data has \(rows[ragged].count) entries, row 0 has \(features)")
        }
        rationals = rows
        exact = ExactDataMatrix(rows)
        let transposed = (0..<(features * samples)).map { index in
            BigFloat(rows[index % samples][index / samples], precision: 53).doubleValue
        }
        let faithful = transposed.indices.allSatisfy { index in
            transposed[index].isNormal && transposed[index].magnitude < 1e300 || rows[index % samples][index / samples] == Rational(0)
        }
        binary64Transposed = faithful ? transposed : nil
    }
}
