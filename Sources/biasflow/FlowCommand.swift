import ArgumentParser
import Flow
import Datasets
import Foundation
import Limits
import Multiprecision
import Reports

/// `biasflow flow`: a gradient-flow trajectory of a diagonal network to the checkpoints asked,
/// with verified digits (DESIGN.md §4); with `--model uv` the u∘v model of scale α and shape s
/// (same output), with `--model two-layer` a two-layer linear network (`TwoLayerFlowRun`), and
/// with `--optimizer gd` gradient descent against gradient and modified flows (`GradientDescentRun`).
struct FlowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flow",
        abstract:
            "Integrate gradient flow of a diagonal, u∘v or two-layer linear network (or run gradient descent) and report verified checkpoints."
    )

    @Option(help: "CSV data file (header row; features, then the label ±1 or the regression target), or builtin:NAME (biasflow data list).")
    var data: String

    @Option(parsing: .unconditional, help: "Depth D ≥ 2 of the diagonal network.")
    var depth: Int = 2

    @Option(parsing: .unconditional, help: "Initialization scale α > 0 (decimal, read exactly): u₊(0) = u₋(0) = α.")
    var alpha: String = "1"

    @Option(
        name: .customLong("init-plus"), parsing: .unconditional, help: "Per-coordinate u₊(0) (comma-separated decimals); overrides --alpha."
    )
    var initPlus: String?

    @Option(
        name: .customLong("init-minus"), parsing: .unconditional,
        help: "Per-coordinate u₋(0) (comma-separated decimals); overrides --alpha.")
    var initMinus: String?

    @Option(help: "Loss: exponential, logistic or squared (default exponential; two-layer and gd: squared only).")
    var loss: String?

    @Option(parsing: .unconditional, help: "Checkpoints in the loss clock τ = −ln L, comma-separated (e.g. 1e1,1e3,1e100).")
    var tau: String?

    @Option(name: .customLong("log10-loss"), parsing: .unconditional, help: "Checkpoints in log10 L, comma-separated (e.g. -1e6).")
    var log10Loss: String?

    @Option(parsing: .unconditional, help: "Checkpoints in the margin γ = min_n m_n, comma-separated (classification).")
    var margin: String?

    @Option(parsing: .unconditional, help: "Significant digits to deliver and verify.")
    var digits: Int = 30

    @Option(
        help: "Events to locate, comma-separated: sign (w_i changes sign), support (|w_i| crosses the initialization scale (a₊a₋)^{D/2}).")
    var events: String?

    @Option(name: .customLong("max-precision"), parsing: .unconditional, help: "Refuse to run above this many bits.")
    var maxPrecision: Int?

    @Option(help: "Model: diagonal (depth-D diagonal network), uv (u∘v diagonal model with --shape), two-layer (Θ = UVᵀ with --width).")
    var model: ModelKind = .diagonal

    @Option(parsing: .unconditional, help: "Initialization shape s ∈ [0, 1) of the u∘v model (decimal, exact; default 0).")
    var shape: String?

    @Option(
        parsing: .unconditional,
        help: "Width h of the two-layer network; a comma-separated list runs a width sweep of the gap to the min-norm solution.")
    var width: String?

    @Option(parsing: .unconditional, help: "Two-layer: the number m of target columns (the last m columns of the data file).")
    var outputs: Int?

    @Option(
        parsing: .unconditional, help: "Two-layer: seed of the random initialization (a width sweep uses --seeds seeds from this one on).")
    var seed: UInt64?

    @Option(parsing: .unconditional, help: "Two-layer width sweep: the number of seeds averaged per width.")
    var seeds: Int?

    @Option(help: "Optimizer: flow (gradient flow) or gd (gradient descent, with --step).")
    var optimizer: OptimizerKind = .flow

    @Option(
        parsing: .unconditional,
        help:
            "Gradient-descent step η (decimal, exact); a comma-separated list fits the orders of the distances to the flow and the modified flow at one --time."
    )
    var step: String?

    @Option(
        parsing: .unconditional,
        help:
            "Checkpoints in physical time t, comma-separated decimals (the diagonal flow, two-layer and gd; for gd, multiples of the step)."
    )
    var time: String?

    @Option(
        name: .customLong("model-file"),
        help:
            "A model of your own (YAML: parameters, coordinates with where/k, init): runs its flow in physical time --time from θ(0) = s·θ* (see Docs)."
    )
    var modelFile: String?

    @Option(help: "With --model-file: the initialization scale s > 0 (decimal, exact).")
    var scale: String?

    enum ModelKind: String, ExpressibleByArgument {
        case diagonal, uv
        case twoLayer = "two-layer"
    }
    enum OptimizerKind: String, ExpressibleByArgument { case flow, gd }

    @Option(help: "Output format: json, csv or table.")
    var format: Format = .table

    enum Format: String, ExpressibleByArgument { case json, csv, table }

    func validate() throws {
        try DataLoading.requireDigits(digits)
    }

    func run() throws {
        if let modelFile { return try ModelFileFlowRun.run(self, modelFile: modelFile) }
        if scale != nil { throw CLIError("--scale belongs to --model-file") }
        try validateModelOptions()
        if model == .twoLayer || optimizer == .gd {
            if let maxPrecision { do { try Precision.validate(maxPrecision) } catch { throw CLIError("--max-precision: \(error)") } }
            let times = try DataLoading.decimalList(time ?? "", option: "--time").map { text -> Rational in
                do { return try Rational(decimal: text) } catch { throw CLIError("--time: '\(text)': \(error)") }
            }
            if optimizer == .gd {
                try GradientDescentRun(command: self, times: times).run()
            } else {
                try TwoLayerFlowRun(command: self, times: times).run()
            }
            return
        }
        guard let lossKind = Loss(rawValue: loss ?? "exponential") else {
            throw CLIError("--loss: '\(loss ?? "")' is not one of exponential, logistic, squared")
        }
        if let maxPrecision { do { try Precision.validate(maxPrecision) } catch { throw CLIError("--max-precision: \(error)") } }
        var checkpoints = [CheckpointTarget]()
        if let tau { checkpoints += try DataLoading.decimalList(tau, option: "--tau").map { .tau($0) } }
        if let log10Loss { checkpoints += try DataLoading.decimalList(log10Loss, option: "--log10-loss").map { .log10Loss($0) } }
        if let margin { checkpoints += try DataLoading.decimalList(margin, option: "--margin").map { .margin($0) } }
        if let time { checkpoints += try DataLoading.decimalList(time, option: "--time").map { .time($0) } }
        guard !checkpoints.isEmpty else { throw CLIError("give at least one checkpoint with --tau, --log10-loss, --margin or --time") }

        let flowData: FlowData
        let featureCount: Int
        if lossKind.isClassification {
            let table = try DataLoading.classification(data)
            try SeparabilityCheck.requireSeparable(table, loss: lossKind)
            flowData = .classification(z: table.z)
            featureCount = table.featureCount
        } else {
            let table = try DataLoading.regression(data)
            try requireReachableLossLevels(table, checkpoints: checkpoints)
            flowData = .regression(x: table.x, y: table.y)
            featureCount = table.featureCount
        }
        let problem: FlowProblem
        var engineProblem: FlowProblem
        var uvModel: UVDiagonalModel? = nil
        do {
            if model == .uv {
                let uv = try UVDiagonalModel(alpha: try scale(alpha, "--alpha"), shape: try uvShape(), dimension: featureCount)
                engineProblem = try uv.engineProblem(data: flowData, loss: lossKind, checkpoints: checkpoints, digits: digits)
                problem = engineProblem
                uvModel = uv
            } else {
                let network = try makeNetwork(dimension: featureCount)
                problem = try FlowProblem(data: flowData, network: network, loss: lossKind, checkpoints: checkpoints, digits: digits)
                engineProblem = problem
            }
        } catch let error as FlowError { throw CLIError(error.description) }
        if let events {
            for name in events.split(separator: ",", omittingEmptySubsequences: false) {
                let trimmed = name.trimmingCharacters(in: .whitespaces)
                guard let kind = FlowEventKind(rawValue: trimmed) else {
                    throw CLIError("--events: '\(trimmed)' is not one of " + FlowEventKind.allCases.map(\.rawValue).joined(separator: ", "))
                }
                engineProblem.events.insert(kind)
            }
        }

        let bar = ProgressBar(label: "flow")
        var solver = VerifiedFlowSolver(problem: engineProblem, precisionLimit: maxPrecision)
        solver.allowShortfall = true
        solver.progress = { tau in bar.update(fraction: 0, status: "τ ≈ \(String(format: "%.4g", tau))") }
        var trajectory: Trajectory
        do { trajectory = try solver.solve() } catch {
            bar.finish()
            throw CLIError(error.description)
        }
        if let uvModel { trajectory = uvModel.mapFromEngine(trajectory, problem: problem) }
        bar.finish()
        switch format {
        case .json: print(FlowJSON.render(trajectory))
        case .csv: print(FlowText(trajectory: trajectory).csv())
        case .table: print(FlowText(trajectory: trajectory).table())
        }
        let shortfall = trajectory.checkpoints.filter { $0.verifiedDigits < digits }
        if let worst = shortfall.min(by: { $0.verifiedDigits < $1.verifiedDigits }) {
            throw CLIError("only \(worst.verifiedDigits) of the \(digits) requested digits could be verified at \(worst.checkpoint.target)")
        }
    }

    /// Loss-clock checkpoints on inconsistent regression data (X w = y without solution) at or below
    /// the infimum L* of ½‖Xw − y‖² are never reached: refused up front, naming the rows and L*.
    private func requireReachableLossLevels(_ table: RegressionData, checkpoints: [CheckpointTarget]) throws {
        let levels = checkpoints.filter { target in
            switch target {
            case .tau, .log10Loss: return true
            default: return false
            }
        }
        guard !levels.isEmpty else { return }
        let infimum: SquaredLossInfimum
        do { infimum = try SquaredLossInfimum(x: table.x, y: table.y) } catch { throw CLIError("\(data): \(error)") }
        guard let cause = infimum.cause else { return }
        for target in levels {
            let reachable: Bool, option: String, text: String
            switch target {
            case let .tau(value):
                (option, text) = ("--tau", value)
                reachable = infimum.admits(tau: try exact(value, option))
            case let .log10Loss(value):
                (option, text) = ("--log10-loss", value)
                reachable = infimum.admits(log10Loss: try exact(value, option))
            default: continue
            }
            guard !reachable else { continue }
            let p = 64, star = BigFloat(infimum.value, precision: p)
            func brief(_ x: BigFloat) -> String {
                (try? Rational(exactly: x)).map { ExactDecimal.brief($0, significantDigits: 6) } ?? x.description
            }
            let tauStar = brief(-BigFloat.log(star)), log10Star = brief(BigFloat.log10(star))
            throw CLIError(
                "\(data): X w = y has no solution: \(cause). The squared loss ½‖Xw − y‖² never falls below its infimum "
                    + "L* = \(ExactDecimal.brief(infimum.value, significantDigits: 6)) (τ* = −ln L* = \(tauStar), log10 L* = \(log10Star)), "
                    + "so \(option) \(text) is never reached: ask for τ < \(tauStar) (log10 L > \(log10Star)), or give checkpoints in time with --time"
            )
        }
    }

    /// An initialization scale (α, u₊(0), u₋(0)): an exact decimal > 0, refused in the user's words.
    func scale(_ text: String, _ option: String) throws -> Rational {
        let value = try exact(text, option)
        guard value.signum > 0 else { throw CLIError("\(option) \(text): an initialization scale must be positive") }
        return value
    }

    /// The u∘v model's shape s ∈ [0, 1) (`--shape`, default 0).
    func uvShape() throws -> Rational {
        let text = shape ?? "0"
        let value = try exact(text, "--shape")
        guard value.signum >= 0, value < Rational(1) else {
            throw CLIError("--shape \(text): the shape s must lie in [0, 1) (s = (v₀ − u₀)/(v₀ + u₀))")
        }
        return value
    }

    /// A decimal option as an exact rational.
    func exact(_ text: String, _ option: String) throws -> Rational {
        do { return try Rational(decimal: text) } catch { throw CLIError("\(option): '\(text)' is not a decimal number: \(error)") }
    }

    /// Options that belong to another model or optimizer, or that contradict each other, are errors.
    private func validateModelOptions() throws {
        func refuse(_ option: String, _ present: Bool, unless allowed: Bool, _ reason: String) throws {
            if present && !allowed { throw CLIError("\(option) \(reason)") }
        }
        try refuse("--shape", shape != nil, unless: model == .uv, "belongs to --model uv (the u∘v model's initialization shape)")
        try refuse("--width", width != nil, unless: model == .twoLayer, "belongs to --model two-layer")
        try refuse("--outputs", outputs != nil, unless: model == .twoLayer, "belongs to --model two-layer")
        try refuse("--seed", seed != nil, unless: model == .twoLayer, "belongs to --model two-layer (its random initialization)")
        try refuse("--seeds", seeds != nil, unless: model == .twoLayer, "belongs to a --model two-layer width sweep")
        try refuse("--step", step != nil, unless: optimizer == .gd, "belongs to --optimizer gd")
        try refuse(
            "--events", events != nil, unless: model == .diagonal && optimizer == .flow,
            "belongs to the diagonal network's flow (--model diagonal, --optimizer flow)")
        try refuse(
            "--init-plus/--init-minus", initPlus != nil || initMinus != nil, unless: model == .diagonal, "belong to --model diagonal")
        try refuse(
            "--depth", depth != 2, unless: model == .diagonal || (model == .uv && depth == 2),
            "belongs to --model diagonal (the u∘v and two-layer models have two layers)")
        try refuse(
            "--time", time != nil, unless: model == .twoLayer || optimizer == .gd || model == .diagonal,
            "belongs to --model diagonal, --model two-layer and --optimizer gd; the u∘v flow takes --tau, --log10-loss or --margin")
        if model == .twoLayer || optimizer == .gd {
            try refuse(
                "--tau/--log10-loss/--margin", tau != nil || log10Loss != nil || margin != nil, unless: false,
                "are loss-clock checkpoints of the diagonal engine; --model two-layer and --optimizer gd take --time")
            try refuse(
                "--loss \(loss ?? "")", loss != nil && loss != "squared", unless: false,
                "is not available here: --model two-layer and --optimizer gd train on the squared loss")
            guard time != nil else { throw CLIError("give the checkpoints in physical time with --time (e.g. --time 1,10)") }
        }
        if optimizer == .gd {
            guard step != nil else { throw CLIError("--optimizer gd needs --step η") }
            try refuse(
                "--optimizer gd", true, unless: !(model == .twoLayer && (width ?? "").contains(",")),
                "runs one width at a time: give --width h")
        }
        if model == .uv && (initPlus != nil || initMinus != nil) { throw CLIError("--init-plus/--init-minus belong to --model diagonal") }
    }

    /// The widest ratio of largest to smallest initial weight u±(0) the diagonal flow is run at,
    /// 10^20. Measured on F1 to τ = 10 with 10 digits: 1e-20…1 runs in under a second, 1e-10…1e10
    /// verified only 5 digits, 1e-20…1e20 did not finish in two minutes.
    static let maximumInitializationSpan: Rational = (0..<20).reduce(Rational(1)) { product, _ in product * Rational(10) }

    /// Refuses up front per-coordinate initial weights spanning more than `maximumInitializationSpan`.
    private func requireInitializationSpan(_ weights: [Rational]) throws {
        guard let smallest = weights.min(), let largest = weights.max(), smallest.signum > 0 else { return }
        let span = largest / smallest
        guard span > Self.maximumInitializationSpan else { return }
        throw CLIError(
            "--init-plus/--init-minus span from \(ExactDecimal.brief(smallest)) to \(ExactDecimal.brief(largest)), a ratio of "
                + "\(ExactDecimal.brief(span, significantDigits: 3)): the flow is followed for initial weights within a ratio of 1e20 "
                + "(the integrator's stiffness and the digits it loses grow with the spread); bring them closer, or rescale the features")
    }

    func makeNetwork(dimension: Int) throws -> DiagonalNetwork {
        func parse(_ text: String, _ option: String) throws -> [Rational] {
            try text.split(separator: ",").map { item in
                let value: Rational
                do { value = try Rational(decimal: String(item)) } catch { throw CLIError("\(option): \(error)") }
                guard value.signum > 0 else { throw CLIError("\(option): \(item) is not positive: every initial weight must be > 0") }
                return value
            }
        }
        do {
            if initPlus != nil || initMinus != nil {
                guard let initPlus, let initMinus else { throw CLIError("--init-plus and --init-minus go together") }
                let plus = try parse(initPlus, "--init-plus"), minus = try parse(initMinus, "--init-minus")
                guard plus.count == dimension, minus.count == dimension else {
                    throw CLIError("--init-plus/--init-minus need \(dimension) values, one per feature")
                }
                try requireInitializationSpan(plus + minus)
                return try DiagonalNetwork(depth: depth, initialPlus: plus, initialMinus: minus)
            }
            let a = try parse(alpha, "--alpha")
            guard a.count == 1 else { throw CLIError("--alpha takes one value; use --init-plus/--init-minus for shapes") }
            return try DiagonalNetwork(depth: depth, alpha: a[0], dimension: dimension)
        } catch let error as FlowError {
            throw CLIError(error.description)
        }
    }
}
