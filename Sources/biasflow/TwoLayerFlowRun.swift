import Flow
import Foundation
import Limits
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
            throw CLIError(
                "\(table.source): --outputs \(m) leaves no input column: the file has \(table.columnCount) columns (inputs first, then the \(m) target columns)"
            )
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
        let alpha = try command.scale(command.alpha, "--alpha")
        let widths = try widths()
        let seed = command.seed ?? 1
        try requireFollowableStiffness(x: x, alpha: alpha)
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
            let output = TwoLayerFlowOutput(network: network, solution: solution, analysis: analysis, seed: seed, alpha: command.alpha)
            switch command.format {
            case .json: print(output.json())
            case .csv: print(output.csv())
            case .table: print(output.table())
            }
        } catch let error as FlowError {
            throw CLIError(error.description)
        }
    }

    /// The largest stiffness α²·‖X‖²_F·t the two-layer flow is run at. The Hessian of the loss in
    /// (U, V) at scale α is of order α²‖X‖², so the integrator's step count grows in proportion to
    /// α²‖X‖²_F·t (on Docs/examples/two.csv, h = 4, t = 1, 10 digits: α = 10, 20, 40, 100, stiffness
    /// 426 to 4.3·10^4, took 1.6 s, 3.2 s, 10.9 s, 82 s on a loaded machine); 10^6 is about half an hour.
    static let maximumStiffness = 1_000_000

    /// Refuses up front a scale α and horizon whose stiffness α²‖X‖²_F·t_max the integrator cannot
    /// follow (it would otherwise run for days, or report a collapsed step at t = 0).
    private func requireFollowableStiffness(x: [[Rational]], alpha: Rational) throws {
        guard let horizon = times.max(), horizon.signum > 0 else { return }
        var frobenius = Rational()
        for row in x { for value in row { frobenius.addProduct(value, value) } }
        let stiffness = alpha * alpha * frobenius * horizon
        guard stiffness > Rational(Self.maximumStiffness) else { return }
        let p = 64
        let log10 = BigFloat.log10(BigFloat(stiffness, precision: p)).formatted(significantDigits: 4)
        throw CLIError(
            "--alpha \(command.alpha) with --time up to \(ExactDecimal.brief(horizon)): the two-layer flow's stiffness "
                + "α²·‖X‖²_F·t = 10^\(log10) is beyond what the integrator follows (its steps grow in proportion; at most "
                + "10^6): lower --alpha or the last --time, or rescale the data")
    }

    private func sweep(x: [[Rational]], y: [[Rational]], widths: [Int], alpha: Rational, seed: UInt64) throws {
        guard times.count == 1 else { throw CLIError("a width sweep takes one --time (the horizon T at which the gap is read)") }
        let count = command.seeds ?? 8
        guard count >= 1 else { throw CLIError("--seeds must be at least 1") }
        var sweep = try TwoLayerWidthSweep(
            x: x, y: y, widths: widths, seeds: (0..<UInt64(count)).map { seed &+ $0 }, alpha: alpha, horizon: times[0])
        sweep.precision = max(96, Precision.bits(forDecimalDigits: command.digits) + 32)
        sweep.log10Tolerance = -Double(max(10, command.digits))
        let bar = ProgressBar(label: "width sweep")
        bar.update(fraction: 0, status: "\(widths.count) widths × \(count) seeds")
        let result = try sweep.run()
        bar.finish()
        let output = TwoLayerWidthSweepOutput(result: result, seeds: count, horizon: times[0], alpha: command.alpha)
        switch command.format {
        case .json: print(output.json())
        case .csv: print(output.csv())
        case .table: print(output.table())
        }
    }
}
