import Multiprecision

/// The exact optimality certificate of the weighted ℓ1 interpolator
///
///     minimize Σ_i (t_i^+ k_i^+ + t_i^- k_i^-)   subject to   X k = y,
///
/// checked from X, y, the weights, k and a dual ν alone: with s = Xᵀν,
/// X k = y (primal feasibility), −t_i^- ≤ s_i ≤ t_i^+ (dual feasibility), s_i = t_i^+ where
/// k_i > 0 and s_i = −t_i^- where k_i < 0 (stationarity), and the objective equals yᵀν. Weak
/// duality then proves k optimal (and ν dual optimal).
public struct WeightedL1Certificate: Sendable {
    public let primalFeasible: Bool
    public let dualFeasible: Bool
    public let stationarity: Bool
    public let objectivesEqual: Bool
    public let primalObjective: Rational
    public let dualObjective: Rational
    /// s = Xᵀν, exact.
    public let dualImage: [Rational]

    public var isVerified: Bool { primalFeasible && dualFeasible && stationarity && objectivesEqual }

    /// The conditions that failed, by name (empty when verified).
    public var failures: [String] {
        var names: [String] = []
        if !primalFeasible { names.append("primal feasibility") }
        if !dualFeasible { names.append("dual feasibility") }
        if !stationarity { names.append("stationarity") }
        if !objectivesEqual { names.append("equal objectives") }
        return names
    }

    /// True when every coordinate with k_i = 0 has −t_i^- < s_i < t_i^+ strictly: then k is the
    /// unique minimizer (given independent columns on its support, which the solvers check).
    public let strictComplementarity: Bool

    public static func check(x: [[Rational]], y: [Rational], weights: SaddleWeights, k: [Rational], dual: [Rational])
        -> WeightedL1Certificate
    {
        let n = x.count, d = weights.count
        guard k.count == d, dual.count == n, x.allSatisfy({ $0.count == d }), y.count == n else {
            return WeightedL1Certificate(
                primalFeasible: false, dualFeasible: false, stationarity: false, objectivesEqual: false,
                primalObjective: Rational(), dualObjective: Rational(), dualImage: [], strictComplementarity: false)
        }
        var primal = true
        for row in 0..<n {
            var sum = Rational()
            for j in 0..<d where !k[j].isZero { sum.addProduct(x[row][j], k[j]) }
            if sum != y[row] { primal = false }
        }
        let s = (0..<d).map { j in
            var sum = Rational()
            for row in 0..<n { sum.addProduct(x[row][j], dual[row]) }
            return sum
        }
        var dualFeasible = true, stationary = true, strict = true
        for j in 0..<d {
            let upper = weights.plus[j], lower = -weights.minus[j]
            if s[j] > upper || s[j] < lower { dualFeasible = false }
            if k[j].signum > 0 && s[j] != upper { stationary = false }
            if k[j].signum < 0 && s[j] != lower { stationary = false }
            if k[j].isZero && (s[j] == upper || s[j] == lower) { strict = false }
        }
        var dualObjective = Rational()
        for row in 0..<n { dualObjective.addProduct(y[row], dual[row]) }
        let primalObjective = weights.norm(k)
        return WeightedL1Certificate(
            primalFeasible: primal, dualFeasible: dualFeasible, stationarity: stationary,
            objectivesEqual: primalObjective == dualObjective, primalObjective: primalObjective,
            dualObjective: dualObjective, dualImage: s, strictComplementarity: strict)
    }
}
