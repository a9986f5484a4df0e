// limits-bench: exact reference limits on seeded random rational data (the N = 100, d = 1000 shape of
// the sparse-regression experiment, MATH.md §3.6), timed in one run against QSopt_ex (`esolver`, the
// exact LP solver packaged by Debian as `qsopt-ex`; install with scripts/install-limits-peers.sh) on
// the same LPs. The exact optimal values of both must be equal, or the run fails.
//
//   swift run -c release --scratch-path .build-limits LimitsBenchmark [--samples 100] [--features 1000]
//       [--seed 1] [--repetitions 3] [--esolver /usr/bin/esolver] [--format table|json]
//       [--kinds l1-margin,l2-margin,l1-interpolation,l2-interpolation] [--no-peer]
//       [--cold]   (no floating warm start: the purely exact simplex / active set from scratch)
import Foundation
import Limits
import Datasets
import Multiprecision

struct Arguments {
    var samples = 100
    var features = 1000
    var seed: UInt64 = 1
    var repetitions = 3
    var esolver = "/usr/bin/esolver"
    var json = false
    var kinds = LimitProblem.Kind.allCases
    var peer = true
    var cold = false

    init() {
        var it = CommandLine.arguments.dropFirst().makeIterator()
        while let flag = it.next() {
            func value() -> String {
                guard let v = it.next() else { fail("\(flag) needs a value") }
                return v
            }
            switch flag {
            case "--samples": samples = Int(value()) ?? samples
            case "--features": features = Int(value()) ?? features
            case "--seed": seed = UInt64(value()) ?? seed
            case "--repetitions": repetitions = max(1, Int(value()) ?? repetitions)
            case "--esolver": esolver = value()
            case "--format": json = value() == "json"
            case "--kinds":
                kinds = value().split(separator: ",").map { name in
                    guard let kind = LimitProblem.Kind(rawValue: String(name)) else { fail("unknown kind \(name)") }
                    return kind
                }
            case "--no-peer": peer = false
            case "--cold": cold = true
            default: fail("unknown option \(flag)")
            }
        }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(("limits-bench: " + message + "\n").data(using: .utf8)!)
    exit(1)
}

/// The exact decimal text of a rational whose denominator divides 10^k (k ≤ 30), for the LP file.
func decimalText(_ value: Rational) -> String {
    var scale = Rational(1)
    var digits = 0
    while !(value * scale).isInteger {
        scale = scale * Rational(10)
        digits += 1
        if digits > 30 { fail("\(value) is not a short decimal") }
    }
    let integer = (value * scale).numeratorString
    let negative = integer.hasPrefix("-")
    var body = negative ? String(integer.dropFirst()) : integer
    if digits == 0 { return integer }
    while body.count <= digits { body = "0" + body }
    let cut = body.index(body.endIndex, offsetBy: -digits)
    return (negative ? "-" : "") + body[..<cut] + "." + body[cut...]
}

/// min Σ(a_j + b_j) s.t. M(a − b) ≥ 1 (margins) or = y (interpolation), in CPLEX LP format.
func lpFile(_ matrix: [[Rational]], rhs: [Rational], sense: String) -> String {
    let d = matrix[0].count
    var text = "Problem\n limits\nMinimize\n obj: "
    text += (0..<d).map { "a\($0) + b\($0)" }.joined(separator: " + ")
    text += "\nSubject To\n"
    for (i, row) in matrix.enumerated() {
        var terms: [String] = []
        for (j, v) in row.enumerated() where !v.isZero {
            let t = decimalText(v.magnitude)
            terms.append((v.signum > 0 ? "+ " : "- ") + t + " a\(j)")
            terms.append((v.signum > 0 ? "- " : "+ ") + t + " b\(j)")
        }
        text += " c\(i): " + terms.joined(separator: " ") + " \(sense) \(decimalText(rhs[i]))\n"
    }
    return text + "End\n"
}

struct PeerResult {
    let seconds: Double
    let solverSeconds: Double?
    let value: Rational
}

func runQSopt(_ lp: String, esolver: String, name: String) -> PeerResult {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("limits-bench-\(getpid())")
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let lpPath = directory.appendingPathComponent("\(name).lp").path
    let solutionPath = directory.appendingPathComponent("\(name).sol").path
    try! lp.write(toFile: lpPath, atomically: true, encoding: .utf8)
    try? FileManager.default.removeItem(atPath: solutionPath)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: esolver)
    process.arguments = ["-L", "-O", solutionPath, lpPath]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    let start = DispatchTime.now().uptimeNanoseconds
    do { try process.run() } catch { fail("cannot run \(esolver): \(error) (install it with scripts/install-limits-peers.sh)") }
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
    guard let solution = try? String(contentsOfFile: solutionPath, encoding: .utf8),
        let line = solution.split(separator: "\n").first(where: { $0.contains("Value =") }),
        let value = try? Rational(fraction: String(line.split(separator: "=").last!).trimmingCharacters(in: .whitespaces))
    else { fail("esolver gave no exact value:\n\(output.suffix(2000))") }
    // QSopt_ex reports the time of its exact (rational) basis check: "... check done in 3.00897 seconds".
    let solverSeconds = output.split(separator: "\n").first { $0.contains("check done in") }
        .flatMap { line -> Double? in
            let words = line.split(separator: " ")
            guard let at = words.firstIndex(of: "in"), at + 1 < words.count else { return nil }
            return Double(words[at + 1])
        }
    return PeerResult(seconds: seconds, solverSeconds: solverSeconds, value: value)
}

func time<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let result = try body()
    return (result, Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
}

let arguments = Arguments()
let data = RandomRationalData(samples: arguments.samples, features: arguments.features, seed: arguments.seed)
var records: [String] = []
if !arguments.json {
    print(
        "exact limits on seeded random data: N = \(arguments.samples), d = \(arguments.features), seed \(arguments.seed), "
            + "best of \(arguments.repetitions) (entries: 3-decimal normals)")
}
for kind in arguments.kinds {
    let problem =
        kind.isClassification
        ? try! LimitProblem(kind: kind, classificationRows: data.rows)
        : try! LimitProblem(kind: kind, regressionRows: data.rows, targets: data.targets)
    var best = Double.infinity
    var limit: Limit! = nil
    for _ in 0..<arguments.repetitions {
        do {
            let (result, seconds) = try time { try problem.solve(.init(floatingWarmStart: !arguments.cold)) }
            if seconds < best {
                best = seconds
                limit = result
            }  // statistics of the fastest run
        } catch { fail("\(kind.rawValue): \(error)") }
    }
    guard limit.certificate.isVerified else { fail("\(kind.rawValue): certificate not verified") }
    var peer: PeerResult? = nil
    if kind.isLinearProgram && arguments.peer {
        let lp = lpFile(problem.matrix, rhs: problem.rhs, sense: kind.isClassification ? ">=" : "=")
        var bestPeer: PeerResult? = nil
        for _ in 0..<arguments.repetitions {
            let run = runQSopt(lp, esolver: arguments.esolver, name: kind.rawValue)
            if bestPeer == nil || run.seconds < bestPeer!.seconds { bestPeer = run }
        }
        peer = bestPeer
        guard peer!.value == limit.objective else {
            fail("\(kind.rawValue): exact optimal values differ: BiasFlow \(limit.objective), QSopt_ex \(peer!.value)")
        }
    }
    let stats = limit.statistics
    let ratio = peer.map { best / $0.seconds }
    let digits = limit.objective.denominatorString.count
    if arguments.json {
        var fields = [
            "\"kind\": \"\(kind.rawValue)\"", "\"biasflow_s\": \(best)", "\"floating_s\": \(stats.floatingSeconds)",
            "\"exact_s\": \(stats.exactSeconds)", "\"floating_iterations\": \(stats.floatingIterations)",
            "\"exact_iterations\": \(stats.exactIterations)", "\"exact_system\": \(stats.exactSystemSize)",
            "\"objective_denominator_digits\": \(digits)", "\"certificate_verified\": true"
        ]
        if let peer {
            fields += [
                "\"qsopt_ex_s\": \(peer.seconds)", "\"qsopt_ex_rational_check_s\": \(peer.solverSeconds.map { "\($0)" } ?? "null")",
                "\"ratio\": \(ratio!)", "\"objectives_equal\": true"
            ]
        }
        records.append("{" + fields.joined(separator: ", ") + "}")
    } else {
        var line =
            "  \(kind.rawValue.padding(toLength: 17, withPad: " ", startingAt: 0)) BiasFlow \(String(format: "%.3f", best)) s "
            + "(float \(String(format: "%.3f", stats.floatingSeconds)) s, \(stats.floatingIterations) it; exact \(String(format: "%.3f", stats.exactSeconds)) s, "
            + "system \(stats.exactSystemSize), \(stats.exactIterations) exact it; objective denominator \(digits) digits)"
        if let peer {
            line +=
                "\n  \(String(repeating: " ", count: 17)) QSopt_ex \(String(format: "%.3f", peer.seconds)) s"
                + (peer.solverSeconds.map { " (of which its rational basis check \(String(format: "%.2f", $0)) s)" } ?? "")
                + "  ratio BiasFlow/QSopt_ex = \(String(format: "%.3f", ratio!)); exact objectives equal"
        }
        print(line)
    }
}
if arguments.json {
    print(
        "{\"samples\": \(arguments.samples), \"features\": \(arguments.features), \"seed\": \(arguments.seed), \"results\": ["
            + records.joined(separator: ", ") + "]}")
}
