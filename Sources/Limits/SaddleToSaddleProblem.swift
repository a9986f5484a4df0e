import Multiprecision

/// The vanishing-initialization limit of gradient flow on a two-layer diagonal network for
/// regression (Pesme & Flammarion 2023; MATH.md §7.1, T11), and its weighted generalization to
/// general and deep diagonal models (Zhao et al. 2026, Algorithm 1; MATH.md §12.2): the saddles
/// the flow visits and the rescaled times of its jumps, computed exactly in rationals.
///
/// Algorithm (LARS-like), with growth-time weights t_i^± > 0 (t ≡ 1 is Pesme–Flammarion):
/// s ← 0, β ← 0; while Xβ ≠ y: u ← Xᵀ(y − Xβ); δ_i = (t_i^+ − s_i)/u_i for u_i > 0 and
/// (t_i^- + s_i)/|u_i| for u_i < 0; δ ← min δ_i; s ← s + δu; β ← argmin ½‖Xβ − y‖² over β_i ≥ 0
/// where s_i = t_i^+, β_i ≤ 0 where s_i = −t_i^-, β_i = 0 elsewhere (exact active-set QP). Stops
/// when the saddle interpolates, or when u = 0 (the least-squares minimum does not interpolate:
/// y ∉ range X). With `refusesDegenerateSteps` the genericity assumptions of Theorem 1 are
/// checked at every step and their failure is an error: a unique argmin, and u_i ≠ 0 wherever
/// β_i = 0 with s_i at a threshold.
///
/// Contract: every value is an exact rational; each step's optimality is proved by exact KKT
/// checks and the last saddle's (weighted) l1 optimality by an exact dual certificate
/// (`SaddleSequence`).
/// Uniqueness of each saddle (independent columns on its support) is checked; data where it
/// fails are reported, not guessed.
public struct SaddleToSaddleProblem: Sendable {
    public let x: [[Rational]]
    public let y: [Rational]
    /// The largest number of jumps before giving up (the algorithm terminates for data in general
    /// position; this guards against data that are not).
    public var maximumSteps: Int
    /// The growth-time weights t^± (unit weights by default).
    public let weights: SaddleWeights
    /// Refuse ties in the argmin and saturated zero coordinates with u_i = 0 (Theorem 1's
    /// genericity), instead of letting every tied coordinate enter together.
    public var refusesDegenerateSteps: Bool

    /// - Throws: `LimitError.invalidData` for empty, ragged or mismatched data or weights.
    public init(
        x: [[Rational]], y: [Rational], weights: SaddleWeights? = nil, refusesDegenerateSteps: Bool = false,
        maximumSteps: Int? = nil
    ) throws(LimitError) {
        guard let first = x.first, !first.isEmpty else { throw .invalidData("no samples or no features") }
        if let ragged = x.firstIndex(where: { $0.count != first.count }) {
            throw .invalidData("row \(ragged + 1) has \(x[ragged].count) features, row 1 has \(first.count)")
        }
        guard y.count == x.count else { throw .invalidData("\(x.count) rows but \(y.count) targets") }
        if let weights, weights.count != first.count {
            throw .invalidData("\(weights.count) weight pairs for \(first.count) features")
        }
        self.x = x
        self.y = y
        self.weights = weights ?? .unit(first.count)
        self.refusesDegenerateSteps = refusesDegenerateSteps
        self.maximumSteps = maximumSteps ?? (10 * first.count + 100)
    }

    public var sampleCount: Int { x.count }
    public var featureCount: Int { x[0].count }

    public func solve() throws(LimitError) -> SaddleSequence {
        let n = sampleCount, d = featureCount
        let subproblem = SignConstrainedLeastSquares(x: x, y: y)
        var s = [Rational](repeating: Rational(), count: d)
        var theta = [Rational](repeating: Rational(), count: n)
        var beta = [Rational](repeating: Rational(), count: d)
        var residual = y
        var time = Rational()
        var steps: [SaddleStep] = []
        let upper = weights.plus, lower = weights.minus.map { -$0 }
        while residual.contains(where: { !$0.isZero }) {
            guard steps.count < maximumSteps else {
                throw .solverFailed("no interpolating saddle after \(maximumSteps) jumps (data not in general position?)")
            }
            let u = (0..<d).map { j in
                var sum = Rational()
                for row in 0..<n { sum.addProduct(x[row][j], residual[row]) }
                return sum
            }
            // δ_i = (t_i^± − s_i)/u_i: the rescaled time at which s_i reaches t_i^+ or −t_i^-.
            var durations = [Rational?](repeating: nil, count: d)
            for j in 0..<d where !u[j].isZero {
                durations[j] = ((u[j].signum > 0 ? upper[j] : lower[j]) - s[j]) / u[j]
            }
            if refusesDegenerateSteps {
                for j in 0..<d where u[j].isZero && beta[j].isZero && (s[j] == upper[j] || s[j] == lower[j]) {
                    throw .solverFailed(
                        "jump \(steps.count + 1): coordinate \(j + 1) is zero with s at its threshold and u = 0 (Theorem 1's genericity fails)"
                    )
                }
            }
            guard let delta = durations.compactMap({ $0 }).min() else { break }  // u = 0: least-squares minimum reached
            guard delta.signum > 0 else {
                throw .solverFailed(
                    "jump \(steps.count + 1): a saturated coordinate is pushed outwards (KKT of the previous saddle violated)")
            }
            let entering = (0..<d).filter { durations[$0] == delta }
            if refusesDegenerateSteps && entering.count > 1 {
                throw .solverFailed(
                    "jump \(steps.count + 1): the argmin is not unique (coordinates \(entering.map { $0 + 1 }) reach their thresholds at the same time \(time + delta)); Algorithm 1 needs a unique argmin"
                )
            }
            time += delta
            for j in 0..<d where !u[j].isZero { s[j].addProduct(delta, u[j]) }
            for row in 0..<n { theta[row].addProduct(delta, residual[row]) }
            let allowed = (0..<d).compactMap { j -> (index: Int, sign: Int)? in
                s[j] == upper[j] ? (j, 1) : (s[j] == lower[j] ? (j, -1) : nil)
            }
            let previousSupport = (0..<d).filter { !beta[$0].isZero }
            let solution = try subproblem.solve(allowed: allowed, warmSupport: previousSupport + entering)
            let inBox = (0..<d).allSatisfy { s[$0] <= upper[$0] && s[$0] >= lower[$0] }
            beta = solution.beta
            residual = solution.residual
            var loss = Rational()
            for value in residual { loss.addProduct(value, value) }
            steps.append(
                SaddleStep(
                    index: steps.count + 1, direction: u, duration: delta, jumpTime: time, s: s, entering: entering,
                    leaving: previousSupport.filter { beta[$0].isZero }, saddle: beta, loss: loss / Rational(2),
                    optimalityVerified: solution.kktVerified && inBox))
        }
        let interpolates = !residual.contains(where: { !$0.isZero })
        var certificate: Certificate? = nil
        var weighted: WeightedL1Certificate? = nil
        if interpolates {
            if weights.isUnit {
                let problem = try LimitProblem(kind: .l1Interpolation, regressionRows: x, targets: y)
                certificate = Certificate.check(problem, w: beta, dual: theta)
            }
            weighted = WeightedL1Certificate.check(x: x, y: y, weights: weights, k: beta, dual: theta)
        }
        return SaddleSequence(
            steps: steps, dual: theta, interpolates: interpolates, certificate: certificate,
            weights: weights, weightedCertificate: weighted)
    }
}
