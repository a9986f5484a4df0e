/// The active-set (Lawson–Hanson) method for the bound-constrained convex QP
///
///     minimize ½ λᵀGλ − cᵀλ   subject to λ ≥ 0,
///
/// generic over the number type. For the l2 max-margin problem G = Z Zᵀ and c = 1 (the SVM dual,
/// MATH.md §2.5): the free set P ends as the support vectors with G_PP λ_P = 1.
///
/// Each step adds the index whose gradient component most wants to grow, re-solves the equality
/// subproblem G_PP z = c_P, and walks back to the boundary when some z_n ≤ 0, dropping the indices
/// that reach 0. In `Rational` the result is exact; in `Double` it only proposes a support set.
struct BoundedQuadraticActiveSet<S: SimplexScalar> {
    let gram: [[S]]
    let linear: [S]
    /// Solves the square system (rows, rhs); nil when singular.
    let solveSystem: ([[S]], [S]) -> [S]?

    enum Result {
        case solved(lambda: [S], support: [Int], iterations: Int)
        case failed(String)
    }

    func solve(startingSupport: [Int] = [], iterationLimit: Int? = nil) -> Result {
        let n = linear.count
        var lambda = [S](repeating: .zero, count: n)
        var support: [Int] = []
        var iterations = 0
        if !startingSupport.isEmpty, let z = subproblem(startingSupport), z.allSatisfy({ $0.toleratedSign > 0 }) {
            support = startingSupport.sorted()
            for (k, index) in support.enumerated() { lambda[index] = z[k] }
        }
        let limit = iterationLimit ?? (10 * n + 20)
        while iterations < limit {
            iterations += 1
            // Negative gradient c − Gλ.
            var best = -1
            var bestValue = S.zero
            let inSupport = Set(support)
            for i in 0..<n where !inSupport.contains(i) {
                var value = linear[i]
                for j in support { value.subtractProduct(gram[i][j], lambda[j]) }
                if value.toleratedSign > 0 && (best < 0 || bestValue < value) {
                    best = i
                    bestValue = value
                }
            }
            if best < 0 { return .solved(lambda: lambda, support: support, iterations: iterations - 1) }
            support.append(best)
            support.sort()
            while true {
                guard let z = subproblem(support) else {
                    // G_PP is singular: the new row z_best depends on the others. Along the null
                    // direction δ (δ_best = 1) w = Zᵀλ is constant and the objective falls at rate
                    // cᵀδ > 0, so move until another multiplier reaches 0 (or, if none can, the
                    // problem is unbounded: Zᵀδ = 0 with δ ≥ 0 proves the data non-separable).
                    guard support.contains(best), let delta = nullDirection(support, pivot: best) else {
                        return .failed("singular support system of size \(support.count)")
                    }
                    var step: S? = nil
                    for (k, index) in support.enumerated() where delta[k].toleratedSign < 0 {
                        let ratio = lambda[index] / -delta[k]
                        if step == nil || ratio < step! { step = ratio }
                    }
                    guard let t = step else { return .failed("unbounded: the data are not separable") }
                    for (k, index) in support.enumerated() { lambda[index] = lambda[index] + t * delta[k] }
                    var dropped = false
                    support = support.filter { index in
                        if !dropped && index != best && lambda[index].toleratedSign <= 0 {
                            dropped = true
                            return false
                        }
                        return true
                    }
                    for i in 0..<n where !support.contains(i) { lambda[i] = .zero }
                    iterations += 1
                    if iterations >= limit { break }
                    continue
                }
                if z.allSatisfy({ $0.toleratedSign > 0 }) {
                    lambda = [S](repeating: .zero, count: n)
                    for (k, index) in support.enumerated() { lambda[index] = z[k] }
                    break
                }
                // Step from λ towards z until the first support entry reaches 0.
                var step: S? = nil
                for (k, index) in support.enumerated() where z[k].toleratedSign <= 0 {
                    let denominator = lambda[index] - z[k]
                    guard denominator.toleratedSign > 0 else { continue }
                    let ratio = lambda[index] / denominator
                    if step == nil || ratio < step! { step = ratio }
                }
                let t = step ?? .zero
                for (k, index) in support.enumerated() {
                    lambda[index] = lambda[index] + t * (z[k] - lambda[index])
                }
                support = support.filter { lambda[$0].toleratedSign > 0 }
                for i in 0..<n where !support.contains(i) { lambda[i] = .zero }
                iterations += 1
                if support.isEmpty || iterations >= limit { break }
            }
        }
        return .failed("iteration limit \(limit)")
    }

    /// δ over `support` with δ_pivot = 1 and G_PP δ = 0, from the other rows' block (nil if that
    /// block is singular too).
    private func nullDirection(_ support: [Int], pivot: Int) -> [S]? {
        let others = support.filter { $0 != pivot }
        let rows = others.map { i in others.map { j in gram[i][j] } }
        guard let partial = solveSystem(rows, others.map { -gram[$0][pivot] }) else { return nil }
        var delta: [S] = []
        var k = 0
        for index in support {
            if index == pivot {
                delta.append(.one)
            } else {
                delta.append(partial[k])
                k += 1
            }
        }
        return delta
    }

    private func subproblem(_ support: [Int]) -> [S]? {
        let rows = support.map { i in support.map { j in gram[i][j] } }
        return solveSystem(rows, support.map { linear[$0] })
    }
}
