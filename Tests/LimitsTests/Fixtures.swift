import Multiprecision
@testable import Limits

/// Data of MATH.md §9, typed in from the document (independent of the CSV files and of the code).
enum Fixtures {
    /// F1 rows z_n = y_n x_n (all labels +1), N = 4, d = 6.
    static let f1: [[Rational]] = [
        ["0.646", "0.822", "0.330", "-1.303", "0.905", "0.446"],
        ["0.837", "0.581", "0.365", "0.294", "0.028", "0.547"],
        ["1.036", "-0.163", "-0.482", "0.599", "0.040", "-0.292"],
        ["1.082", "-0.257", "0.008", "-0.276", "1.294", "1.007"]
    ].map { $0.map(decimal) }

    /// T11: X = [[1, .5, .7, 0], [.5, 1, .1, .7]], y = (1, 0).
    static let t11x: [[Rational]] = [["1", "0.5", "0.7", "0"], ["0.5", "1", "0.1", "0.7"]].map { $0.map(decimal) }
    static let t11y: [Rational] = [Rational(1), Rational(0)]

    static func decimal(_ text: String) -> Rational { try! Rational(decimal: text) }
    static func double(_ r: Rational) -> Double { BigFloat(r, precision: 53).doubleValue }
    static func doubles(_ v: [Rational]) -> [Double] { v.map(double) }

    static func distance(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
    }
    static func maxDifference(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).map { abs($0 - $1) }.max() ?? 0
    }

    /// Exact Zᵀλ (or Z w) computed naively in `Rational`, independent of the solver's integer kernels.
    static func transposeTimes(_ rows: [[Rational]], _ v: [Rational]) -> [Rational] {
        (0..<rows[0].count).map { j in rows.indices.reduce(Rational()) { $0 + rows[$1][j] * v[$1] } }
    }
    static func times(_ rows: [[Rational]], _ w: [Rational]) -> [Rational] {
        rows.map { row in zip(row, w).reduce(Rational()) { $0 + $1.0 * $1.1 } }
    }
}
