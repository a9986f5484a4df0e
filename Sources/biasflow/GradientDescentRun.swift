import Flow
import Foundation
import Limits
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
            let uv = try UVDiagonalModel(
                alpha: try command.scale(command.alpha, "--alpha"), shape: try command.uvShape(),
                dimension: data.featureCount)
            return (try UVRegressionModel(model: uv, x: data.x, y: data.y), { UVRegressionModel.predictor($0).elements })
        case .twoLayer:
            let run = TwoLayerFlowRun(command: command, times: times)
            let (x, y) = try run.data()
            let widths = try run.widths()
            let network = try TwoLayerLinearNetwork.random(
                x: x, y: y, width: widths[0], alpha: try command.scale(command.alpha, "--alpha"), seed: command.seed ?? 1)
            return (network, { network.product($0) })
        }
    }

    func run() throws {
        let steps = try DataLoading.decimalList(command.step ?? "", option: "--step").map { try command.exact($0, "--step") }
        let stepTexts = try DataLoading.decimalList(command.step ?? "", option: "--step")
        for (text, eta) in zip(stepTexts, steps) {
            guard eta.signum > 0 else { throw CLIError("--step \(text): the step η must be positive") }
            for time in times where time.signum < 0 || !(time / eta).isInteger {
                let which = time.signum < 0 ? "is negative" : "is not a multiple of the step η = \(text)"
                throw CLIError("--time \(ExactDecimal.brief(time)) \(which): gradient descent reaches only the times Kη, K = 0, 1, 2, …")
            }
        }
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
        do { result = try comparison.run() } catch {
            bar.finish()
            throw error
        }
        bar.finish()
        let output = GradientDescentOutput(
            model: command.model.rawValue, step: step, precision: comparison.precision,
            digits: comparison.shownDigits, entries: result, predictors: result.map { predictor($0.parameters) })
        switch command.format {
        case .json: print(output.json())
        case .csv: print(output.csv())
        case .table: print(output.table())
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
            bar.finish()
            throw error
        }
        bar.finish()
        let output = GradientDescentOrdersOutput(model: command.model.rawValue, horizon: horizon, result: result)
        switch command.format {
        case .json: print(output.json())
        case .csv: print(output.csv())
        case .table: print(output.table())
        }
    }
}
