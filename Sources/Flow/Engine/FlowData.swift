import Multiprecision

/// The data a flow is trained on, exact.
///
/// Classification stores the label-folded rows z_n = y_n x_n (DESIGN.md §3); regression stores X
/// and the targets y. Entries are exact rationals; each solver rounds them once to its working
/// precision.
public enum FlowData: Sendable {
    case classification(z: [[Rational]])
    case regression(x: [[Rational]], y: [Rational])

    /// The N × d matrix the dual variable multiplies: Z for classification, X for regression.
    public var matrix: [[Rational]] {
        switch self {
        case let .classification(z): return z
        case let .regression(x, _): return x
        }
    }

    public var sampleCount: Int { matrix.count }
    public var featureCount: Int { matrix.first?.count ?? 0 }

    /// The largest |entry| of the data matrix (and of y), as a Double: enough to size precisions.
    var largestMagnitude: Double {
        var largest = 0.0
        for row in matrix { for value in row { largest = max(largest, BigFloat(value.magnitude, precision: 53).doubleValue) } }
        if case let .regression(_, y) = self {
            for value in y { largest = max(largest, BigFloat(value.magnitude, precision: 53).doubleValue) }
        }
        return largest
    }
}
