import ArgumentParser
import Asymptotics
import Experiments
import Limits
import Datasets
import Multiprecision
import Reports

/// `biasflow limits`: reference limits of the implicit bias (DESIGN.md §4, MATH.md §2.5, §3.5, §8).
///
/// Exact kinds (l1-margin, l2-margin, l1-interpolation, l2-interpolation) are exact rationals with
/// an exactly verified certificate; `--exact` prints them as "p/q", otherwise as correctly rounded
/// decimals (`--digits` significant digits, all correct). `q-mu` (argmin Q^D_μ) and `sweep` (the
/// sweep path T(μ)) are computed in MPFR and printed with every verified digit.
struct LimitsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "limits",
        abstract: "Reference limits (max-margin, min-norm interpolators, Q^D_μ, sweep path) with certificates."
    )

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case l1Margin = "l1-margin"
        case l2Margin = "l2-margin"
        case l1Interpolation = "l1-interpolation"
        case l2Interpolation = "l2-interpolation"
        case qMu = "q-mu"
        case sweep
        case weightedL1 = "weighted-l1"
    }

    enum Format: String, ExpressibleByArgument { case json, table }

    enum Task: String, ExpressibleByArgument { case auto, classification, regression }

    @Option(help: "CSV data file (header row; features, then the label ±1 or the regression target), or builtin:NAME (biasflow data list).")
    var data: String

    @Option(help: "l1-margin, l2-margin, l1-interpolation, l2-interpolation, q-mu, sweep or weighted-l1.")
    var kind: Kind

    @Option(parsing: .unconditional, help: "μ > 0 for q-mu and sweep (decimal, read exactly). For regression μ = α^D.")
    var mu: String?

    @Option(parsing: .unconditional, help: "Initialization scale α > 0 (decimal, exact): sets μ = α^D exactly (instead of --mu).")
    var alpha: String?

    @Option(parsing: .unconditional, help: "Depth D ≥ 2 for q-mu and sweep.")
    var depth: Int = 2

    @Flag(help: "Print exact values as \"p/q\" strings (exact kinds only).")
    var exact = false

    @Option(help: "Output format: json or table.")
    var format: Format = .json

    @Option(help: "q-mu / sweep data: classification (Z w ≥ 1), regression (X w = y), or auto (classification iff every label is ±1).")
    var task: Task = .auto

    @Option(parsing: .unconditional, help: "Significant digits: printed for exact kinds; requested (and verified) for q-mu and sweep.")
    var digits: Int = 30

    @Option(
        name: .customLong("sweep-steps-per-decade"), parsing: .unconditional,
        help: "Geometric grid steps per decade of μ for the sweep path from μ₀ = 1000.")
    var sweepStepsPerDecade: Int = 100

    @Option(help: "weighted-l1: the weights t+:t- per feature, comma-separated (decimals or p/q; one number means t+ = t-), or @FILE.")
    var weights: String?

    func validate() throws {
        try DataLoading.requireDigits(digits)
        guard depth >= 2 else { throw CLIError("--depth must be at least 2") }
        guard sweepStepsPerDecade >= 1 else { throw CLIError("--sweep-steps-per-decade must be positive") }
        if exact && (kind == .qMu || kind == .sweep) {
            throw CLIError(
                "--exact: \(kind.rawValue) is transcendental in the data (sinh, powers); it has verified digits, not an exact rational form"
            )
        }
        if (kind == .qMu || kind == .sweep) && (mu == nil) == (alpha == nil) {
            throw CLIError("\(kind.rawValue) needs exactly one of --mu and --alpha (μ = α^D)")
        }
    }

    func run() throws {
        if weights != nil && kind != .weightedL1 { throw CLIError("--weights belongs to --kind weighted-l1") }
        switch kind {
        case .l1Margin, .l2Margin, .l1Interpolation, .l2Interpolation: try runExact()
        case .qMu, .sweep: try runRegularized()
        case .weightedL1: try WeightedL1Run.run(data: data, weights: weights, exact: exact, digits: digits, json: format == .json)
        }
    }

    // MARK: exact kinds

    private func runExact() throws {
        guard let problemKind = LimitProblem.Kind(rawValue: kind.rawValue) else {
            throw CLIError("--kind \(kind.rawValue) is not an exact limit")
        }
        let problem: LimitProblem
        do {
            if problemKind.isClassification {
                problem = try LimitProblem(kind: problemKind, classificationRows: try loadClassification().z)
            } else {
                let regression = try loadRegression()
                problem = try LimitProblem(kind: problemKind, regressionRows: regression.x, targets: regression.y)
            }
        } catch let error as LimitError { throw CLIError("\(data): \(error)") }
        let limit: Limit
        do { limit = try problem.solve() } catch { throw CLIError("\(data): \(error)") }
        guard limit.certificate.isVerified else {
            throw CLIError("\(data): the certificate failed exact verification: \(limit.certificate.failures.joined(separator: ", "))")
        }
        switch format {
        case .json: print(LimitJSON.render(limit, kind: kind.rawValue, exact: exact, digits: digits))
        case .table:
            print(LimitText.render(limit, kind: kind.rawValue, data: data, objectiveName: objectiveName, exact: exact, digits: digits))
        }
    }

    private var objectiveName: String {
        switch kind {
        case .l1Margin, .l1Interpolation: return "‖w‖₁"
        case .l2Margin, .l2Interpolation: return "½‖w‖₂²"
        case .qMu, .sweep: return "Q^D_μ(w)"
        case .weightedL1: return "Σ t+k+ + t-k-"
        }
    }

    // MARK: q-mu and sweep

    private func runRegularized() throws {
        var muValue: Rational
        if let alpha {
            let a: Rational
            do { a = try Rational(decimal: alpha) } catch { throw CLIError("--alpha: \(error)") }
            guard a.signum > 0 else { throw CLIError("--alpha must be positive") }
            muValue = Rational(1)
            for _ in 0..<depth { muValue = muValue * a }
        } else {
            guard let mu else { throw CLIError("\(kind.rawValue) needs exactly one of --mu and --alpha (μ = α^D)") }
            do { muValue = try Rational(decimal: mu) } catch { throw CLIError("--mu: \(error)") }
        }
        let classification: Bool
        switch task {
        case .classification: classification = true
        case .regression: classification = false
        case .auto:
            let table: CSVTable
            do { table = try DataSource.table(data) } catch { throw CLIError(error.description) }
            let one = Rational(1), minusOne = Rational(-1)
            classification = table.rows.allSatisfy { $0.last == one || $0.last == minusOne }
        }
        let problem: RegularizedLimitProblem
        do {
            if classification {
                problem = try RegularizedLimitProblem(classificationRows: try loadClassification().z, depth: depth, mu: muValue)
            } else {
                let regression = try loadRegression()
                problem = try RegularizedLimitProblem(regressionRows: regression.x, targets: regression.y, depth: depth, mu: muValue)
            }
        } catch let error as LimitError { throw CLIError("\(data): \(error)") }
        // Precision of the check run: the digits asked for plus guard bits; the reported run uses ≈ 1.5×.
        let options = DualNewtonSolver.Options(precision: Precision.bits(forDecimalDigits: digits) + 64)
        let limit: RegularizedLimit
        var path: SweepPath? = nil
        do {
            if kind == .sweep {
                if !classification { throw CLIError("the sweep path is defined for classification data") }
                let sweep = try SweepPath(problem, stepsPerDecade: sweepStepsPerDecade, options: options)
                path = sweep
                limit = try sweep.solve()
            } else {
                limit = try DualNewtonSolver(options: options).solve(problem)
            }
        } catch let error as LimitError { throw CLIError("\(data): \(error)") }
        guard limit.verifiedDigits >= digits else {
            throw CLIError("only \(limit.verifiedDigits) of the \(digits) requested digits could be verified")
        }
        switch format {
        case .json: print(LimitJSON.render(limit, kind: kind.rawValue, digits: digits, sweep: path))
        case .table: print(LimitText.render(limit, kind: kind.rawValue, data: data, classification: classification, digits: digits))
        }
    }

    // MARK: data and JSON

    private func loadClassification() throws -> ClassificationData {
        do { return try DataSource.classification(data) } catch { throw CLIError(error.description) }
    }

    private func loadRegression() throws -> RegressionData {
        do { return try DataSource.regression(data) } catch { throw CLIError(error.description) }
    }

}
