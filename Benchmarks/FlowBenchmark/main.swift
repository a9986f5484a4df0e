// flow-bench: the flow engine against heyoka (Taylor integrator on MPFR, `../shared/bench/heyoka_flow.py`)
// on the same dual ODE, timed in one run on the same machine (DESIGN.md §5). Also the time-vs-size
// table for random separable problems (`--table`).
//
//   swift run -c release FlowBenchmark [--data Data/F1.csv] [--depth 2] [--alpha 1] [--tau 1e6]
//       [--digits 30] [--verified] [--no-peer] [--peer-script ../shared/bench/heyoka_flow.py]
//       [--python .venv-peers/bin/python] [--peer-bits 256] [--peer-tol 1e-30] [--format table|json]
//       [--stages S]   (Radau IIA stages of a single run; default: chosen from the tolerance)
//       [--threads N]  (engine threads; default every processor: results are the same for every N)
//       [--show-w]     (print the checkpoint's w)  [--write-data PATH]  (where --random's CSV goes)
//
//   swift run -c release FlowBenchmark --table [--sizes 4x6,10x100,100x1000] [--digits-list 10,30]
//       [--tau 10] [--budget 300]
//
// --table times one engine run per (N, d, digits) on seeded random separable data (Gaussian
// entries with 3 decimals, labels the signs of a 5-sparse planted predictor; Limits'
// RandomRationalData, seed 1), each in a child process stopped after --budget seconds.
//
//   swift run -c release FlowBenchmark --loss squared --data builtin:woodworth --alpha 0.01 --digits 10 --tau 10,50
//   swift run -c release FlowBenchmark --random-regression 5x10 --loss squared --log10-loss -100 --alpha 0.1
//       (regression; the peer is Benchmarks/peers/heyoka_regression.py, the primal u-ODE in t to the loss)
//
//   swift run -c release FlowBenchmark --rows [--budget 600]
//
// --rows runs the must-show rows of issue 16 side by side with the peer, each in a child process
// stopped after --budget seconds, and prints one Markdown table (engine verified, heyoka one run).
//
// --data takes a CSV file or builtin:NAME. --random-regression NxD: seeded small-integer data
// (entries and targets in −3 … 3, SplitMix64 seed 1). --tau takes comma-separated checkpoints (the
// peer integrates to the last); --log10-loss replaces them by one loss checkpoint.
//
// Without --verified, one engine run at the first verification run's settings (precision and
// tolerance 10^-(digits+4)) is timed, the like-for-like comparison with one heyoka run; with it, the
// full two-run verified solve. The peer needs scripts/install-peers.sh.
import Flow
import Foundation
import Limits
import Datasets
import Multiprecision

struct Arguments {
    var data = "Data/F1.csv"
    var depth = 2
    var alpha = "1"
    var tau = "1e6"
    var digits = 30
    var verified = false
    var peer = true
    var loss = Loss.exponential
    var log10Loss: String? = nil
    var peerScriptGiven: String? = nil
    var peerScript: String {
        peerScriptGiven ?? (loss == .squared ? "Benchmarks/peers/heyoka_regression.py" : "../shared/bench/heyoka_flow.py")
    }
    var rows = false
    /// Only the peer (the --rows mode times engine and peer in separate child processes).
    var peerOnly = false
    var randomRegression: (samples: Int, features: Int)? = nil
    var python = ".venv-peers/bin/python"
    var peerBitsGiven: Int? = nil
    var peerBits: Int { peerBitsGiven ?? (loss == .squared ? 400 : 256) }
    var peerTolerance = "1e-30"
    var json = false
    /// Radau IIA stages of the engine run (nil: chosen from the tolerance).
    var stages: Int? = nil
    var table = false
    var sizes = [(4, 6), (10, 100), (20, 200), (50, 500), (100, 1000)]
    var digitsList = [10, 30]
    var budget = 300.0
    /// A random problem of this size instead of --data (used by the table's child runs).
    var random: (samples: Int, features: Int)? = nil
    /// Where to write the random problem as a CSV file (the peer reads it; default a temporary file).
    var writeData: String? = nil
    /// Print the checkpoint's w (all entries, 40 digits) after the timing lines.
    var showW = false
    /// Threads of the engine (default: every active processor).
    var threads = DataParallel.defaultThreads

    init() {
        var it = CommandLine.arguments.dropFirst().makeIterator()
        while let flag = it.next() {
            func value() -> String {
                guard let v = it.next() else { fail("\(flag) needs a value") }
                return v
            }
            switch flag {
            case "--data": data = value()
            case "--depth": depth = Int(value()) ?? depth
            case "--alpha": alpha = value()
            case "--tau": tau = value()
            case "--digits": digits = Int(value()) ?? digits
            case "--verified": verified = true
            case "--no-peer": peer = false
            case "--peer-script": peerScriptGiven = value()
            case "--loss":
                guard let parsed = Loss(rawValue: value()) else { fail("--loss: exponential, logistic or squared") }
                loss = parsed
            case "--log10-loss": log10Loss = value()
            case "--rows": rows = true
            case "--peer-only": peerOnly = true
            case "--random-regression":
                let parts = value().split(separator: "x").compactMap { Int($0) }
                guard parts.count == 2 else { fail("--random-regression needs NxD") }
                randomRegression = (parts[0], parts[1])
            case "--python": python = value()
            case "--peer-bits": peerBitsGiven = Int(value())
            case "--peer-tol": peerTolerance = value()
            case "--format": json = value() == "json"
            case "--stages": stages = Int(value())
            case "--table": table = true
            case "--sizes":
                sizes = value().split(separator: ",").map { item in
                    let parts = item.split(separator: "x").compactMap { Int($0) }
                    guard parts.count == 2 else { fail("--sizes: '\(item)' is not NxD") }
                    return (parts[0], parts[1])
                }
            case "--digits-list": digitsList = value().split(separator: ",").compactMap { Int($0) }
            case "--budget": budget = Double(value()) ?? budget
            case "--random":
                let parts = value().split(separator: "x").compactMap { Int($0) }
                guard parts.count == 2 else { fail("--random needs NxD") }
                random = (parts[0], parts[1])
            case "--write-data": writeData = value()
            case "--show-w": showW = true
            case "--threads": threads = Int(value()) ?? threads
            default: fail("unknown option \(flag)")
            }
        }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(("flow-bench: " + message + "\n").data(using: .utf8)!)
    exit(1)
}

/// Runs the heyoka peer and returns its wall time (measured here, around the whole process, and
/// the script's own integration time) and step count.
func runPeer(_ arguments: Arguments) -> (seconds: Double, integration: Double, steps: Int) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: arguments.python)
    if arguments.loss == .squared {
        guard let log10Loss = arguments.log10Loss else { fail("the regression peer integrates to --log10-loss") }
        process.arguments = [
            arguments.peerScript, arguments.data, arguments.alpha, log10Loss, String(arguments.peerBits), arguments.peerTolerance
        ]
    } else {
        let lastTau = arguments.tau.split(separator: ",").last.map(String.init) ?? arguments.tau
        process.arguments = [
            arguments.peerScript, arguments.data, String(arguments.depth), arguments.alpha, lastTau,
            String(arguments.peerBits), arguments.peerTolerance
        ]
    }
    let pipe = Pipe()
    process.standardOutput = pipe
    let started = Date()
    do { try process.run() } catch { fail("cannot run the peer \(arguments.python) \(arguments.peerScript): \(error)") }
    // The peer is stopped after --budget seconds (so no peer outlives a --rows child).
    let deadline = DispatchWorkItem { process.terminate() }
    DispatchQueue.global().asyncAfter(deadline: .now() + arguments.budget, execute: deadline)
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    deadline.cancel()
    let wall = Date().timeIntervalSince(started)
    guard process.terminationStatus == 0 else { fail("the peer exited with status \(process.terminationStatus)") }
    func field(_ name: String) -> String? {
        output.split(separator: " ").first { $0.hasPrefix(name + "=") }.map {
            String($0.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }
    guard let seconds = field("seconds").flatMap(Double.init), let steps = field("steps").flatMap(Int.init) else {
        fail("unexpected peer output: \(output)")
    }
    return (wall, seconds, steps)
}

/// Seeded random separable classification data: z_n = sign(x_n·β*) x_n.
func randomSeparable(samples n: Int, features d: Int) -> [[Rational]] {
    let data = RandomRationalData(samples: n, features: d, seed: 1)
    return zip(data.rows, data.targets).map { row, target in target.signum < 0 ? row.map { -$0 } : row }
}

/// The --table mode: one child run per (N, d, digits), each stopped after the budget.
func runTable(_ arguments: Arguments) -> Never {
    print("| N | d | digits | τ | seconds | steps |")
    print("|---:|---:|---:|---:|---:|---:|")
    for (n, d) in arguments.sizes {
        for digits in arguments.digitsList {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
            process.arguments = [
                "--random", "\(n)x\(d)", "--digits", String(digits), "--tau", arguments.tau, "--no-peer", "--format", "json"
            ]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            let started = Date()
            do { try process.run() } catch { fail("cannot rerun myself: \(error)") }
            let deadline = DispatchWorkItem { process.terminate() }
            DispatchQueue.global().asyncAfter(deadline: .now() + arguments.budget, execute: deadline)
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            deadline.cancel()
            let wall = Date().timeIntervalSince(started)
            if process.terminationStatus == 0,
                let steps = output.split(separator: ",").first(where: { $0.contains("engine_steps") })?
                    .split(separator: ":").last?.trimmingCharacters(in: .whitespaces)
            {
                print("| \(n) | \(d) | \(digits) | \(arguments.tau) | \(String(format: "%.1f", wall)) | \(steps) |")
            } else {
                print("| \(n) | \(d) | \(digits) | \(arguments.tau) | > \(Int(arguments.budget)) (stopped) | — |")
            }
        }
    }
    exit(0)
}

/// Runs this benchmark as a child process with `options` and `--format json`, stopped after
/// `budget` seconds; the JSON fields it printed, or nil when it was stopped or failed.
func runChild(_ options: [String], budget: Double) -> [String: Double]? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    process.arguments = options + ["--format", "json"]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { fail("cannot rerun myself: \(error)") }
    let deadline = DispatchWorkItem { process.terminate() }
    DispatchQueue.global().asyncAfter(deadline: .now() + budget, execute: deadline)
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    deadline.cancel()
    guard process.terminationStatus == 0 else { return nil }
    var fields = [String: Double]()
    for item in output.trimmingCharacters(in: CharacterSet(charactersIn: "{} \n")).split(separator: ",") {
        let parts = item.split(separator: ":").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) }
        if parts.count == 2, let value = Double(parts[1]) { fields[parts[0]] = value }
    }
    return fields
}

/// The --rows mode: issue 16's must-show rows, engine (verified) and peer (one run) each in its
/// own child process, side by side.
func runRows(_ arguments: Arguments) -> Never {
    let rows: [(String, [String])] = [
        (
            "10 × 100 separable, α = 1, 30 digits, τ = 1e3",
            ["--random", "10x100", "--tau", "1e3", "--digits", "30", "--peer-bits", "128", "--peer-tol", "1e-30"]
        ),
        (
            "10 × 100 separable, α = 1, 30 digits, τ = 1e4",
            ["--random", "10x100", "--tau", "1e4", "--digits", "30", "--peer-bits", "128", "--peer-tol", "1e-30"]
        ),
        (
            "5 × 10 regression, α = 0.1, 30 digits, to L = 1e-100",
            ["--random-regression", "5x10", "--loss", "squared", "--log10-loss", "-100", "--alpha", "0.1", "--digits", "30"]
        ),
        (
            "5 × 10 regression, α = 1e-4, 30 digits, to L = 1e-100",
            ["--random-regression", "5x10", "--loss", "squared", "--log10-loss", "-100", "--alpha", "1e-4", "--digits", "30"]
        ),
        (
            "woodworth, α = 1, 10 digits, τ = 10, 50",
            ["--data", "builtin:woodworth", "--loss", "squared", "--alpha", "1", "--digits", "10", "--tau", "10,50"]
        ),
        (
            "woodworth, α = 0.01, 10 digits, τ = 10, 50",
            ["--data", "builtin:woodworth", "--loss", "squared", "--alpha", "0.01", "--digits", "10", "--tau", "10,50"]
        )
    ]
    let common = ["--threads", String(arguments.threads), "--python", arguments.python, "--budget", String(arguments.budget)]
    FileHandle.standardOutput.write(
        Data("| problem | engine, verified (s) | digits | heyoka, one run (s) | heyoka / engine |\n|---|---:|---:|---:|---:|\n".utf8))
    for (name, options) in rows {
        let engine = runChild(options + common + ["--verified", "--no-peer"], budget: arguments.budget)
        let hasPeer = !name.hasPrefix("woodworth")
        let peer = hasPeer ? runChild(options + common + ["--peer-only"], budget: arguments.budget + 30) : nil
        let engineText = engine?["engine_seconds"].map { String(format: "%.1f", $0) } ?? "> \(Int(arguments.budget)) (stopped)"
        let digits = engine?["verified_digits"].map { String(Int($0)) } ?? "—"
        let peerText = hasPeer ? (peer?["peer_seconds"].map { String(format: "%.1f", $0) } ?? "> \(Int(arguments.budget)) (stopped)") : "—"
        var ratio = "—"
        if let e = engine?["engine_seconds"], let h = peer?["peer_seconds"] { ratio = String(format: "%.2f", h / e) }
        FileHandle.standardOutput.write(Data("| \(name) | \(engineText) | \(digits) | \(peerText) | \(ratio) |\n".utf8))
    }
    exit(0)
}

/// Writes classification data z (every label +1) as a CSV file the peer and `biasflow` read.
/// The random entries have 3 decimals, so 1000·z is an integer and the decimals are exact.
func writeCSV(_ z: [[Rational]], to path: String) {
    func decimal(_ value: Rational) -> String {
        guard let scaled = Int((value * Rational(1000)).description) else { fail("entry \(value) has more than 3 decimals") }
        let magnitude = abs(scaled)
        return (scaled < 0 ? "-" : "") + "\(magnitude / 1000)." + String(String(magnitude % 1000 + 1000).dropFirst())
    }
    var text = (1...z[0].count).map { "x\($0)" }.joined(separator: ",") + ",y\n"
    for row in z { text += row.map(decimal).joined(separator: ",") + ",1\n" }
    do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch { fail("cannot write \(path): \(error)") }
}

/// Seeded small-integer regression data: entries and targets uniform in −3 … 3 (SplitMix64, seed 1).
func randomRegression(samples n: Int, features d: Int) -> (x: [[Rational]], y: [Rational]) {
    var generator = SplitMix64(seed: 1)
    func draw() -> Rational { Rational(Int(generator.next() % 7) - 3) }
    let x = (0..<n).map { _ in (0..<d).map { _ in draw() } }
    return (x, (0..<n).map { _ in draw() })
}

/// Writes regression data (features, then the target) as a CSV file; the entries are integers.
func writeRegressionCSV(_ x: [[Rational]], _ y: [Rational], to path: String) {
    var text = (1...x[0].count).map { "x\($0)" }.joined(separator: ",") + ",y\n"
    for (row, target) in zip(x, y) { text += (row + [target]).map(\.description).joined(separator: ",") + "\n" }
    do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch { fail("cannot write \(path): \(error)") }
}

var arguments = Arguments()
if arguments.table { runTable(arguments) }
if arguments.rows { runRows(arguments) }
let data: FlowData
if let random = arguments.random {
    let z = randomSeparable(samples: random.samples, features: random.features)
    let path = arguments.writeData ?? NSTemporaryDirectory() + "flow-bench-\(random.samples)x\(random.features).csv"
    writeCSV(z, to: path)
    arguments.data = path
    data = .classification(z: z)
} else if let random = arguments.randomRegression {
    let (x, y) = randomRegression(samples: random.samples, features: random.features)
    let path = arguments.writeData ?? NSTemporaryDirectory() + "flow-bench-regression-\(random.samples)x\(random.features).csv"
    writeRegressionCSV(x, y, to: path)
    arguments.data = path
    data = .regression(x: x, y: y)
} else {
    if arguments.data.hasPrefix("builtin:") {
        let name = String(arguments.data.dropFirst("builtin:".count))
        guard let builtin = BuiltinDataSet.named(name) else { fail("no built-in data set \(name)") }
        let path = NSTemporaryDirectory() + "flow-bench-\(name).csv"
        do { try builtin.csvText.write(toFile: path, atomically: true, encoding: .utf8) } catch { fail("cannot write \(path): \(error)") }
        arguments.data = path
    }
    do {
        if arguments.loss == .squared {
            let regression = try RegressionData(contentsOfFile: arguments.data)
            data = .regression(x: regression.x, y: regression.y)
        } else {
            data = .classification(z: try ClassificationData(contentsOfFile: arguments.data).z)
        }
    } catch { fail("\(error)") }
}
let alpha: Rational
do { alpha = try Rational(decimal: arguments.alpha) } catch { fail("--alpha: \(error)") }

var engineSeconds = 0.0, engineSteps = 0, verifiedDigits: Int? = nil, finalW: [BigFloat] = []
if !arguments.peerOnly {
    do {
        let network = try DiagonalNetwork(depth: arguments.depth, alpha: alpha, dimension: data.featureCount)
        let checkpoints: [CheckpointTarget] =
            arguments.log10Loss.map { [.log10Loss($0)] }
            ?? arguments.tau.split(separator: ",").map { .tau(String($0)) }
        let problem = try FlowProblem(
            data: data, network: network, loss: arguments.loss, checkpoints: checkpoints, digits: arguments.digits)
        let started = Date()
        if arguments.verified {
            var solver = VerifiedFlowSolver(problem: problem)
            solver.threads = arguments.threads
            let trajectory = try solver.solve()
            engineSteps = trajectory.statistics.map { $0.explicitSteps + $0.implicitSteps }.reduce(0, +)
            verifiedDigits = trajectory.checkpoints.map(\.verifiedDigits).min()
            finalW = trajectory.checkpoints.last?.checkpoint.w ?? []
        } else {
            let setting = VerifiedFlowSolver.runSettings(digits: arguments.digits)[0]
            var solver = FlowSolver(
                problem: problem, precision: setting.precision, log10Tolerance: setting.log10Tolerance,
                radauStages: arguments.stages)
            solver.threads = arguments.threads
            let run = try solver.solve()
            engineSteps = run.statistics.explicitSteps + run.statistics.implicitSteps
            finalW = run.checkpoints.last?.w ?? []
        }
        engineSeconds = Date().timeIntervalSince(started)
    } catch { fail("\(error)") }
}

let peer = arguments.peer ? runPeer(arguments) : nil
let ratio = peer.map { engineSeconds / $0.integration }
if arguments.json {
    var fields = ["\"engine_seconds\": \(engineSeconds)", "\"engine_steps\": \(engineSteps)", "\"verified\": \(arguments.verified)"]
    if let verifiedDigits { fields.append("\"verified_digits\": \(verifiedDigits)") }
    if let peer, let ratio {
        fields += [
            "\"peer_seconds\": \(peer.integration)", "\"peer_wall_seconds\": \(peer.seconds)", "\"peer_steps\": \(peer.steps)",
            "\"ratio\": \(ratio)"
        ]
    }
    print("{" + fields.joined(separator: ", ") + "}")
} else {
    print(
        "engine: \(String(format: "%.2f", engineSeconds)) s, \(engineSteps) steps\(arguments.verified ? ", two verified runs, \(verifiedDigits ?? 0) digits" : ", one run") to \(arguments.log10Loss.map { "log10 L = \($0)" } ?? "τ = \(arguments.tau)") at \(arguments.digits) digits, \(arguments.threads) threads"
    )
    if let peer, let ratio {
        print(
            "heyoka: \(String(format: "%.2f", peer.integration)) s integrating (\(String(format: "%.2f", peer.seconds)) s with set-up), \(peer.steps) steps, \(arguments.peerBits) bits, tol \(arguments.peerTolerance)"
        )
        print("ratio engine/heyoka: \(String(format: "%.3f", ratio))")
    }
}
if arguments.showW { for (i, value) in finalW.enumerated() { print("w[\(i)] \(value.formatted(significantDigits: 40))") } }
