import Multiprecision

/// The constrained least-squares problem of one saddle (Pesme & Flammarion 2023; MATH.md §7.1):
///
///     minimize ½‖Xβ − y‖²   subject to   σ_i β_i ≥ 0 (i ∈ P),   β_i = 0 (i ∉ P),
///
/// with P the saturated coordinates (|s_i| = 1) and σ_i = s_i their signs. Solved exactly in
/// rationals: with β_P = diag(σ) γ it is the bound-constrained QP min ½γᵀGγ − cᵀγ, γ ≥ 0,
/// G = diag(σ) X_Pᵀ X_P diag(σ), c = diag(σ) X_Pᵀ y, solved by the exact active-set method
/// (Bareiss elimination for each equality subproblem).
///
/// Contract: the returned β is exactly optimal, proved by the exact KKT conditions of the convex
/// problem (checked from X, y and β alone): with u = Xᵀ(y − Xβ), for i ∈ P: σ_i β_i ≥ 0,
/// σ_i u_i ≤ 0, β_i u_i = 0. It is the unique minimizer when the columns of X on its support are
/// linearly independent (the active-set method only ends on such a support), which is also checked.
struct SignConstrainedLeastSquares {
    let x: [[Rational]]
    let y: [Rational]

    struct Solution {
        var beta: [Rational]
        /// u = Xᵀ(y − Xβ), the negative gradient at β.
        var negativeGradient: [Rational]
        /// y − Xβ.
        var residual: [Rational]
        var kktVerified: Bool
        var iterations: Int
    }

    /// - Parameters:
    ///   - allowed: the coordinates that may be non-zero, with the sign each must have (±1).
    ///   - warmSupport: coordinates of `allowed` expected non-zero (a hint; any set is safe).
    func solve(allowed: [(index: Int, sign: Int)], warmSupport: [Int]) throws(LimitError) -> Solution {
        let d = x.first?.count ?? 0
        var beta = [Rational](repeating: Rational(), count: d)
        var iterations = 0
        if !allowed.isEmpty {
            let n = x.count
            let columns = allowed.map { entry in (0..<n).map { row in entry.sign > 0 ? x[row][entry.index] : -x[row][entry.index] } }
            var gram = [[Rational]](repeating: [Rational](repeating: Rational(), count: allowed.count), count: allowed.count)
            for a in 0..<allowed.count {
                for b in a..<allowed.count {
                    var sum = Rational()
                    for row in 0..<n { sum.addProduct(columns[a][row], columns[b][row]) }
                    gram[a][b] = sum
                    gram[b][a] = sum
                }
            }
            let linear = columns.map { column in
                var sum = Rational()
                for row in 0..<n { sum.addProduct(column[row], y[row]) }
                return sum
            }
            let solver = BoundedQuadraticActiveSet<Rational>(gram: gram, linear: linear) { rows, rhs in
                ExactLinearSystem.solve(rows, rightHandSides: [rhs])?.first
            }
            let start = allowed.indices.filter { warmSupport.contains(allowed[$0].index) }
            switch solver.solve(startingSupport: start) {
            case let .solved(lambda, _, count):
                iterations = count
                for (k, entry) in allowed.enumerated() { beta[entry.index] = entry.sign > 0 ? lambda[k] : -lambda[k] }
            case let .failed(reason):
                throw .solverFailed("constrained least squares on \(allowed.count) coordinates: \(reason)")
            }
        }
        let residual = (0..<x.count).map { row in
            var value = y[row]
            for (j, b) in beta.enumerated() where !b.isZero { value -= x[row][j] * b }
            return value
        }
        let gradient = (0..<d).map { j in
            var sum = Rational()
            for row in 0..<x.count { sum.addProduct(x[row][j], residual[row]) }
            return sum
        }
        var verified = true
        let allowedSet = Dictionary(uniqueKeysWithValues: allowed.map { ($0.index, $0.sign) })
        for j in 0..<d {
            guard let sign = allowedSet[j] else {
                if !beta[j].isZero { verified = false }
                continue
            }
            if beta[j].signum * sign < 0 || gradient[j].signum * sign > 0 { verified = false }
            if !beta[j].isZero && !gradient[j].isZero { verified = false }
        }
        // Uniqueness: the columns of X on the support of β and on the allowed coordinates whose
        // gradient vanishes (free to join the support without changing the loss) are linearly
        // independent. Every minimizer has the same fit Xβ, hence the same gradient, so an allowed
        // coordinate with a nonzero gradient is 0 in all of them; the rest is a linear system.
        let support = (0..<d).filter { !beta[$0].isZero || (allowedSet[$0] != nil && gradient[$0].isZero) }
        if !support.isEmpty {
            let supportGram = support.map { a in
                support.map { b in
                    var sum = Rational()
                    for row in 0..<x.count { sum.addProduct(x[row][a], x[row][b]) }
                    return sum
                }
            }
            if ExactLinearSystem.solve(supportGram, rightHandSides: [support.map { _ in Rational() }]) == nil {
                throw .solverFailed(
                    "the saddle is not unique: the columns \(support.map { $0 + 1 }) of X (its support and the coordinates free to join it) are linearly dependent (data not in general position, e.g. identical columns)"
                )
            }
        }
        return Solution(beta: beta, negativeGradient: gradient, residual: residual, kktVerified: verified, iterations: iterations)
    }
}
