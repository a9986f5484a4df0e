import Datasets
import Foundation
import Limits
import Multiprecision

/// The output of `biasflow limits --kind weighted-l1` (Docs/model-files.md): argmin Σ t_i^+ k_i^+
/// + t_i^- k_i^- s.t. Xk = y with its exact certificate (`WeightedL1Problem`).
///
/// JSON: `{"kind": "weighted-l1", "w", "dual", "objective", "exact", "certificate": {"verified",
/// "primal_feasible", "dual_feasible", "stationarity", "objectives_equal",
/// "strict_complementarity", "primal_objective", "dual_objective", "primal_unique"}}`. With
/// `exact` the rationals print as "p/q", otherwise as correctly rounded decimals of `digits`
/// significant digits; numbers as decimal strings through `JSONText.decimal`.
public struct WeightedL1Output: Sendable {
    public let solution: WeightedL1Problem.Solution
    /// The data set as the user named it.
    public let data: String
    public let exact: Bool
    public let digits: Int

    public init(solution: WeightedL1Problem.Solution, data: String, exact: Bool, digits: Int) {
        self.solution = solution
        self.data = data
        self.exact = exact
        self.digits = digits
    }

    private func show(_ value: Rational) -> String {
        exact ? value.description : ExactDecimal.format(value, significantDigits: Swift.max(1, digits))
    }

    private func number(_ value: Rational) -> String { JSONText.decimal(show(value)) }

    public func json() -> String {
        let c = solution.certificate
        let certificate = JSONText.object([
            ("verified", JSONText.bool(c.isVerified)), ("primal_feasible", JSONText.bool(c.primalFeasible)),
            ("dual_feasible", JSONText.bool(c.dualFeasible)), ("stationarity", JSONText.bool(c.stationarity)),
            ("objectives_equal", JSONText.bool(c.objectivesEqual)), ("strict_complementarity", JSONText.bool(c.strictComplementarity)),
            ("primal_objective", number(c.primalObjective)), ("dual_objective", number(c.dualObjective)),
            ("primal_unique", JSONText.bool(solution.unique))
        ])
        return JSONText.object([
            ("kind", JSONText.string("weighted-l1")), ("w", JSONText.array(solution.k.map(number))),
            ("dual", JSONText.array(solution.dual.map(number))), ("objective", number(solution.objective)),
            ("exact", JSONText.bool(exact)), ("certificate", certificate)
        ])
    }

    public func table() -> String {
        var lines = [
            "weighted-l1 of \(data): exact, certificate verified (unique: \(solution.unique))",
            "objective Σ t+k+ + t-k- = \(show(solution.objective))"
        ]
        for (j, value) in solution.k.enumerated() { lines.append("  w[\(j + 1)] = \(show(value))") }
        for (n, value) in solution.dual.enumerated() { lines.append("  ν[\(n + 1)] = \(show(value))") }
        return lines.joined(separator: "\n")
    }
}
