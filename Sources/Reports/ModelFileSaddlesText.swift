import Asymptotics
import Limits
import Multiprecision

/// The readable table of `biasflow saddles --model-file M.yaml --format table` (the JSON is
/// `ModelFileSaddlesJSON`), with the numbers of the JSON exactly (`ModelFileSaddlesDecimals`).
///
/// A header with the data, the model file, its class and whether the weights are exact (else
/// their verified digits); the growth-time weights t⁺, t⁻ per coordinate (with the extreme
/// eigenvalues of ∇²k_i(0) for a general two-layer model) and the time scale; per saddle of
/// Algorithm 1 its rescaled jump time and duration, the coordinates entering and leaving the
/// support, whether its KKT conditions were verified, the saddle k⁽ᵏ⁾ and its loss, the direction
/// u⁽ᵏ⁾ and the vector s⁽ᵏ⁾; then the weighted-ℓ1 limit with its objective, dual and certificate.
public enum ModelFileSaddlesText {
    public static func render(_ analysis: ModelSaddleAnalysis, data: String, modelFile: String, digits: Int) -> String {
        let decimals = ModelFileSaddlesDecimals(analysis, digits: digits)
        func vector(_ entries: [String]) -> String { "(" + entries.joined(separator: ", ") + ")" }
        func exact(_ entries: [Rational]) -> String { vector(entries.map(\.description)) }
        func superscript(_ n: Int) -> String {
            let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
            return "⁽" + String(String(n).map { $0.wholeNumberValue.map { digits[$0] } ?? $0 }) + "⁾"
        }
        func set(_ coordinates: [Int]) -> String { "{" + coordinates.map { String($0 + 1) }.joined(separator: ", ") + "}" }
        let known = decimals.exact ? "weights exact" : "weights to \(analysis.weights.verifiedDigits) verified digits"
        var lines = [
            "weighted saddle-to-saddle limit of \(data) under \(modelFile) (\(decimals.modelClass); \(known))",
            "growth-time weights:"
        ]
        for (i, pair) in decimals.weights.enumerated() {
            var line = "  k\(i + 1): t⁺ = \(pair.plus), t⁻ = \(pair.minus)"
            if i < decimals.extremeEigenvalues.count {
                let extremes = decimals.extremeEigenvalues[i]
                line += "   (∇²k\(i + 1)(0): λ_min = \(extremes.smallest), λ_max = \(extremes.largest))"
            }
            lines.append(line)
        }
        lines.append("time scale: \(analysis.timeScale)")
        for (step, printed) in zip(analysis.sequence.steps, decimals.steps) {
            let k = step.index
            lines.append(
                "saddle \(k): jump time T_\(k) = \(printed.jumpTime) (duration \(printed.duration)), entering \(set(step.entering)), "
                    + "leaving \(set(step.leaving)); KKT conditions verified: \(step.optimalityVerified)")
            lines.append("  k\(superscript(k)) = \(exact(step.saddle)), loss \(step.loss)")
            lines.append("  u\(superscript(k)) = \(exact(step.direction))")
            lines.append("  s\(superscript(k)) = \(vector(printed.s))")
        }
        let limit = analysis.limit
        let c = limit.certificate
        lines.append(
            "weighted-ℓ1 limit k = \(exact(limit.k)): objective Σ t⁺k⁺ + t⁻k⁻ = \(decimals.objective), dual ν = \(vector(decimals.dual)), "
                + "unique: \(limit.unique)")
        lines.append(
            "certificate verified: \(c.isVerified) (primal feasible \(c.primalFeasible), dual feasible \(c.dualFeasible), "
                + "stationarity \(c.stationarity), objectives equal \(c.objectivesEqual), strict complementarity "
                + "\(c.strictComplementarity)); weights: \(decimals.certificateWeights)")
        lines.append(
            "limit = last saddle: \(analysis.sequence.finalSaddle == limit.k); the last saddle interpolates: \(analysis.sequence.interpolates)"
        )
        return lines.joined(separator: "\n")
    }
}
