import Multiprecision

/// Anderson acceleration (type II) of a linearly converging fixed-point iteration
/// z ← g(z) = z + f(z), such as simplified Newton, where f is the correction the iteration
/// computes: from the last `depth` + 1 pairs (z_i, f_i) the next iterate is
/// g_k − Σ_i γ_i (g_{i+1} − g_i), γ minimizing ‖f_k − Σ_i γ_i (f_{i+1} − f_i)‖₂.
///
/// Contract: the combination is formed in MPFR at the iterates' precision; only γ is computed in
/// binary64 (the corrections scaled by a shared power of two, so any exponent range works), which
/// changes the rate and never the accuracy the iteration reaches, since the caller tests every
/// iterate's own correction. Nearly dependent differences (a remaining norm below
/// `dependenceTolerance` of their own after orthogonalization against the newer ones) are left out.
/// Without history, or when γ is not finite, the step is the plain one, g_k. Deterministic: the
/// result does not depend on threads.
package struct AndersonAcceleration {
    /// The number of differences used (the history keeps one pair more).
    package let depth: Int
    package let dependenceTolerance: Double

    /// The pairs (f_i in binary64 with its exponent, g_i = z_i + f_i), oldest first.
    private var corrections: [ScaledBinary64Vector] = []
    private var images: [BigVector] = []

    package init(depth: Int = 4, dependenceTolerance: Double = 1e-6) {
        precondition(depth >= 1, "Anderson acceleration needs a depth of at least 1")
        self.depth = depth
        self.dependenceTolerance = dependenceTolerance
    }

    /// Forgets the history (after the iteration's map changed: a new matrix, a restart).
    package mutating func reset() {
        corrections.removeAll(keepingCapacity: true)
        images.removeAll(keepingCapacity: true)
    }

    /// The next iterate after z with correction f, and whether it combines earlier pairs (it is
    /// the plain one, z + f, the first time after a reset).
    package mutating func next(_ z: BigVector, correction f: BigVector) -> (BigVector, combined: Bool) {
        precondition(z.count == f.count, "an iterate of \(z.count) entries with a correction of \(f.count)")
        var image = z
        for k in 0..<z.count { image[k] = z[k] + f[k] }
        let scaled = ScaledBinary64Vector(f)
        corrections.append(scaled)
        images.append(image)
        if corrections.count > depth + 1 {
            corrections.removeFirst()
            images.removeFirst()
        }
        guard corrections.count >= 2, scaled.isFinite, let gamma = coefficients() else { return (image, false) }
        var result = image
        let p = image.precision
        for (i, weight) in gamma.enumerated() where weight != 0 {
            let g = BigFloat(exactly: weight, precision: p)
            for k in 0..<result.count {
                result[k] = BigFloat.fusedMultiplyAdd(-g, images[i + 1][k] - images[i][k], result[k])
            }
        }
        return (result, true)
    }

    /// γ for the differences i = 0 … m − 1 (f_{i+1} − f_i), by modified Gram–Schmidt from the
    /// newest difference back; nil when the history is not finite.
    private func coefficients() -> [Double]? {
        let newest = corrections[corrections.count - 1]
        let reference = newest.exponent
        // Every correction at the newest one's scale: f_i ≈ values · 2^(e_i − reference).
        func values(_ i: Int) -> [Double]? {
            let c = corrections[i]
            guard c.isFinite else { return nil }
            let shift = c.exponent - reference
            guard shift < 1000 else { return nil }
            let factor = Double(sign: .plus, exponent: shift, significand: 1)
            return c.values.map { $0 * factor }
        }
        var scaledValues = [[Double]]()
        for i in corrections.indices {
            guard let v = values(i) else { return nil }
            scaledValues.append(v)
        }
        let m = corrections.count - 1, n = newest.values.count
        var basis = [[Double]]()  // orthonormal q_j
        var r = [[Double]]()  // the column of R for each kept difference (its entries on the basis)
        var kept = [Int]()
        for i in stride(from: m - 1, through: 0, by: -1) {
            var column = (0..<n).map { scaledValues[i + 1][$0] - scaledValues[i][$0] }
            let original = norm(column)
            guard original > 0, original.isFinite else { continue }
            var entries = [Double]()
            for q in basis {
                let dot = zip(q, column).reduce(0) { $0 + $1.0 * $1.1 }
                for k in 0..<n { column[k] -= dot * q[k] }
                entries.append(dot)
            }
            let remaining = norm(column)
            guard remaining > dependenceTolerance * original else { continue }
            entries.append(remaining)
            basis.append(column.map { $0 / remaining })
            r.append(entries)
            kept.append(i)
        }
        guard !kept.isEmpty else { return nil }
        // Qᵀ f_k, then back substitution in R (upper triangular in the order kept).
        let rhs = basis.map { q in zip(q, scaledValues[m]).reduce(0) { $0 + $1.0 * $1.1 } }
        var solution = [Double](repeating: 0, count: kept.count)
        for j in stride(from: kept.count - 1, through: 0, by: -1) {
            var value = rhs[j]
            for l in (j + 1)..<kept.count { value -= r[l][j] * solution[l] }
            solution[j] = value / r[j][j]
        }
        guard solution.allSatisfy(\.isFinite) else { return nil }
        var gamma = [Double](repeating: 0, count: m)
        for (j, i) in kept.enumerated() { gamma[i] = solution[j] }
        return gamma
    }

    private func norm(_ v: [Double]) -> Double {
        let largest = v.reduce(0) { max($0, $1.magnitude) }
        guard largest > 0 else { return 0 }
        return largest * v.reduce(0) { $0 + ($1 / largest) * ($1 / largest) }.squareRoot()
    }
}
