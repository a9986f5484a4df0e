import Flow
import Foundation
import Multiprecision
import Reports

/// `biasflow flow --optimizer gd --step η`: gradient descent in MPFR on the squared loss of the
/// chosen model (diagonal, uv, two-layer), against the gradient flow at equal time t = Kη and
/// the modified flow of loss L + (η/4)‖∇L‖² (Barrett & Dherin 2021). With one step: the iterates
/// at each --time (a multiple of η) and their distances to both flows. With several steps and one
/// --time T: `StepSizeComparison`, the distances for each η and the fitted orders (1 and 2).
struct GradientDescentRun {
    let command: FlowCommand
    let times: [Rational]

    /// The model and its predictor (w, or Θ = UVᵀ) as a function of θ.
    func model() throws -> (any GradientModel, (BigVector) -> [BigFloat]) {
        switch command.model {
        case .diagonal:
            let data = try DataLoading.regression(command.data)
            let network = try command.makeNetwork(dimension: data.featureCount)
            let model = try DiagonalRegressionModel(network: network, x: data.x, y: data.y)
            return (model, { DiagonalRegressionModel.predictor($0, depth: network.depth).elements })
        case .uv:
            let data = try DataLoading.regression(command.data)
            let uv = try UVDiagonalModel(alpha: try command.exact(command.alpha, "--alpha"), shape: try command.exact(command.shape ?? "0", "--shape"),
                                         dimension: data.featureCount)
            return (try UVRegressionModel(model: uv, x: data.x, y: data.y), { UVRegressionModel.predictor($0).elements })
        case .twoLayer:
            let run = TwoLayerFlowRun(command: command, times: times)
            let (x, y) = try run.data()
            let widths = try run.widths()
            let network = try TwoLayerLinearNetwork.random(x: x, y: y, width: widths[0], alpha: try command.exact(command.alpha, "--alpha"), seed: command.seed ?? 1)
            return (network, { network.product($0) })
        }
    }

    func run() throws {
        let steps = try DataLoading.decimalList(command.step ?? "", option: "--step").map { try command.exact($0, "--step") }
        if let bad = steps.first(where: { $0.signum <= 0 }) { throw CLIError("--step: η must be positive, got \(bad)") }
        do {
            let (model, predictor) = try model()
            if steps.count > 1 {
                try orders(model: model, steps: steps)
            } else {
                try iterates(model: model, predictor: predictor, step: steps[0])
            }
        } catch let error as FlowError {
            throw CLIError(error.description)
        }
    }

    private func iterates(model: any GradientModel, predictor: (BigVector) -> [BigFloat], step: Rational) throws {
        let comparison = try GradientDescentComparison(model: model, step: step, times: times, digits: command.digits)
        let bar = ProgressBar(label: "gd")
        bar.update(fraction: 0, status: "\(comparison.stepCounts.last ?? 0) steps")
        let result: [GradientDescentComparison.Entry]
        do { result = try comparison.run() } catch { bar.finish(); throw error }
        bar.finish()
        let precision = comparison.precision, digits = comparison.shownDigits
        let entries = result.map { e in
            (e.time.description, e.steps, predictor(e.parameters), e.loss, e.distanceToFlow, e.distanceToModifiedFlow, e.flowVerifiedDigits)
        }
        switch command.format {
        case .json:
            let items = entries.map { time, count, w, loss, toFlow, toModified, verified in
                "    " + ModelOutput.object([
                    ("time", ModelOutput.quoted(time)), ("steps", "\(count)"),
                    ("w", ModelOutput.array(w, digits: digits)), ("loss", ModelOutput.number(loss, digits: digits)),
                    ("distance_to_flow", ModelOutput.number(toFlow, digits: 6)),
                    ("distance_to_modified_flow", ModelOutput.number(toModified, digits: 6)),
                    ("flow_verified_digits", "\(verified)"),
                ])
            }
            print("{\"model\": \"\(command.model.rawValue)\", \"optimizer\": \"gd\", \"step\": \(JSONText.decimal(step.description)), \"precision_bits\": \(precision),\n \"checkpoints\": [\n"
                  + items.joined(separator: ",\n") + "\n  ]}")
        case .csv:
            print((["time,steps,loss,distance_to_flow,distance_to_modified_flow,flow_verified_digits"] + entries.map { e in
                "\(e.0),\(e.1),\(e.3.formatted(significantDigits: digits)),\(e.4.formatted(significantDigits: 6)),\(e.5.formatted(significantDigits: 6)),\(e.6)"
            }).joined(separator: "\n"))
        case .table:
            print("gradient descent, η = \(step), \(precision) bits, model \(command.model.rawValue)")
            for e in entries {
                print("t = \(e.0) (K = \(e.1) steps)  L = \(e.3.formatted(significantDigits: 10))  ‖θ_GD − θ_flow‖ = \(e.4.formatted(significantDigits: 6))  ‖θ_GD − θ_modified‖ = \(e.5.formatted(significantDigits: 6))")
            }
        }
    }

    private func orders(model: any GradientModel, steps: [Rational]) throws {
        guard times.count == 1, let horizon = times.first, horizon.signum > 0 else {
            throw CLIError("several --step values fit the orders at one horizon: give one positive --time T")
        }
        let bar = ProgressBar(label: "gd orders")
        bar.update(fraction: 0, status: "\(steps.count) steps")
        let result: StepSizeComparison.Result
        do { result = try GradientDescentComparison.orders(model: model, steps: steps, horizon: horizon, digits: command.digits) } catch {
            bar.finish(); throw error
        }
        bar.finish()
        func json(_ x: Double) -> String { JSONText.decimal(x.isFinite ? String(format: "%.4f", x) : nil) }
        func format(_ x: Double) -> String { x.isFinite ? String(format: "%.4f", x) : "undetermined" }
        switch command.format {
        case .json:
            let rows = result.rows.map { row in
                "    " + JSONText.object([
                    ("step", JSONText.decimal(row.eta.description)), ("steps", JSONText.integer(row.steps)),
                    ("distance_to_flow", ModelOutput.number(row.distanceToFlow, digits: 6)),
                    ("distance_to_modified_flow", ModelOutput.number(row.distanceToModifiedFlow, digits: 6)),
                ])
            }
            print("{\"model\": \"\(command.model.rawValue)\", \"optimizer\": \"gd\", \"horizon\": \(JSONText.decimal(horizon.description)), \"flow_order\": \(json(result.flowOrder)), \"modified_flow_order\": \(json(result.modifiedFlowOrder)), "
                  + "\"local_flow_orders\": [\(result.localFlowOrders.map(json).joined(separator: ", "))], "
                  + "\"local_modified_flow_orders\": [\(result.localModifiedFlowOrders.map(json).joined(separator: ", "))],\n \"rows\": [\n"
                  + rows.joined(separator: ",\n") + "\n  ]}")
        case .csv:
            print((["step,steps,distance_to_flow,distance_to_modified_flow"] + result.rows.map {
                "\($0.eta),\($0.steps),\($0.distanceToFlow.formatted(significantDigits: 6)),\($0.distanceToModifiedFlow.formatted(significantDigits: 6))"
            }).joined(separator: "\n"))
        case .table:
            print("gradient descent vs flows at T = \(horizon), model \(command.model.rawValue)")
            for row in result.rows {
                print("  η = \(row.eta)\t ‖θ_GD − θ_flow‖ = \(row.distanceToFlow.formatted(significantDigits: 6))\t ‖θ_GD − θ_modified‖ = \(row.distanceToModifiedFlow.formatted(significantDigits: 6))")
            }
            print("fitted order vs flow: \(format(result.flowOrder))  (local: \(result.localFlowOrders.map(format).joined(separator: ", ")))")
            print("fitted order vs modified flow: \(format(result.modifiedFlowOrder))  (local: \(result.localModifiedFlowOrders.map(format).joined(separator: ", ")))")
        }
    }
}
