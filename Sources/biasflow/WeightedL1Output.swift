import Asymptotics
import Foundation
import Limits
import Datasets
import Multiprecision

/// `biasflow limits --kind weighted-l1 --weights "t1+:t1-,t2+:t2-,…"`: argmin Σ t_i^+ k_i^+ + t_i^- k_i^-
/// s.t. Xk = y, exact with its certificate (`WeightedL1Problem`). Weights are decimals or p/q,
/// one pair per feature; a single number stands for t+ = t-; `@FILE` reads the same text from a
/// file (newlines count as commas).
enum WeightedL1Output {
    static func run(data: String, weights weightText: String?, exact: Bool, digits: Int, json: Bool) throws {
        guard var text = weightText else { throw CLIError("--kind weighted-l1 needs --weights t1+:t1-,t2+:t2-,… (or @FILE)") }
        if text.hasPrefix("@") {
            let path = String(text.dropFirst())
            guard let contents = try? String(contentsOfFile: path, encoding: .utf8) else { throw CLIError("--weights: cannot read '\(path)'") }
            text = contents.split(whereSeparator: { $0 == "\n" || $0 == "," }).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && !$0.hasPrefix("#") }.joined(separator: ",")
        }
        let regression: RegressionData
        do { regression = try DataSource.regression(data) } catch { throw CLIError(error.description) }
        let solution: WeightedL1Problem.Solution
        do {
            let weights = try SaddleWeights(parsing: text)
            solution = try WeightedL1Problem(x: regression.x, y: regression.y, weights: weights).solve()
        } catch { throw CLIError("\(data): \(error)") }
        let show: (Rational) -> String = exact ? { $0.description } : { ExactDecimal.format($0, significantDigits: digits) }
        let c = solution.certificate
        if json {
            let q = { (s: String) in "\"" + s + "\"" }
            print("{\"kind\": \"weighted-l1\", \"w\": [\(solution.k.map { q(show($0)) }.joined(separator: ", "))], "
                + "\"dual\": [\(solution.dual.map { q(show($0)) }.joined(separator: ", "))], \"objective\": \(q(show(solution.objective))), "
                + "\"exact\": \(exact), \"certificate\": {\"verified\": \(c.isVerified), \"primal_feasible\": \(c.primalFeasible), "
                + "\"dual_feasible\": \(c.dualFeasible), \"stationarity\": \(c.stationarity), \"objectives_equal\": \(c.objectivesEqual), "
                + "\"strict_complementarity\": \(c.strictComplementarity), \"primal_objective\": \(q(show(c.primalObjective))), "
                + "\"dual_objective\": \(q(show(c.dualObjective))), \"primal_unique\": \(solution.unique)}}")
        } else {
            print("weighted-l1 of \(data): exact, certificate verified (unique: \(solution.unique))")
            print("objective Σ t+k+ + t-k- = \(show(solution.objective))")
            for (j, value) in solution.k.enumerated() { print("  w[\(j + 1)] = \(show(value))") }
            for (n, value) in solution.dual.enumerated() { print("  ν[\(n + 1)] = \(show(value))") }
        }
    }
}
