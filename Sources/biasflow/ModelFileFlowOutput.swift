import Reports
import Asymptotics
import Experiments
import Flow
import Foundation
import Multiprecision

/// `biasflow flow --model-file M.yaml --scale s --data D.csv --loss L --time t1,t2`: gradient flow
/// (or, with `--optimizer gd --step η`, gradient descent) of a model of the user's own
/// (`ModelFlowRun`), printed as JSON: per time the predictor k as `w`, θ per coordinate as
/// `theta`, the loss and the conserved layer imbalances of product coordinates.
enum ModelFileFlowOutput {
    static func run(_ command: FlowCommand, modelFile: String) throws {
        func refuse(_ option: String, _ present: Bool) throws {
            if present { throw CLIError("\(option) does not apply to --model-file (the model file gives the model and its initialization direction)") }
        }
        try refuse("--depth", command.depth != 2)
        try refuse("--alpha", command.alpha != "1")
        try refuse("--init-plus/--init-minus", command.initPlus != nil || command.initMinus != nil)
        try refuse("--shape", command.shape != nil)
        try refuse("--width/--outputs/--seed/--seeds", command.width != nil || command.outputs != nil || command.seed != nil || command.seeds != nil)
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
                result = try ModelFlowRun.descent(model: model, data: data, loss: loss, scale: scale, step: step, times: times, digits: command.digits)
            } else {
                result = try ModelFlowRun.flow(model: model, data: data, loss: loss, scale: scale, times: times, digits: command.digits)
            }
        } catch let error as ModelAnalysisError { throw CLIError(error.description) }
        print(json(result, model: model, modelFile: modelFile, scale: scaleText, loss: loss, optimizer: command.optimizer == .gd ? "gd" : "flow", digits: command.digits))
    }

    static func json(_ result: ModelFlowRun.Result, model: ExpressionModel, modelFile: String, scale: String, loss: Loss, optimizer: String, digits: Int) -> String {
        let p = model.parameterCountPerCoordinate
        func text(_ x: BigFloat, _ shown: Int) -> String { x.isZero ? "0" : x.formatted(significantDigits: max(1, shown)) }
        func imbalances(_ values: [[BigFloat]?], _ shown: Int) -> String {
            JSONText.array(values.map { entry in entry.map { JSONText.strings($0.map { text($0, shown) }) } ?? "null" })
        }
        let checkpoints = result.checkpoints.map { c -> String in
            let shown = min(digits, c.verifiedDigits ?? digits)
            var pairs: [(String, String)] = [
                ("time", JSONText.string(c.time.description)),
                ("loss", JSONText.string(text(c.loss, shown))),
                ("w", JSONText.strings(c.predictor.elements.map { text($0, shown) })),
                ("theta", JSONText.array((0..<model.dimension).map { i in JSONText.strings((0..<p).map { text(c.theta[i * p + $0], shown) }) })),
            ]
            if let v = c.verifiedDigits { pairs.append(("verified_digits", "\(v)")) }
            if let k = c.iterations { pairs.append(("iterations", "\(k)")) }
            if c.imbalances.contains(where: { $0 != nil }) { pairs.append(("imbalances", imbalances(c.imbalances, shown))) }
            return JSONText.object(pairs)
        }
        var pairs: [(String, String)] = [
            ("model_file", JSONText.string(modelFile)), ("parameters", JSONText.strings(model.parameters)),
            ("scale", JSONText.string(scale)), ("loss", JSONText.string(loss.rawValue)), ("optimizer", JSONText.string(optimizer)),
            ("precision_bits", "\(result.precisionBits)"), ("steps", "[" + result.steps.map(String.init).joined(separator: ", ") + "]"),
        ]
        if result.initialImbalances.contains(where: { $0 != nil }) { pairs.append(("initial_imbalances", imbalances(result.initialImbalances, digits))) }
        pairs.append(("checkpoints", JSONText.array(checkpoints)))
        return JSONText.object(pairs)
    }
}
