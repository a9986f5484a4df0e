import Datasets
import Asymptotics
import Flow
import Foundation
import Limits
import Multiprecision

/// The JSON of `biasflow saddles --model-file M.yaml` (Docs/model-files.md): the growth-time
/// weights of the model, the weighted saddle-to-saddle algorithm's saddles and rescaled jump
/// times, and the weighted-ℓ1 limit with its exact certificate (`ModelSaddleAnalysis`).
///
/// `{"data", "model_file", "model_class", "weights": [[t+, t−], …], "weights_exact",
/// "hessian_extreme_eigenvalues"?, "weights_verified_digits"?, "time_scale", "saddles": [{"k",
/// "jump_time", "duration", "direction", "s", "entering", "leaving", "saddle", "loss",
/// "verified"}, …], "limit": {"kind": "weighted-l1", "w", "objective", "dual", "unique",
/// "certificate": {…}, "equals_last_saddle"}, "interpolates"}`. "direction" is
/// u⁽ᵏ⁾ = Xᵀ(y − Xk⁽ᵏ⁻¹⁾), exact (the saddles are); "s" is s⁽ᵏ⁾ = s⁽ᵏ⁻¹⁾ + δ⁽ᵏ⁾u⁽ᵏ⁾ of
/// Algorithm 1. Exact weights give exact "p/q" jump times and s; weights known to their verified
/// digits give jump times, s (each entry to the digits the two runs agree on), objective and dual
/// to those digits. Numbers as decimal strings through `JSONText.decimal` (never NaN, ±∞ or −0).
public enum ModelFileSaddlesJSON {
    public static func render(_ analysis: ModelSaddleAnalysis, data: String, modelFile: String, digits: Int) -> String {
        let decimals = ModelFileSaddlesDecimals(analysis, digits: digits)
        let exact = decimals.exact
        let w = analysis.weights
        let steps = zip(analysis.sequence.steps, decimals.steps).map { step, printed in
            JSONText.object([
                ("k", "\(step.index)"), ("jump_time", JSONText.decimal(printed.jumpTime)), ("duration", JSONText.decimal(printed.duration)),
                ("direction", JSONText.decimals(step.direction.map(\.description))), ("s", JSONText.decimals(printed.s)),
                ("entering", "\(step.entering.map { $0 + 1 })"), ("leaving", "\(step.leaving.map { $0 + 1 })"),
                ("saddle", JSONText.decimals(step.saddle.map(\.description))), ("loss", JSONText.decimal(step.loss.description)),
                ("verified", JSONText.bool(step.optimalityVerified))
            ])
        }
        var pairs: [(String, String)] = [
            ("data", JSONText.string(data)), ("model_file", JSONText.string(modelFile)),
            ("model_class", JSONText.string(decimals.modelClass)),
            ("weights", JSONText.array(decimals.weights.map { JSONText.decimals([$0.plus, $0.minus]) })),
            ("weights_exact", JSONText.bool(exact))
        ]
        if !decimals.extremeEigenvalues.isEmpty {
            pairs.append(
                (
                    "hessian_extreme_eigenvalues",
                    JSONText.array(decimals.extremeEigenvalues.map { JSONText.decimals([$0.smallest, $0.largest]) })
                )
            )
        }
        if !exact { pairs.append(("weights_verified_digits", JSONText.integer(w.verifiedDigits))) }
        pairs.append(("time_scale", JSONText.string(analysis.timeScale)))
        pairs.append(("saddles", JSONText.array(steps)))
        let limit = analysis.limit
        let c = limit.certificate
        pairs.append(
            (
                "limit",
                JSONText.object([
                    ("kind", JSONText.string("weighted-l1")), ("w", JSONText.decimals(limit.k.map(\.description))),
                    ("objective", JSONText.decimal(decimals.objective)), ("dual", JSONText.decimals(decimals.dual)),
                    ("unique", JSONText.bool(limit.unique)),
                    (
                        "certificate",
                        JSONText.object([
                            ("verified", JSONText.bool(c.isVerified)), ("primal_feasible", JSONText.bool(c.primalFeasible)),
                            ("dual_feasible", JSONText.bool(c.dualFeasible)), ("stationarity", JSONText.bool(c.stationarity)),
                            ("objectives_equal", JSONText.bool(c.objectivesEqual)),
                            ("strict_complementarity", JSONText.bool(c.strictComplementarity)),
                            ("weights", JSONText.string(decimals.certificateWeights))
                        ])
                    ),
                    ("equals_last_saddle", JSONText.bool(analysis.sequence.finalSaddle == limit.k))
                ])
            ))
        pairs.append(("interpolates", JSONText.bool(analysis.sequence.interpolates)))
        return JSONText.object(pairs)
    }
}
