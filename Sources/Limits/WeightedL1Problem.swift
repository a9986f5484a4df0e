import Multiprecision

/// The weighted ℓ1 interpolation limit (MATH.md §12.2, the Corollary):
///
///     minimize Σ_i (t_i^+ k_i^+ + t_i^- k_i^-)   subject to   X k = y,
///
/// on exact rational data and weights, solved as the exact linear program in standard form
/// min (t^+)ᵀk^+ + (t^-)ᵀk^- s.t. [X, −X](k^+, k^-) = y, k^± ≥ 0 (`LinearProgram`, the exact
/// two-phase simplex), with k = k^+ − k^- and the LP's equality dual as ν. The answer carries a
/// `WeightedL1Certificate` verified exactly from the data alone. With unit weights this is the
/// min-ℓ1 interpolator (`LimitProblem` kind `l1Interpolation`).
public struct WeightedL1Problem: Sendable {
    public let x: [[Rational]]
    public let y: [Rational]
    public let weights: SaddleWeights

    /// - Throws: `LimitError.invalidData` for empty, ragged or mismatched data and weights.
    public init(x: [[Rational]], y: [Rational], weights: SaddleWeights) throws(LimitError) {
        guard let first = x.first, !first.isEmpty else { throw .invalidData("no samples or no features") }
        if let ragged = x.firstIndex(where: { $0.count != first.count }) {
            throw .invalidData("row \(ragged + 1) has \(x[ragged].count) features, row 1 has \(first.count)")
        }
        guard y.count == x.count else { throw .invalidData("\(x.count) rows but \(y.count) targets") }
        guard weights.count == first.count else {
            throw .invalidData("\(weights.count) weight pairs for \(first.count) features: give one pair t+:t- per feature")
        }
        self.x = x
        self.y = y
        self.weights = weights
    }

    /// The exact solution.
    public struct Solution: Sendable {
        public let k: [Rational]
        public let dual: [Rational]
        public let objective: Rational
        public let certificate: WeightedL1Certificate
        /// True when the LP proves the optimum unique (every non-basic variable has a positive
        /// reduced cost).
        public let unique: Bool
        public let pivots: Int
    }

    /// - Throws: `LimitError.solverFailed` when X k = y has no solution (with the reason) or
    ///   the simplex fails.
    public func solve() throws(LimitError) -> Solution {
        let d = weights.count
        let a = x.map { row in row + row.map { -$0 } }
        let program: LinearProgram
        do { program = try LinearProgram(a: a, b: y, c: weights.plus + weights.minus) } catch {
            throw .invalidData("\(error)")
        }
        let solution: LinearProgramSolution
        do { solution = try program.solve() } catch {
            switch error {
            case .infeasible: throw .solverFailed("X k = y has no solution (the LP is infeasible; exact Farkas certificate found)")
            default: throw .solverFailed("weighted l1 LP: \(error)")
            }
        }
        guard solution.isVerified else { throw .solverFailed("the weighted l1 LP solution did not verify (internal error)") }
        let k = (0..<d).map { solution.x[$0] - solution.x[d + $0] }
        let certificate = WeightedL1Certificate.check(x: x, y: y, weights: weights, k: k, dual: solution.y)
        guard certificate.isVerified else {
            throw .solverFailed("the weighted l1 certificate failed: \(certificate.failures.joined(separator: ", "))")
        }
        return Solution(
            k: k, dual: solution.y, objective: certificate.primalObjective, certificate: certificate,
            unique: solution.primalUnique, pivots: solution.pivots)
    }
}
