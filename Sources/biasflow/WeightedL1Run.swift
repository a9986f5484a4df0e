import Asymptotics
import Foundation
import Limits
import Datasets
import Multiprecision
import Reports

/// `biasflow limits --kind weighted-l1 --weights "t1+:t1-,t2+:t2-,…"`: argmin Σ t_i^+ k_i^+ + t_i^- k_i^-
/// s.t. Xk = y, exact with its certificate (`WeightedL1Problem`). Weights are decimals or p/q,
/// one pair per feature; a single number stands for t+ = t-; `@FILE` reads the same text from a
/// file (newlines count as commas).
enum WeightedL1Run {
    static func run(data: String, weights weightText: String?, exact: Bool, digits: Int, json: Bool) throws {
        guard var text = weightText else { throw CLIError("--kind weighted-l1 needs --weights t1+:t1-,t2+:t2-,… (or @FILE)") }
        if text.hasPrefix("@") {
            let path = String(text.dropFirst())
            guard let contents = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw CLIError("--weights: cannot read '\(path)'")
            }
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
        let output = WeightedL1Output(solution: solution, data: data, exact: exact, digits: digits)
        print(json ? output.json() : output.table())
    }
}
