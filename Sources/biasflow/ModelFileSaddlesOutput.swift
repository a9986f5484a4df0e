import Reports
import Asymptotics
import Experiments
import Flow
import Foundation
import Limits
import Multiprecision

/// `biasflow saddles --model-file M.yaml --data D.csv`: the growth-time weights of the model, the
/// weighted saddle-to-saddle algorithm's saddles and rescaled jump times, and the weighted-ℓ1
/// limit with its exact certificate (`ModelSaddleAnalysis`), as JSON.
enum ModelFileSaddlesOutput {
    static func run(data dataSpec: String, modelFile: String, digits: Int) throws {
        let regression = try DataLoading.regression(dataSpec)
        let model: ExpressionModel
        do { model = try ModelFileParser.load(path: modelFile, dimension: regression.featureCount) } catch { throw CLIError(error.description) }
        let analysis: ModelSaddleAnalysis
        do { analysis = try ModelSaddleAnalysis.analyze(model: model, x: regression.x, y: regression.y, digits: digits) } catch {
            throw CLIError("\(modelFile): \(error)")
        }
        print(json(analysis, data: dataSpec, modelFile: modelFile, digits: digits))
    }

    static func weight(_ w: GrowthTimeWeights.Weight, _ digits: Int) -> String {
        JSONText.string(w.exact?.description ?? w.value.formatted(significantDigits: max(1, min(digits, w.verifiedDigits))))
    }

    static func json(_ analysis: ModelSaddleAnalysis, data: String, modelFile: String, digits: Int) -> String {
        let exact = analysis.weights.exactWeights != nil
        func time(_ r: Rational, _ k: Int) -> String {
            guard let shown = analysis.jumpTimeDigits?[k] else { return JSONText.string(r.description) }
            return JSONText.string(ExactDecimal.format(r, significantDigits: max(1, min(digits, shown))))
        }
        let w = analysis.weights
        let steps = analysis.sequence.steps.enumerated().map { k, step in
            JSONText.object([
                ("k", "\(step.index)"), ("jump_time", time(step.jumpTime, k)), ("duration", exact ? JSONText.string(step.duration.description) : JSONText.string(ExactDecimal.format(step.duration, significantDigits: max(1, min(digits, analysis.jumpTimeDigits?[k] ?? digits))))),
                ("entering", "\(step.entering.map { $0 + 1 })"), ("leaving", "\(step.leaving.map { $0 + 1 })"),
                ("saddle", JSONText.strings(step.saddle.map(\.description))), ("loss", JSONText.string(step.loss.description)),
                ("verified", "\(step.optimalityVerified)"),
            ])
        }
        let modelClass: String
        switch w.modelClass {
        case .twoLayer: modelClass = "general two-layer"
        case let .deep(layers): modelClass = "deep product, L = \(layers)"
        }
        var pairs: [(String, String)] = [
            ("data", JSONText.string(data)), ("model_file", JSONText.string(modelFile)), ("model_class", JSONText.string(modelClass)),
            ("weights", JSONText.array(zip(w.plus, w.minus).map { "[" + weight($0, digits) + ", " + weight($1, digits) + "]" })),
            ("weights_exact", "\(exact)"),
        ]
        if !w.extremeEigenvalues.isEmpty {
            pairs.append(("hessian_extreme_eigenvalues", JSONText.array(w.extremeEigenvalues.map { "[" + weight($0.smallest, digits) + ", " + weight($0.largest, digits) + "]" })))
        }
        if !exact { pairs.append(("weights_verified_digits", "\(w.verifiedDigits)")) }
        pairs.append(("time_scale", JSONText.string(analysis.timeScale)))
        pairs.append(("saddles", JSONText.array(steps)))
        let limit = analysis.limit
        let c = limit.certificate
        pairs.append(("limit", JSONText.object([
            ("kind", JSONText.string("weighted-l1")), ("w", JSONText.strings(limit.k.map(\.description))),
            ("objective", JSONText.string(exact ? limit.objective.description : ExactDecimal.format(limit.objective, significantDigits: max(1, min(digits, w.verifiedDigits))))),
            ("dual", JSONText.strings(limit.dual.map { exact ? $0.description : ExactDecimal.format($0, significantDigits: max(1, min(digits, w.verifiedDigits))) })),
            ("unique", "\(limit.unique)"),
            ("certificate", JSONText.object([
                ("verified", "\(c.isVerified)"), ("primal_feasible", "\(c.primalFeasible)"), ("dual_feasible", "\(c.dualFeasible)"),
                ("stationarity", "\(c.stationarity)"), ("objectives_equal", "\(c.objectivesEqual)"),
                ("strict_complementarity", "\(c.strictComplementarity)"),
                ("weights", JSONText.string(exact ? "exact" : "exact for rational weights within 1e-\(w.verifiedDigits) of t (strict complementarity carries it to t)")),
            ])),
            ("equals_last_saddle", "\(analysis.sequence.finalSaddle == limit.k)"),
        ])))
        pairs.append(("interpolates", "\(analysis.sequence.interpolates)"))
        return JSONText.object(pairs)
    }
}
