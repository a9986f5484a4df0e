import LinearAlgebra
import Multiprecision

/// KKT residuals of a candidate l_{2/D} max-margin point (MATH.md §2.5): w is a KKT point of
/// min Σ|w_i|^{2/D} s.t. Z w ≥ 1 when, with the tight set S = {n : z_nᵀw = γ} (γ = min margin,
/// the point is first normalised to γ = 1) and the support A = {i : w_i ≠ 0}, some λ ≥ 0 on S has
///
///     (2/D)|w_i|^{2/D−1} sign(w_i) = (Z_Sᵀλ)_i   for i ∈ A,
///
/// and, for D = 2 (the convex l1 case), |(Z_Sᵀλ)_i| ≤ 1 for i ∉ A (for D > 2 any value is allowed
/// at 0: the problem is non-smooth there). λ is the least-squares fit of the stationarity equations
/// on A. Global optimality is not certifiable in general; this reports residuals only.
///
/// Contract: computed in MPFR at `precision` bits; "tight" and "support" use the relative
/// threshold `threshold` (default 2^-(precision/2)).
public struct KKTResidualCheck: Sendable {
    public let depth: Int
    public let tight: [Int]
    public let support: [Int]
    public let multipliers: [BigFloat]
    /// max_{i∈A} |(2/D)|w_i|^{2/D−1} sign w_i − (Z_Sᵀλ)_i|.
    public let stationarity: BigFloat
    /// max(0, −min λ).
    public let dualInfeasibility: BigFloat
    /// D = 2: max(0, max_{i∉A} |(Z_Sᵀλ)_i| − 1); D > 2: 0.
    public let subgradientViolation: BigFloat
    /// max(0, 1 − min margin) before normalisation is irrelevant: after normalising, 0 by construction.
    public let normalization: BigFloat

    /// The largest residual.
    public var worst: BigFloat { BigFloat.maximum(BigFloat.maximum(stationarity, dualInfeasibility), subgradientViolation) }

    public init(z: [[Rational]], w raw: [BigFloat], depth: Int, precision: Int = 256, threshold: BigFloat? = nil) throws(LimitError) {
        guard depth >= 2, !z.isEmpty, z[0].count == raw.count else { throw .invalidData("KKT check: shapes or depth") }
        let zero = BigFloat(precision: precision)
        let Z = z.map { $0.map { BigFloat($0, precision: precision) } }
        let rawW = raw.map { BigFloat($0, precision: precision) }
        let margins0 = Z.map { row in zip(row, rawW).reduce(zero) { $0 + $1.0 * $1.1 } }
        guard let gamma = margins0.min(), gamma > zero else { throw .invalidData("KKT check: the point has a non-positive margin") }
        let w = rawW.map { $0 / gamma }
        let margins = margins0.map { $0 / gamma }
        let eps = threshold ?? BigFloat.scaled(BigFloat(1, precision: precision), byPowerOfTwo: -(precision / 2))
        let scale = w.map(\.magnitude).max() ?? zero
        let tight = margins.indices.filter { (margins[$0] - 1).magnitude <= eps }
        let support = w.indices.filter { w[$0].magnitude > eps * scale }
        self.tight = tight
        self.support = support
        let exponent = BigFloat(2, precision: precision) / BigFloat(depth, precision: precision) - 1
        let factor = BigFloat(2, precision: precision) / BigFloat(depth, precision: precision)
        let targets = support.map { i in
            let value = factor * BigFloat.pow(w[i].magnitude, exponent)
            return w[i].isNegative ? -value : value
        }
        // Least squares: (A Aᵀ) λ = A g with A = Z_{S,A} (|S| × |A|).
        let k = tight.count
        var gram = BigMatrix(rows: k, columns: k, precision: precision)
        var rhs = BigVector(count: k, precision: precision)
        for a in 0..<k {
            var r = zero
            for (t, i) in support.enumerated() { r = r + Z[tight[a]][i] * targets[t] }
            rhs[a] = r
            for b in 0..<k {
                var g = zero
                for i in support { g = g + Z[tight[a]][i] * Z[tight[b]][i] }
                gram[a, b] = g
            }
        }
        var lambda = [BigFloat](repeating: zero, count: k)
        if k > 0, let lu = LUFactorization(gram) {
            lu.solve(&rhs)
            lambda = rhs.elements
        }
        let image = w.indices.map { i in tight.enumerated().reduce(zero) { $0 + Z[$1.1][i] * lambda[$1.0] } }
        var stationary = zero
        for (t, i) in support.enumerated() { stationary = BigFloat.maximum(stationary, (image[i] - targets[t]).magnitude) }
        var violation = zero
        if depth == 2 {
            let supportSet = Set(support)
            for i in w.indices where !supportSet.contains(i) { violation = BigFloat.maximum(violation, image[i].magnitude - 1) }
        }
        self.depth = depth
        multipliers = lambda
        stationarity = stationary
        dualInfeasibility = BigFloat.maximum(zero, -(lambda.min() ?? zero))
        subgradientViolation = violation
        normalization = zero
    }
}
