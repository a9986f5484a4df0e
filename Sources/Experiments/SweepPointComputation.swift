import Asymptotics
import Flow
import Foundation
import Limits
import Datasets
import Multiprecision

/// The computation at one grid point, with its own solvers (nothing shared between points, so
/// points run in parallel safely).
public enum SweepPointComputation {
    /// The flow problem of `point`: depth D, u₊(0) = u₋(0) = α, the experiment's loss, data, τ
    /// checkpoints and digits.
    public static func problem(_ experiment: Experiment, _ point: SweepGridPoint) throws -> FlowProblem {
        let data: FlowData
        if experiment.isClassification {
            data = .classification(z: try ClassificationData(experiment.table).z)
        } else {
            let regression = RegressionData(experiment.table)
            data = .regression(x: regression.x, y: regression.y)
        }
        let network = try DiagonalNetwork(depth: point.depth, alpha: point.alpha, dimension: data.featureCount)
        return try FlowProblem(
            data: data, network: network, loss: experiment.loss,
            checkpoints: experiment.taus.map { .tau($0) }, digits: experiment.digits)
    }

    /// Checks that `point` makes a valid problem for the experiment's quantity (before running).
    public static func validate(_ experiment: Experiment, _ point: SweepGridPoint) throws {
        switch experiment.quantity {
        case .checkpoints: _ = try problem(experiment, point)
        case .transition: _ = try DiagonalNetwork(depth: point.depth, alpha: point.alpha, dimension: experiment.table.columnCount - 1)
        case .distances:
            guard let sweep = experiment.model else { throw SweepError("quantity distances needs a model_file") }
            _ = try ExpressionFlowModel(model: sweep.model, data: try flowData(experiment), loss: experiment.loss, scale: point.alpha)
        }
    }

    /// Computes `experiment.quantity` at `point`.
    public static func run(_ experiment: Experiment, _ point: SweepGridPoint) throws -> SweepPointResult {
        let start = Date()
        switch experiment.quantity {
        case .checkpoints:
            var solver = VerifiedFlowSolver(problem: try problem(experiment, point))
            solver.allowShortfall = true
            let trajectory = try solver.solve()
            let (fields, kinds, records) = checkpointRecords(trajectory, experiment: experiment)
            return SweepPointResult(
                experimentHash: experiment.hash, point: point, quantity: .checkpoints, fields: fields,
                kinds: kinds, records: records, seconds: Date().timeIntervalSince(start))
        case .transition:
            let z = try ClassificationData(experiment.table).z
            let rule = try RegimeRule(kernelRatio: experiment.kernelRatio ?? "1", richDistance: experiment.richDistance ?? "0.1")
            let richLimit = try RichLimit(
                z: z, depth: point.depth, choice: rule.richLimit,
                precision: TransitionFinder.richLimitPrecision(digits: experiment.digits)
            ).w
            let finder = TransitionFinder(
                z: z, depth: point.depth, rule: rule, richLimit: richLimit,
                horizon: experiment.horizon ?? "1e5", digits: experiment.digits)
            var fields = ["alpha_to_depth"], kinds: [SweepPointResult.Kind] = [.exact], record: [String?] = []
            for kind in TransitionKind.allCases {
                let located = try finder.locate(kind, alpha: point.alpha)
                if record.isEmpty { record.append(located.alphaToDepth) }
                fields += ["\(kind.rawValue)_log10_inv_eps", "\(kind.rawValue)_mu"]
                kinds += [.decimal, .decimal]
                let missing = "not reached by τ = \(located.horizon)"
                record += [
                    located.reached ? capped(located.log10InverseLoss, experiment.digits) ?? missing : missing,
                    located.reached ? capped(located.mu, experiment.digits) : nil
                ]
            }
            return SweepPointResult(
                experimentHash: experiment.hash, point: point, quantity: .transition, fields: fields,
                kinds: kinds, records: [record], seconds: Date().timeIntervalSince(start))
        case .distances:
            guard let sweep = experiment.model else { throw SweepError("quantity distances needs a model_file") }
            let data = try flowData(experiment)
            let references = try ModelLimitReferences(model: sweep.model, data: data)
            let rule = try RegimeRule(richDistance: experiment.richDistance ?? "0.1")
            let report = try ModelRegimeAnalysis(rule: rule).analyze(
                model: sweep.model, data: data, loss: experiment.loss, scale: point.alpha, times: sweep.times, references: references,
                setup: .init(modelFile: sweep.path, data: experiment.dataSpec, scale: point.alphaText, digits: experiment.digits))
            let (fields, kinds, records) = distanceRecords(report, references: references, experiment: experiment)
            return SweepPointResult(
                experimentHash: experiment.hash, point: point, quantity: .distances, fields: fields,
                kinds: kinds, records: records, seconds: Date().timeIntervalSince(start))
        }
    }

    /// The experiment's data in the form its loss takes.
    static func flowData(_ experiment: Experiment) throws -> FlowData {
        if experiment.isClassification { return .classification(z: try ClassificationData(experiment.table).z) }
        let regression = RegressionData(experiment.table)
        return .regression(x: regression.x, y: regression.y)
    }

    /// The distance kinds a model-file experiment stores, in column order (the same at every
    /// point: they depend on the model and the data only).
    static func distanceKinds(_ references: ModelLimitReferences) -> [ReferenceKind] {
        if references.isClassification { return [.l2MarginDirection, .l1MarginDirection, .l2Margin, .l1Margin] }
        return [.l2Interpolation, .l1Interpolation] + (references.weightedLimit != nil ? [.weightedL1] : [])
    }

    /// One record per time: t, the loss, γ (classification), the regime (regression with a
    /// weighted-ℓ1 limit), `distance_KIND` per reference (nil where it does not exist, e.g. w̃ = k/γ
    /// before γ > 0), k_1 … k_d and the flow's verified digits; each number with min(verified,
    /// requested) digits.
    static func distanceRecords(_ report: ModelRegimeReport, references: ModelLimitReferences, experiment: Experiment)
        -> ([String], [SweepPointResult.Kind], [[String?]])
    {
        let d = experiment.table.columnCount - 1
        let kinds = distanceKinds(references)
        let labelled = !references.isClassification && references.weightedLimit != nil
        var fields = ["time", "loss"]
        if references.isClassification { fields.append("gamma") }
        if labelled { fields.append("regime") }
        fields += kinds.map { "distance_\($0.rawValue)" } + (1...d).map { "w_\($0)" } + ["verified_digits"]
        let types: [SweepPointResult.Kind] = fields.map {
            $0 == "verified_digits" ? .integer : $0 == "regime" ? .text : .decimal
        }
        let records: [[String?]] = report.checkpoints.map { c in
            var row: [String?] = [c.time, capped(c.loss, experiment.digits)]
            if references.isClassification { row.append(capped(c.gamma, experiment.digits)) }
            if labelled { row.append(c.regime.map { $0.rawValue + (c.labelCertain == false ? " (at threshold)" : "") }) }
            row += kinds.map { capped(c.distance[$0], experiment.digits) }
            row += c.w.map { capped($0, experiment.digits) }
            row.append(String(c.thetaDigits))
            return row
        }
        return (fields, types, records)
    }

    /// `number` with at most `digits` significant digits: its verified digits, correctly rounded
    /// to the experiment's `digits` when more were verified (a store holds at most the digits the
    /// experiment asks for, as the checkpoint records do).
    static func capped(_ number: VerifiedDecimal?, _ digits: Int) -> String? {
        guard let number else { return nil }
        let mantissa = number.value.split(whereSeparator: { $0 == "e" || $0 == "E" }).first ?? ""
        let significant = mantissa.filter(\.isNumber).drop(while: { $0 == "0" }).count
        guard significant > digits, let exact = try? Rational(decimal: number.value) else { return number.value }
        return ExactDecimal.format(exact, significantDigits: digits)
    }

    /// One record per checkpoint: τ, log10 t, γ (classification), w̃_1 … w̃_d (w for regression)
    /// and the verified digits. Each number is printed with min(verified, requested) digits.
    static func checkpointRecords(_ trajectory: Trajectory, experiment: Experiment)
        -> ([String], [SweepPointResult.Kind], [[String?]])
    {
        let d = experiment.table.columnCount - 1
        let vectorName = experiment.isClassification ? "w_normalized" : "w"
        var fields = ["tau", "log10_time"]
        if experiment.isClassification { fields.append("gamma") }
        fields += (1...d).map { "\(vectorName)_\($0)" } + ["verified_digits"]
        let kinds: [SweepPointResult.Kind] = fields.map { $0 == "verified_digits" ? .integer : .decimal }
        let records: [[String?]] = trajectory.checkpoints.map { verified in
            let c = verified.checkpoint, q = verified.digitsByQuantity
            func shown(_ value: BigFloat, _ verifiedDigits: Int?) -> String {
                value.formatted(significantDigits: max(1, min(experiment.digits, verifiedDigits ?? 1)))
            }
            var row: [String?] = [shown(c.tau, q["tau"]?.first), shown(c.log10Time, q["log10_time"]?.first)]
            if experiment.isClassification { row.append(c.gamma.map { shown($0, q["gamma"]?.first) }) }
            let vector = experiment.isClassification ? c.wNormalized : c.w
            let vectorDigits = q[experiment.isClassification ? "w_normalized" : "w"]
            row += vector.enumerated().map { i, value in shown(value, vectorDigits?[i]) }
            row.append(String(verified.verifiedDigits))
            return row
        }
        return (fields, kinds, records)
    }
}
