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
    static func weight(_ w: GrowthTimeWeights.Weight, _ digits: Int) -> String {
        JSONText.decimal(w.exact?.description ?? w.value.formatted(significantDigits: Swift.max(1, Swift.min(digits, w.verifiedDigits))))
    }

    public static func render(_ analysis: ModelSaddleAnalysis, data: String, modelFile: String, digits: Int) -> String {
        let exact = analysis.weights.exactWeights != nil
        let w = analysis.weights
        func time(_ r: Rational, _ k: Int) -> String {
            guard let shown = analysis.jumpTimeDigits?[k] else { return JSONText.decimal(r.description) }
            return JSONText.decimal(ExactDecimal.format(r, significantDigits: Swift.max(1, Swift.min(digits, shown))))
        }
        func limited(_ r: Rational) -> String {
            JSONText.decimal(
                exact ? r.description : ExactDecimal.format(r, significantDigits: Swift.max(1, Swift.min(digits, w.verifiedDigits))))
        }
        let steps = analysis.sequence.steps.enumerated().map { k, step in
            let duration =
                exact
                ? step.duration.description
                : ExactDecimal.format(
                    step.duration, significantDigits: Swift.max(1, Swift.min(digits, analysis.jumpTimeDigits?[k] ?? digits)))
            let sEntries = step.s.enumerated().map { i, v in
                guard let shown = analysis.sDigits?[k][i] else { return JSONText.decimal(v.description) }
                return v.isZero
                    ? JSONText.decimal("0")
                    : JSONText.decimal(ExactDecimal.format(v, significantDigits: Swift.max(1, Swift.min(digits, shown))))
            }
            return JSONText.object([
                ("k", "\(step.index)"), ("jump_time", time(step.jumpTime, k)), ("duration", JSONText.decimal(duration)),
                ("direction", JSONText.decimals(step.direction.map(\.description))), ("s", JSONText.array(sEntries)),
                ("entering", "\(step.entering.map { $0 + 1 })"), ("leaving", "\(step.leaving.map { $0 + 1 })"),
                ("saddle", JSONText.decimals(step.saddle.map(\.description))), ("loss", JSONText.decimal(step.loss.description)),
                ("verified", JSONText.bool(step.optimalityVerified))
            ])
        }
        let modelClass: String
        switch w.modelClass {
        case .twoLayer: modelClass = "general two-layer"
        case let .deep(layers): modelClass = "deep product, L = \(layers)"
        }
        var pairs: [(String, String)] = [
            ("data", JSONText.string(data)), ("model_file", JSONText.string(modelFile)), ("model_class", JSONText.string(modelClass)),
            ("weights", JSONText.array(zip(w.plus, w.minus).map { JSONText.array([weight($0, digits), weight($1, digits)]) })),
            ("weights_exact", JSONText.bool(exact))
        ]
        if !w.extremeEigenvalues.isEmpty {
            pairs.append(
                (
                    "hessian_extreme_eigenvalues",
                    JSONText.array(w.extremeEigenvalues.map { JSONText.array([weight($0.smallest, digits), weight($0.largest, digits)]) })
                ))
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
                    ("objective", limited(limit.objective)), ("dual", JSONText.array(limit.dual.map(limited))),
                    ("unique", JSONText.bool(limit.unique)),
                    (
                        "certificate",
                        JSONText.object([
                            ("verified", JSONText.bool(c.isVerified)), ("primal_feasible", JSONText.bool(c.primalFeasible)),
                            ("dual_feasible", JSONText.bool(c.dualFeasible)), ("stationarity", JSONText.bool(c.stationarity)),
                            ("objectives_equal", JSONText.bool(c.objectivesEqual)),
                            ("strict_complementarity", JSONText.bool(c.strictComplementarity)),
                            (
                                "weights",
                                JSONText.string(
                                    exact
                                        ? "exact"
                                        : "exact for rational weights within 1e-\(w.verifiedDigits) of t (strict complementarity carries it to t)"
                                )
                            )
                        ])
                    ),
                    ("equals_last_saddle", JSONText.bool(analysis.sequence.finalSaddle == limit.k))
                ])
            ))
        pairs.append(("interpolates", JSONText.bool(analysis.sequence.interpolates)))
        return JSONText.object(pairs)
    }
}
