import Reports
import Asymptotics
import Experiments
import Flow
import Foundation
import Multiprecision

/// `biasflow flow --model-file M.yaml --scale s --data D.csv --loss L --time t1,t2`: gradient flow
/// (or, with `--optimizer gd --step η`, gradient descent) of a model of the user's own
/// (`ModelFlowRun`), printed as JSON (`ModelFileFlowJSON`).
enum ModelFileFlowRun {
    static func run(_ command: FlowCommand, modelFile: String) throws {
        func refuse(_ option: String, _ present: Bool) throws {
            if present {
                throw CLIError("\(option) does not apply to --model-file (the model file gives the model and its initialization direction)")
            }
        }
        try refuse("--depth", command.depth != 2)
        try refuse("--alpha", command.alpha != "1")
        try refuse("--init-plus/--init-minus", command.initPlus != nil || command.initMinus != nil)
        try refuse("--shape", command.shape != nil)
        try refuse(
            "--width/--outputs/--seed/--seeds",
            command.width != nil || command.outputs != nil || command.seed != nil || command.seeds != nil)
        try refuse("--events", command.events != nil)
        if command.tau != nil || command.log10Loss != nil || command.margin != nil {
            throw CLIError("--tau/--log10-loss/--margin: model files run in physical time for now; give --time t1,t2,…")
        }
        guard let scaleText = command.scale else { throw CLIError("--model-file needs --scale s (the run starts at θ(0) = s·θ*)") }
        let scale = try command.exact(scaleText, "--scale")
        guard scale.signum > 0 else { throw CLIError("--scale must be positive, got \(scaleText)") }
        guard let timeText = command.time else { throw CLIError("--model-file needs checkpoints in physical time: --time t1,t2,…") }
        let times = try DataLoading.decimalList(timeText, option: "--time").map { try command.exact($0, "--time") }
        if command.optimizer == .flow && command.step != nil { throw CLIError("--step belongs to --optimizer gd") }
        guard let loss = Loss(rawValue: command.loss ?? "squared") else {
            throw CLIError("--loss: '\(command.loss ?? "")' is not one of exponential, logistic, squared")
        }
        let data: FlowData
        if loss.isClassification {
            let table = try DataLoading.classification(command.data)
            data = .classification(z: table.z)
        } else {
            let table = try DataLoading.regression(command.data)
            data = .regression(x: table.x, y: table.y)
        }
        let model: ExpressionModel
        do { model = try ModelFileParser.load(path: modelFile, dimension: data.featureCount) } catch { throw CLIError(error.description) }
        let result: ModelFlowRun.Result
        do {
            if command.optimizer == .gd {
                guard let stepText = command.step else { throw CLIError("--optimizer gd needs --step η") }
                let step = try command.exact(stepText, "--step")
                guard step.signum > 0 else { throw CLIError("--step: η must be positive, got \(stepText)") }
                result = try ModelFlowRun.descent(
                    model: model, data: data, loss: loss, scale: scale, step: step, times: times, digits: command.digits)
            } else {
                result = try ModelFlowRun.flow(model: model, data: data, loss: loss, scale: scale, times: times, digits: command.digits)
            }
        } catch let error as ModelAnalysisError { throw CLIError(error.description) }
        print(
            ModelFileFlowJSON.render(
                result, model: model, modelFile: modelFile, scale: scaleText, loss: loss,
                optimizer: command.optimizer == .gd ? "gd" : "flow", digits: command.digits))
    }
}
