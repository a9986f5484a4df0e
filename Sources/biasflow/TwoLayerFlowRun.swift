import Flow
import Foundation
import Multiprecision
import Reports

/// `biasflow flow --model two-layer`: gradient flow of Θ = UVᵀ on the squared loss from the
/// seed-fixed initialization of scale α (`TwoLayerLinearNetwork.random`), with the T13 report at
/// each --time (imbalance and P⊥U drift, the imbalance rate bound, the gap to the exact minimum-norm
/// solution); a list of widths runs `TwoLayerWidthSweep` instead.
///
/// Data: a CSV file whose last m = --outputs columns are the targets Y and the others the inputs X.
struct TwoLayerFlowRun {
    let command: FlowCommand
    let times: [Rational]

    func data() throws -> (x: [[Rational]], y: [[Rational]]) {
        let table = try DataLoading.table(command.data)
        let m = command.outputs ?? 1
        guard m >= 1 else { throw CLIError("--outputs must be at least 1, got \(m)") }
        guard m < table.columnCount else {
            throw CLIError("\(table.source): --outputs \(m) leaves no input column: the file has \(table.columnCount) columns (inputs first, then the \(m) target columns)")
        }
        let inputs = table.columnCount - m
        return (table.rows.map { Array($0.prefix(inputs)) }, table.rows.map { Array($0.suffix(m)) })
    }

    func widths() throws -> [Int] {
        guard let text = command.width else { throw CLIError("--model two-layer needs --width h (or a list of widths for a sweep)") }
        return try text.split(separator: ",", omittingEmptySubsequences: false).map { item in
            guard let value = Int(item.trimmingCharacters(in: .whitespaces)), value >= 1 else {
                throw CLIError("--width: '\(item)' is not a positive integer")
            }
            return value
        }
    }

    func run() throws {
        let (x, y) = try data()
        let alpha = try command.exact(command.alpha, "--alpha")
        let widths = try widths()
        let seed = command.seed ?? 1
        do {
            if widths.count > 1 {
                try sweep(x: x, y: y, widths: widths, alpha: alpha, seed: seed)
                return
            }
            if command.seeds != nil { throw CLIError("--seeds belongs to a width sweep (give several --width values)") }
            let network = try TwoLayerLinearNetwork.random(x: x, y: y, width: widths[0], alpha: alpha, seed: seed)
            let bar = ProgressBar(label: "two-layer flow")
            bar.update(fraction: 0, status: "h = \(widths[0])")
            try VerifiedFlowSolver.requirePrecision(digits: command.digits, limit: command.maxPrecision)
            let solver = try GradientFlowSolver(model: network, times: times, digits: command.digits)
            let solution = try solver.solve()
            bar.finish()
            let analysis = try TwoLayerAnalysis(network: network, precision: solution.precisionBits)
            print(render(network: network, solution: solution, analysis: analysis, seed: seed))
        } catch let error as FlowError {
            throw CLIError(error.description)
        }
    }

    private func render(network: TwoLayerLinearNetwork, solution: GradientFlowSolver.Solution, analysis: TwoLayerAnalysis, seed: UInt64) -> String {
        let bound = analysis.rateBound()
        let start = analysis.report(network.initialParameters(precision: solution.precisionBits))
        var rows = [(Rational, Int, TwoLayerAnalysis.StateReport, [BigFloat], Bool)]()
        for (index, theta) in solution.parameters.enumerated() {
            let report = analysis.report(theta)
            let t = BigFloat(solution.times[index], precision: solution.precisionBits)
            let withinBound = report.residualNorm <= start.residualNorm * BigFloat.exp(-(bound.rate * t))
            rows.append((solution.times[index], solution.verifiedDigits[index], report, network.product(theta), withinBound))
        }
        let star = analysis.minimumNorm.solution.flatMap { $0 }
        switch command.format {
        case .json:
            let checkpoints = rows.map { time, digits, report, theta, within in
                "    " + ModelOutput.object([
                    ("time", ModelOutput.quoted(time.description)),
                    ("residual_norm", ModelOutput.small(report.residualNorm)),
                    ("within_rate_bound", within ? "true" : "false"),
                    ("imbalance_drift", ModelOutput.small(report.imbalanceDrift)),
                    ("null_space_drift", ModelOutput.small(report.nullSpaceDrift)),
                    ("theta", ModelOutput.array(theta, digits: digits)),
                    ("gap", ModelOutput.array(report.gap, digits: digits)),
                    ("predicted_gap", ModelOutput.array(report.predictedGap, digits: digits)),
                    ("gap_norm", ModelOutput.number(report.gapNorm, digits: digits)),
                    ("identity_residual", ModelOutput.small(report.identityResidual)),
                    ("identity_bound", ModelOutput.small(report.identityBound)),
                    ("verified_digits", "\(digits)"),
                    ("precision_bits", "\(solution.precisionBits)"),
                ])
            }
            return "{\"model\": \"two-layer\", \"width\": \(network.width), \"inputs\": \(network.inputs), \"outputs\": \(network.outputs), "
                + "\"seed\": \(seed), \"alpha\": \(ModelOutput.quoted(command.alpha)), "
                + "\"rate_bound\": \(ModelOutput.number(bound.rate, digits: 12)), \"initial_residual_norm\": \(ModelOutput.number(start.residualNorm, digits: 12)), "
                + "\"min_norm_solution\": \(ModelOutput.exactArray(star)),\n \"checkpoints\": [\n" + checkpoints.joined(separator: ",\n") + "\n  ]}"
        case .csv:
            var lines = ["time,residual_norm,within_rate_bound,imbalance_drift,null_space_drift,gap_norm,identity_residual,identity_bound,verified_digits"]
            for (time, digits, report, _, within) in rows {
                lines.append([time.description, report.residualNorm.formatted(significantDigits: 3), within ? "true" : "false",
                              report.imbalanceDrift.formatted(significantDigits: 3), report.nullSpaceDrift.formatted(significantDigits: 3),
                              report.gapNorm.formatted(significantDigits: max(1, digits)), report.identityResidual.formatted(significantDigits: 3),
                              report.identityBound.formatted(significantDigits: 3), "\(digits)"].joined(separator: ","))
            }
            return lines.joined(separator: "\n")
        case .table:
            var out = ["two-layer linear network: D_in = \(network.inputs), m = \(network.outputs), h = \(network.width), α = \(command.alpha), seed \(seed)",
                       "rate bound from the imbalance: ‖E(t)‖ ≤ ‖E(0)‖·e^(−c t), c = \(bound.rate.formatted(significantDigits: 8)) (‖E(0)‖ = \(start.residualNorm.formatted(significantDigits: 8)))"]
            for (time, digits, report, _, within) in rows {
                out.append("t = \(time)   (\(digits) digits verified, \(solution.precisionBits) bits)")
                out.append("  ‖E‖_F               \(report.residualNorm.formatted(significantDigits: 6))\(within ? "" : "   ABOVE THE RATE BOUND")")
                out.append("  imbalance drift     \(report.imbalanceDrift.formatted(significantDigits: 3))")
                out.append("  P⊥U drift           \(report.nullSpaceDrift.formatted(significantDigits: 3))")
                out.append("  ‖Θ − Θ*‖_F          \(report.gapNorm.formatted(significantDigits: max(1, digits)))")
                out.append("  ‖Θ − Θ* − P⊥U(0)Vᵀ‖ \(report.identityResidual.formatted(significantDigits: 3))  (bound ‖X⁺‖‖E‖ = \(report.identityBound.formatted(significantDigits: 3)))")
            }
            return out.joined(separator: "\n")
        }
    }

    private func sweep(x: [[Rational]], y: [[Rational]], widths: [Int], alpha: Rational, seed: UInt64) throws {
        guard times.count == 1 else { throw CLIError("a width sweep takes one --time (the horizon T at which the gap is read)") }
        let count = command.seeds ?? 8
        guard count >= 1 else { throw CLIError("--seeds must be at least 1") }
        var sweep = try TwoLayerWidthSweep(x: x, y: y, widths: widths, seeds: (0..<UInt64(count)).map { seed + $0 }, alpha: alpha, horizon: times[0])
        sweep.precision = max(96, Precision.bits(forDecimalDigits: command.digits) + 32)
        sweep.log10Tolerance = -Double(max(10, command.digits))
        let bar = ProgressBar(label: "width sweep")
        bar.update(fraction: 0, status: "\(widths.count) widths × \(count) seeds")
        let result = try sweep.run()
        bar.finish()
        switch command.format {
        case .json:
            let rows = result.rows.map { row in
                "    " + JSONText.object([
                    ("width", JSONText.integer(row.width)), ("gap", JSONText.number(row.gap)),
                    ("identity_residual", JSONText.number(row.identityResidual, significantDigits: 3)),
                    ("residual_norm", JSONText.number(row.residualNorm, significantDigits: 3)),
                ])
            }
            print("{\"model\": \"two-layer\", \"sweep\": \"width\", \"seeds\": \(count), \"horizon\": \(JSONText.decimal(times[0].description)), \"exponent\": \(JSONText.number(result.exponent, significantDigits: 5)),\n \"widths\": [\n" + rows.joined(separator: ",\n") + "\n  ]}")
        case .csv:
            print((["width,gap,identity_residual,residual_norm"] + result.rows.map { "\($0.width),\(String(format: "%.6g", $0.gap)),\(String(format: "%.3g", $0.identityResidual)),\(String(format: "%.3g", $0.residualNorm))" }).joined(separator: "\n"))
        case .table:
            print("width sweep at t = \(times[0]), α = \(command.alpha), \(count) seeds (RMS of ‖P⊥U(0)V(T)ᵀ‖_F = ‖Θ(∞) − Θ*‖_F)")
            for row in result.rows {
                print("  h = \(row.width)\t gap \(String(format: "%.6g", row.gap))\t (identity residual ≤ \(String(format: "%.2g", row.identityResidual)), ‖E(T)‖ ≤ \(String(format: "%.2g", row.residualNorm)))")
            }
            print("fitted exponent: gap ∝ h^\(String(format: "%.4f", result.exponent))")
        }
    }
}
