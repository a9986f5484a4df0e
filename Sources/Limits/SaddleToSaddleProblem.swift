import Multiprecision

/// The vanishing-initialization limit of gradient flow on a two-layer diagonal network for
/// regression (Pesme & Flammarion 2023; MATH.md §7.1, T11): the saddles the flow visits and the
/// rescaled times of its jumps, computed exactly in rationals.
///
/// Algorithm (LARS-like): s ← 0, β ← 0; while Xβ ≠ y: u ← Xᵀ(y − Xβ); δ_i = (sign u_i − s_i)/u_i
/// for u_i ≠ 0; δ ← min δ_i; s ← s + δu; β ← argmin ½‖Xβ − y‖² over σ_iβ_i ≥ 0 where s_i = σ_i = ±1
/// and β_i = 0 where |s_i| < 1 (exact active-set QP). Stops when the saddle interpolates, or when
/// u = 0 (the least-squares minimum does not interpolate: y ∉ range X).
///
/// Contract: every value is an exact rational; each step's optimality is proved by exact KKT
/// checks and the last saddle's l1 optimality by an exact dual certificate (`SaddleSequence`).
/// Uniqueness of each saddle (independent columns on its support) is checked; data where it
/// fails are reported, not guessed.
public struct SaddleToSaddleProblem: Sendable {
    public let x: [[Rational]]
    public let y: [Rational]
    /// The largest number of jumps before giving up (the algorithm terminates for data in general
    /// position; this guards against data that are not).
    public var maximumSteps: Int

    /// - Throws: `LimitError.invalidData` for empty, ragged or mismatched data.
    public init(x: [[Rational]], y: [Rational], maximumSteps: Int? = nil) throws(LimitError) {
        guard let first = x.first, !first.isEmpty else { throw .invalidData("no samples or no features") }
        if let ragged = x.firstIndex(where: { $0.count != first.count }) {
            throw .invalidData("row \(ragged + 1) has \(x[ragged].count) features, row 1 has \(first.count)")
        }
        guard y.count == x.count else { throw .invalidData("\(x.count) rows but \(y.count) targets") }
        self.x = x
        self.y = y
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
        let one = Rational(1)
        while residual.contains(where: { !$0.isZero }) {
            guard steps.count < maximumSteps else {
                throw .solverFailed("no interpolating saddle after \(maximumSteps) jumps (data not in general position?)")
            }
            let u = (0..<d).map { j in
                var sum = Rational()
                for row in 0..<n { sum.addProduct(x[row][j], residual[row]) }
                return sum
            }
            // δ_i = (sign u_i − s_i)/u_i: the rescaled time at which s_i reaches ±1.
            var durations = [Rational?](repeating: nil, count: d)
            for j in 0..<d where !u[j].isZero {
                durations[j] = ((u[j].signum > 0 ? one : -one) - s[j]) / u[j]
            }
            guard let delta = durations.compactMap({ $0 }).min() else { break }  // u = 0: least-squares minimum reached
            guard delta.signum > 0 else {
                throw .solverFailed("jump \(steps.count + 1): a saturated coordinate is pushed outwards (KKT of the previous saddle violated)")
            }
            let entering = (0..<d).filter { durations[$0] == delta }
            time += delta
            for j in 0..<d where !u[j].isZero { s[j].addProduct(delta, u[j]) }
            for row in 0..<n { theta[row].addProduct(delta, residual[row]) }
            let allowed = (0..<d).compactMap { j -> (index: Int, sign: Int)? in
                s[j] == one ? (j, 1) : (s[j] == -one ? (j, -1) : nil)
            }
            let previousSupport = (0..<d).filter { !beta[$0].isZero }
            let solution = try subproblem.solve(allowed: allowed, warmSupport: previousSupport + entering)
            let inBox = s.allSatisfy { $0.magnitude <= one }
            beta = solution.beta
            residual = solution.residual
            var loss = Rational()
            for value in residual { loss.addProduct(value, value) }
            steps.append(SaddleStep(
                index: steps.count + 1, direction: u, duration: delta, jumpTime: time, s: s, entering: entering,
                leaving: previousSupport.filter { beta[$0].isZero }, saddle: beta, loss: loss / Rational(2),
                optimalityVerified: solution.kktVerified && inBox))
        }
        let interpolates = !residual.contains(where: { !$0.isZero })
        var certificate: Certificate? = nil
        if interpolates {
            let problem = try LimitProblem(kind: .l1Interpolation, regressionRows: x, targets: y)
            certificate = Certificate.check(problem, w: beta, dual: theta)
        }
        return SaddleSequence(steps: steps, dual: theta, interpolates: interpolates, certificate: certificate)
    }
}
