import Asymptotics
import Datasets
import Experiments
import Flow
import Foundation
import Limits
import Multiprecision
import Reports
import Testing

/// The JSON of the commands' outputs built in Reports (saddles, lp, the two-layer flow and width
/// sweep, gradient descent, model files, weighted-l1), parsed by Foundation's independent RFC 8259
/// parser: each carries its documented keys, every number field is a decimal string ("p/q" for
/// exact rationals) that parses exactly, never NaN, ±∞ or −0, and JSON numbers are counts only.
@Suite struct CommandOutputJSONTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    static func parse(_ text: String) throws -> [String: Any] {
        for bad in ["\"nan\"", "\"inf\"", "\"-inf\"", "\"-0\"", "NaN", "Infinity"] { #expect(!text.contains(bad), "\(bad) in output") }
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(value as? [String: Any])
    }

    /// Walks `value`: every string under a key of `numbers` must be an exact decimal or "p/q" and
    /// not a negative zero; every JSON number must be integral (a count, an index, a flag).
    static func checkNumbers(_ value: Any, numbers: Set<String>, key: String = "", inNumber: Bool = false) {
        switch value {
        case let object as [String: Any]:
            for (k, v) in object { checkNumbers(v, numbers: numbers, key: k, inNumber: numbers.contains(k)) }
        case let array as [Any]:
            for item in array { checkNumbers(item, numbers: numbers, key: key, inNumber: inNumber) }
        case let text as String:
            guard inNumber else { return }
            let exact = (try? Rational(decimal: text)) ?? (try? Rational(fraction: text))
            #expect(exact != nil, "\(key): '\(text)' is not a decimal number")
            if let exact, exact.isZero { #expect(!text.hasPrefix("-"), "\(key): negative zero '\(text)'") }
        case let number as NSNumber:
            let double = number.doubleValue
            #expect(double.isFinite && double == double.rounded(), "\(key): JSON number \(number) is not a count")
            #expect(!inNumber || key == "k", "\(key): a measured number printed as a JSON number")
        default:
            break  // null (an absent value)
        }
    }

    static func keys(_ object: Any?) -> Set<String> { Set((object as? [String: Any])?.keys.map { $0 } ?? []) }

    static func t11() throws -> RegressionData { try DataSource.regression("builtin:T11") }

    @Test func saddlesWithFlowsAndFits() throws {
        let data = try Self.t11()
        let sequence = try SaddleToSaddleProblem(x: data.x, y: data.y).solve()
        let reports = try ["1e-30", "1e-60"].map {
            try SaddlePlateauProblem(x: data.x, y: data.y, sequence: sequence, alpha: $0, digits: 6).solve()
        }
        let output = SaddlesOutput(data: "builtin:T11", sequence: sequence, reports: reports, fit: SaddleConvergenceFit(reports: reports))
        let object = try Self.parse(output.json())
        #expect(Self.keys(object) == ["data", "saddles", "min_l1", "interpolates", "flows", "fits"])
        let steps = try #require(object["saddles"] as? [[String: Any]])
        #expect(steps.count == sequence.steps.count)
        #expect(
            Self.keys(steps.first) == ["k", "jump_time", "duration", "direction", "s", "entering", "leaving", "saddle", "loss", "verified"])
        // Exact rationals read back exactly.
        for (entry, step) in zip(steps, sequence.steps) {
            #expect(try Rational(fraction: try #require(entry["jump_time"] as? String)) == step.jumpTime)
        }
        #expect(Self.keys(object["min_l1"]) == ["w", "norm", "dual", "certificate_verified"])
        let flows = try #require(object["flows"] as? [[String: Any]])
        #expect(flows.count == 2)
        #expect(
            Self.keys(flows[0]).isSuperset(of: [
                "alpha", "log_inverse_alpha", "rescaled_time", "threshold", "samples_per_unit",
                "precision_bits", "steps", "plateaus"
            ]))
        let plateaus = try #require(flows[0]["plateaus"] as? [[String: Any]])
        // The last plateau is open: its predicted end is null, never "inf".
        let lastPredicted = try #require(plateaus.last?["predicted"] as? [Any])
        #expect(lastPredicted.count == 2 && lastPredicted[1] is NSNull)
        Self.checkNumbers(
            object,
            numbers: [
                "jump_time", "duration", "direction", "s", "saddle", "loss", "w", "norm", "dual", "log_inverse_alpha",
                "threshold", "predicted", "observed", "probe_time", "predicted_exponent", "minimum_distance",
                "jump_time_deviation", "jump_time_correction", "scaled_jump_deviations", "distance_exponents"
            ])
        #expect(
            Self.keys((object["fits"] as? [Any])?.first) == ["k", "jump_time_correction", "scaled_jump_deviations", "distance_exponents"])
    }

    @Test func linearProgramFlow() throws {
        let file = Self.path("Docs/examples/lp-small.csv")
        let program = try LinearProgram(contentsOfFile: file)
        let report = try LinearProgramFlowStudy(program: program, lambdas: ["0.5", "0.2"], digits: 12).solve()
        let object = try Self.parse(LinearProgramFlowOutput(data: file, program: program, report: report).json())
        #expect(Self.keys(object) == ["data", "variables", "optimum", "entropic", "rate_fits"])
        #expect(
            Self.keys(object["optimum"]) == [
                "x", "y", "reduced_costs", "objective", "basis", "certificate_verified", "primal_unique", "gap", "pivots"
            ])
        let entry = try #require((object["entropic"] as? [[String: Any]])?.first)
        #expect(
            Self.keys(entry) == [
                "lambda", "time", "steps", "rejected_steps", "precision_bits", "verified_digits", "x", "multiplier", "kkt",
                "reference", "distance_to_optimum", "objective_gap"
            ])
        // The exact optimum reads back exactly.
        let x = try #require((object["optimum"] as? [String: Any])?["x"] as? [String])
        #expect(try x.map { try Rational(fraction: $0) } == report.optimum.x)
        #expect(Self.keys((object["rate_fits"] as? [Any])?.first) == ["lambda_pair", "fitted_gap"])
        Self.checkNumbers(
            object,
            numbers: [
                "x", "y", "reduced_costs", "objective", "gap", "lambda", "time", "multiplier", "primal_residual",
                "stationarity_residual", "smallest_x", "relative_distance", "distance_to_optimum", "objective_gap",
                "lambda_pair", "fitted_gap"
            ])
    }

    static func twoColumns() throws -> (x: [[Rational]], y: [[Rational]]) {
        let table = try DataSource.table(Self.path("Docs/examples/two.csv"))
        return (table.rows.map { Array($0.prefix(5)) }, table.rows.map { Array($0.suffix(2)) })
    }

    @Test func twoLayerFlow() throws {
        let (x, y) = try Self.twoColumns()
        let network = try TwoLayerLinearNetwork.random(x: x, y: y, width: 4, alpha: Rational(1), seed: 7)
        let solution = try GradientFlowSolver(model: network, times: [Rational(1), Rational(5)], digits: 10).solve()
        let analysis = try TwoLayerAnalysis(network: network, precision: solution.precisionBits)
        let output = TwoLayerFlowOutput(network: network, solution: solution, analysis: analysis, seed: 7, alpha: "1")
        let object = try Self.parse(output.json())
        #expect(
            Self.keys(object) == [
                "model", "width", "inputs", "outputs", "seed", "alpha", "rate_bound", "initial_residual_norm",
                "min_norm_solution", "checkpoints"
            ])
        let checkpoints = try #require(object["checkpoints"] as? [[String: Any]])
        #expect(checkpoints.count == 2)
        #expect(
            Self.keys(checkpoints[0]) == [
                "time", "residual_norm", "within_rate_bound", "imbalance_drift", "null_space_drift", "theta", "gap",
                "predicted_gap", "gap_norm", "identity_residual", "identity_bound", "verified_digits", "precision_bits"
            ])
        #expect((checkpoints[0]["theta"] as? [String])?.count == 5 * 2)
        // Θ* = Xᵀ(XXᵀ)⁻¹Y reads back exactly.
        let star = try #require(object["min_norm_solution"] as? [String])
        #expect(try star.map { try Rational(fraction: $0) } == analysis.minimumNorm.solution.flatMap { $0 })
        Self.checkNumbers(
            object,
            numbers: [
                "alpha", "rate_bound", "initial_residual_norm", "min_norm_solution", "time", "residual_norm",
                "imbalance_drift", "null_space_drift", "theta", "gap", "predicted_gap", "gap_norm", "identity_residual",
                "identity_bound"
            ])
        // The CSV has one line per checkpoint under its header.
        #expect(output.csv().split(separator: "\n").count == 3)
    }

    @Test func twoLayerWidthSweep() throws {
        let (x, y) = try Self.twoColumns()
        let sweep = try TwoLayerWidthSweep(x: x, y: y, widths: [4, 8], seeds: [1, 2], alpha: Rational(1, 10), horizon: Rational(5))
        let object = try Self.parse(TwoLayerWidthSweepOutput(result: try sweep.run(), seeds: 2, horizon: Rational(5), alpha: "0.1").json())
        #expect(Self.keys(object) == ["model", "sweep", "seeds", "horizon", "exponent", "widths"])
        #expect(Self.keys((object["widths"] as? [Any])?.first) == ["width", "gap", "identity_residual", "residual_norm"])
        Self.checkNumbers(object, numbers: ["horizon", "exponent", "gap", "identity_residual", "residual_norm"])
    }

    static func diagonalModel() throws -> (DiagonalRegressionModel, Int) {
        let data = try Self.t11()
        let network = try DiagonalNetwork(depth: 2, alpha: Rational(1, 2), dimension: data.featureCount)
        return (try DiagonalRegressionModel(network: network, x: data.x, y: data.y), 2)
    }

    @Test func gradientDescentIterates() throws {
        let (model, depth) = try Self.diagonalModel()
        let times = [Rational(0), Rational(1, 2)]
        let comparison = try GradientDescentComparison(model: model, step: Rational(1, 100), times: times, digits: 12)
        let entries = try comparison.run()
        let output = GradientDescentOutput(
            model: "diagonal", step: Rational(1, 100), precision: comparison.precision, digits: comparison.shownDigits,
            entries: entries, predictors: entries.map { DiagonalRegressionModel.predictor($0.parameters, depth: depth).elements })
        let object = try Self.parse(output.json())
        #expect(Self.keys(object) == ["model", "optimizer", "step", "precision_bits", "checkpoints"])
        #expect(object["step"] as? String == "1/100")
        let checkpoints = try #require(object["checkpoints"] as? [[String: Any]])
        #expect(
            Self.keys(checkpoints.first) == [
                "time", "steps", "w", "loss", "distance_to_flow", "distance_to_modified_flow", "flow_verified_digits"
            ])
        #expect(checkpoints.map { $0["steps"] as? Int } == [0, 50])
        // At t = 0 descent and both flows coincide: distances exactly zero, printed "0" (not "-0").
        #expect(checkpoints[0]["distance_to_flow"] as? String == "0")
        Self.checkNumbers(object, numbers: ["step", "time", "w", "loss", "distance_to_flow", "distance_to_modified_flow"])
    }

    @Test func gradientDescentOrders() throws {
        let (model, _) = try Self.diagonalModel()
        let result = try GradientDescentComparison.orders(
            model: model, steps: [Rational(1, 32), Rational(1, 64)], horizon: Rational(1, 2), digits: 12)
        let object = try Self.parse(GradientDescentOrdersOutput(model: "diagonal", horizon: Rational(1, 2), result: result).json())
        #expect(
            Self.keys(object) == [
                "model", "optimizer", "horizon", "flow_order", "modified_flow_order", "local_flow_orders",
                "local_modified_flow_orders", "rows"
            ])
        #expect(Self.keys((object["rows"] as? [Any])?.first) == ["step", "steps", "distance_to_flow", "distance_to_modified_flow"])
        // Descent is a first-order method of the flow: the fitted order is near 1.
        let orderText = try #require(object["flow_order"] as? String)
        let order = try #require(Double(orderText))
        #expect(abs(order - 1) < 0.2)
        Self.checkNumbers(
            object,
            numbers: [
                "horizon", "flow_order", "modified_flow_order", "local_flow_orders", "local_modified_flow_orders",
                "step", "distance_to_flow", "distance_to_modified_flow"
            ])
    }

    @Test func modelFileSaddlesAndFlow() throws {
        let data = try Self.t11()
        let model = try ModelFileParser.load(path: Self.path("Data/models/deep3.yaml"), dimension: data.featureCount)
        let analysis = try ModelSaddleAnalysis.analyze(model: model, x: data.x, y: data.y, digits: 12)
        let saddles = try Self.parse(ModelFileSaddlesJSON.render(analysis, data: "builtin:T11", modelFile: "deep3.yaml", digits: 12))
        #expect(
            Self.keys(saddles).isSuperset(of: [
                "data", "model_file", "model_class", "weights", "weights_exact", "time_scale", "saddles", "limit",
                "interpolates"
            ]))
        #expect(Self.keys(saddles["limit"]) == ["kind", "w", "objective", "dual", "unique", "certificate", "equals_last_saddle"])
        // "weights" is a number array at the top and a sentence in the certificate: checked apart.
        Self.checkNumbers(saddles["weights"] as Any, numbers: [], key: "weights", inNumber: true)
        Self.checkNumbers(
            saddles,
            numbers: ["hessian_extreme_eigenvalues", "jump_time", "duration", "direction", "s", "saddle", "loss", "w", "objective", "dual"])
        let first = try #require((saddles["saddles"] as? [[String: Any]])?.first)
        #expect(Self.keys(first).isSuperset(of: ["direction", "s"]))

        let result = try ModelFlowRun.flow(
            model: model, data: .regression(x: data.x, y: data.y), loss: .squared, scale: Rational(1, 2),
            times: [Rational(1)], digits: 10)
        let flow = try Self.parse(
            ModelFileFlowJSON.render(
                result, model: model, modelFile: "deep3.yaml", scale: "0.5", loss: .squared,
                optimizer: "flow", digits: 10))
        #expect(
            Self.keys(flow).isSuperset(of: [
                "model_file", "parameters", "scale", "loss", "optimizer", "precision_bits", "steps", "checkpoints"
            ]))
        let checkpoint = try #require((flow["checkpoints"] as? [[String: Any]])?.first)
        #expect(Self.keys(checkpoint).isSuperset(of: ["time", "loss", "w", "theta"]))
        #expect((checkpoint["w"] as? [String])?.count == data.featureCount)
        // "loss" names the loss at the top and is a number in each checkpoint.
        Self.checkNumbers(flow, numbers: ["scale", "initial_imbalances"])
        Self.checkNumbers(flow["checkpoints"] as Any, numbers: ["time", "loss", "w", "theta", "imbalances"])
    }

    /// min Σ t⁺k⁺ + t⁻k⁻ s.t. k₁ + k₂ = 1 with t = (1, 3): k = (1, 0), objective 1, by hand.
    @Test func weightedL1() throws {
        let solution = try WeightedL1Problem(
            x: [[Rational(1), Rational(1)]], y: [Rational(1)],
            weights: try SaddleWeights(parsing: "1,3")
        ).solve()
        for exact in [true, false] {
            let object = try Self.parse(WeightedL1Output(solution: solution, data: "d.csv", exact: exact, digits: 6).json())
            #expect(Self.keys(object) == ["kind", "w", "dual", "objective", "exact", "certificate"])
            let w = try #require(object["w"] as? [String]), objective = try #require(object["objective"] as? String)
            #expect(try w.map { try Rational(decimal: $0) } == [Rational(1), Rational(0)])
            #expect(try Rational(decimal: objective) == Rational(1))
            if exact { #expect(w == ["1", "0"]) } else { #expect(objective == "1.00000") }
            #expect(
                Self.keys(object["certificate"]) == [
                    "verified", "primal_feasible", "dual_feasible", "stationarity", "objectives_equal",
                    "strict_complementarity", "primal_objective", "dual_objective", "primal_unique"
                ])
            Self.checkNumbers(object, numbers: ["w", "dual", "objective", "primal_objective", "dual_objective"])
        }
    }
}
