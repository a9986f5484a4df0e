import Reports
import Asymptotics
import Experiments
import Flow
import Foundation
import Multiprecision

/// `biasflow flow --model-file M.yaml --scale s --data D.csv --loss L --time t1,t2 [--tau …]
/// [--log10-loss …] [--margin …] [--events sign,support]`: gradient flow
/// (or, with `--optimizer gd --step η`, gradient descent) of a model of the user's own
/// (`ModelFlowRun`), printed as `--format` says: JSON (`ModelFileFlowJSON`), CSV or a table
/// (`ModelFileFlowText`).
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
        guard let scaleText = command.scale else { throw CLIError("--model-file needs --scale s (the run starts at θ(0) = s·θ*)") }
        let scale = try command.exact(scaleText, "--scale")
        guard scale.signum > 0 else { throw CLIError("--scale must be positive, got \(scaleText)") }
        func list(_ text: String?, _ option: String) throws -> [Rational] {
            guard let text else { return [] }
            return try DataLoading.decimalList(text, option: option).map { try command.exact($0, option) }
        }
        let times = try list(command.time, "--time")
        let levels: [ModelFlowRun.Target] =
            try list(command.tau, "--tau").map { .tau($0) } + list(command.log10Loss, "--log10-loss").map { .log10Loss($0) }
            + list(command.margin, "--margin").map { .margin($0) }
        guard !times.isEmpty || !levels.isEmpty else {
            throw CLIError("--model-file needs checkpoints: --time t1,t2,… (physical time), --tau, --log10-loss or --margin")
        }
        let events = try (command.events?.split(separator: ",", omittingEmptySubsequences: false) ?? []).map { part in
            let name = part.trimmingCharacters(in: .whitespaces)
            guard let kind = ModelFlowRun.EventKind(rawValue: name) else {
                throw CLIError("--events: '\(name)' is not one of sign, support")
            }
            return kind
        }
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
                guard levels.isEmpty, events.isEmpty else {
                    throw CLIError("--optimizer gd takes checkpoints in --time only (multiples of η), and no --events")
                }
                let step = try command.exact(stepText, "--step")
                guard step.signum > 0 else { throw CLIError("--step: η must be positive, got \(stepText)") }
                result = try ModelFlowRun.descent(
                    model: model, data: data, loss: loss, scale: scale, step: step, times: times, digits: command.digits)
            } else {
                result = try ModelFlowRun.flow(
                    model: model, data: data, loss: loss, scale: scale, targets: times.map { .time($0) } + levels, events: events,
                    digits: command.digits)
            }
        } catch let error as ModelAnalysisError { throw CLIError(error.description) }
        let optimizer = command.optimizer == .gd ? "gd" : "flow"
        let text = ModelFileFlowText(
            result, model: model, modelFile: modelFile, scale: scaleText, loss: loss, optimizer: optimizer, digits: command.digits)
        switch command.format {
        case .json:
            print(
                ModelFileFlowJSON.render(
                    result, model: model, modelFile: modelFile, scale: scaleText, loss: loss, optimizer: optimizer, digits: command.digits))
        case .csv: print(text.csv())
        case .table: print(text.table())
        }
    }
}
