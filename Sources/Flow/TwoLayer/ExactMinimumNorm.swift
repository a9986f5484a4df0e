import Multiprecision

/// The minimum-norm interpolator of a linear least-squares problem with several targets, exact:
/// for X (n × D_in) of full row rank n and Y (n × m),
///
///     Θ* = Xᵀ(XXᵀ)⁻¹Y,   P⊥ = I − Xᵀ(XXᵀ)⁻¹X (the projector onto null(X)),
///
/// by Gauss–Jordan elimination in exact rationals (MATH.md §5.4). Sizes are those of the data,
/// meant for small n.
public struct ExactMinimumNorm: Sendable {
    /// Θ* (D_in × m).
    public let solution: [[Rational]]
    /// P⊥ (D_in × D_in).
    public let nullProjector: [[Rational]]

    public init(x: [[Rational]], y: [[Rational]]) throws(FlowError) {
        let n = x.count, din = x.first?.count ?? 0, m = y.first?.count ?? 0
        guard n >= 1, din >= 1, m >= 1, y.count == n else { throw .incompatibleLoss("X and Y must have the same number of rows") }
        // G = XXᵀ, then G⁻¹ by Gauss–Jordan.
        var gram = (0..<n).map { i in (0..<n).map { j in (0..<din).reduce(Rational(0)) { $0 + x[i][$1] * x[j][$1] } } }
        var inverse = (0..<n).map { i in (0..<n).map { Rational($0 == i ? 1 : 0) } }
        for column in 0..<n {
            guard let pivot = (column..<n).first(where: { !gram[$0][column].isZero }) else {
                throw .incompatibleLoss("X does not have full row rank (XXᵀ is singular): the minimum-norm interpolator is not unique")
            }
            gram.swapAt(column, pivot)
            inverse.swapAt(column, pivot)
            let scale = gram[column][column].reciprocal
            gram[column] = gram[column].map { $0 * scale }
            inverse[column] = inverse[column].map { $0 * scale }
            for row in 0..<n where row != column && !gram[row][column].isZero {
                let factor = gram[row][column]
                for k in 0..<n {
                    gram[row][k] = gram[row][k] - factor * gram[column][k]
                    inverse[row][k] = inverse[row][k] - factor * inverse[column][k]
                }
            }
        }
        // K = Xᵀ G⁻¹ (D_in × n).
        let k = (0..<din).map { a in (0..<n).map { j in (0..<n).reduce(Rational(0)) { $0 + x[$1][a] * inverse[$1][j] } } }
        solution = (0..<din).map { a in (0..<m).map { c in (0..<n).reduce(Rational(0)) { $0 + k[a][$1] * y[$1][c] } } }
        nullProjector = (0..<din).map { a in
            (0..<din).map { b in Rational(a == b ? 1 : 0) - (0..<n).reduce(Rational(0)) { $0 + k[a][$1] * x[$1][b] } }
        }
    }
}
