import Foundation
import Testing

/// End-to-end tests of the built `biasflow` executable (from the build products directory, next
/// to this test bundle): bad input is refused with the documented exit code (2 malformed command
/// line, 1 refused input), one `Error:` message on stderr, nothing on stdout and no file written;
/// valid input prints JSON with decimal strings only (no NaN, infinity or −0).
@Suite(.serialized) struct CommandLineTests {
    struct Run {
        var status: Int32
        var signaled: Bool
        var stdout: String
        var stderr: String
    }

    /// The biasflow binary beside the test bundle, or nil when it was not built.
    static let executable: URL? = {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = directory.appendingPathComponent("biasflow")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }()

    static let scratch: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("biasflow-cli-tests-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    static func file(_ name: String, _ text: String) -> String {
        let url = scratch.appendingPathComponent(name)
        try? Data(text.utf8).write(to: url)
        return url.path
    }

    static func run(_ arguments: [String], stdoutTo path: String? = nil) throws -> Run {
        let executable = try #require(executable, "the biasflow executable is not in the build products directory")
        let id = UUID().uuidString
        let outPath = path ?? scratch.appendingPathComponent("out-\(id)").path
        let errPath = scratch.appendingPathComponent("err-\(id)").path
        if path == nil { FileManager.default.createFile(atPath: outPath, contents: nil) }
        FileManager.default.createFile(atPath: errPath, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = FileHandle(forWritingAtPath: outPath)
        process.standardError = FileHandle(forWritingAtPath: errPath)
        try process.run()
        process.waitUntilExit()
        let out = path == nil ? (FileManager.default.contents(atPath: outPath) ?? Data()) : Data()
        let err = FileManager.default.contents(atPath: errPath) ?? Data()
        if path == nil { try? FileManager.default.removeItem(atPath: outPath) }
        try? FileManager.default.removeItem(atPath: errPath)
        return Run(
            status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal,
            stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }

    /// A refusal: the exit code asked, an `Error:` line naming `mention`, nothing on stdout.
    static func expectRefused(_ arguments: [String], status: Int32 = 1, mention: String) throws {
        let r = try run(arguments)
        #expect(!r.signaled, "\(arguments): trapped: \(r.stderr.prefix(300))")
        #expect(r.status == status, "\(arguments): exit \(r.status), stderr \(r.stderr.prefix(300))")
        #expect(r.stderr.contains("Error:"), "\(arguments): \(r.stderr.prefix(300))")
        #expect(r.stderr.contains(mention), "\(arguments): expected '\(mention)' in \(r.stderr.prefix(400))")
        #expect(r.stdout.isEmpty, "\(arguments): printed \(r.stdout.prefix(200))")
    }

    /// Valid JSON whose strings hold no NaN, infinity or negative zero.
    static func expectCleanJSON(_ text: String, _ context: String) {
        #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8))) != nil, "\(context): not JSON: \(text.prefix(200))")
        for bad in ["\"nan\"", "\"inf\"", "\"-inf\"", "\"-0\"", "NaN", "Infinity"] {
            #expect(!text.contains(bad), "\(context): \(bad) in the JSON")
        }
    }

    @Test func crashesOfTheIssueAreRefusals() throws {
        try Self.expectRefused(["transitions", "--data", "builtin:F1", "--alpha", "nan"], mention: "--alpha")
        try Self.expectRefused(["transitions", "--data", "builtin:F1", "--alpha", "inf"], mention: "--alpha")
        try Self.expectRefused(["transitions", "--render", "", "--format", "json"], mention: "--render")
        try Self.expectRefused(["flow", "--data", "/dev/zero", "--tau", "10"], mention: "/dev/zero")
        try Self.expectRefused(["flow", "--data", "/tmp", "--tau", "10"], mention: "directory")
        try Self.expectRefused(["flow", "--data", "builtin:F1", "--tau", "10", "--depth", "2000000"], mention: "depth")
    }

    @Test func uncomputableInputsAreRefusedUpFront() throws {
        try Self.expectRefused(["flow", "--data", "builtin:F1", "--tau", "1e100000"], mention: "bits")
        try Self.expectRefused(["flow", "--data", "builtin:F1", "--margin", "0", "--format", "json"], mention: "positive")
        try Self.expectRefused(["flow", "--data", "builtin:F1", "--margin=-1", "--format", "json"], mention: "positive")
        let huge = Self.file("huge.csv", "x1,x2,y\n1e1000000,1,1\n1,-1,-1\n")
        try Self.expectRefused(["flow", "--data", huge, "--tau", "10"], mention: "huge.csv:2:1")
        let labels = Self.file("labels.csv", "x1,x2,y\n1,0,1\n0,1,-1\n")
        try Self.expectRefused(["flow", "--data", labels, "--loss", "squared", "--tau", "10"], mention: "±1")
        let identical = Self.file("identical.csv", "x1,x2,y\n1,1,1\n")
        try Self.expectRefused(["saddles", "--data", identical], mention: "not unique")
    }

    @Test func exitCodesFollowOneRule() throws {
        try Self.expectRefused(["flow", "--data", "builtin:F1", "--bogus"], status: 2, mention: "--bogus")
        try Self.expectRefused(["flow", "--data", "builtin:F1", "--depth", "two"], status: 2, mention: "depth")
        try Self.expectRefused(["flow", "--data", "builtin:F1", "--format", "yaml", "--tau", "1"], status: 2, mention: "format")
        try Self.expectRefused(["help", "UNKNOWN"], status: 2, mention: "UNKNOWN")
        try Self.expectRefused(["nosuchcommand"], status: 2, mention: "nosuchcommand")
        // Well-formed but refused: exit 1, negative values accepted as values in both spellings.
        for digits in [["--digits", "-3"], ["--digits=-3"], ["--digits", "0"], ["--digits", "10001"]] {
            try Self.expectRefused(["flow", "--data", "builtin:F1", "--tau", "10"] + digits, mention: "--digits")
            try Self.expectRefused(["saddles", "--data", "builtin:F1"] + digits, mention: "--digits")
            try Self.expectRefused(["limits", "--data", "builtin:F1", "--kind", "l1-margin"] + digits, mention: "--digits")
        }
        try Self.expectRefused(["flow", "--data", "builtin:F1", "--tau", "-5"], mention: "not after the start")
        try Self.expectRefused(["flow", "--data", "builtin:F1", "--depth", "-3", "--tau", "10"], mention: "depth")
        let help = try Self.run(["help", "flow"])
        #expect(help.status == 0 && help.stdout.contains("--tau"))
    }

    @Test func failedWritesFailTheCommand() throws {
        guard FileManager.default.isWritableFile(atPath: "/dev/full") else { return }
        let r = try Self.run(["flow", "--data", "builtin:F1", "--tau", "10", "--digits", "10", "--format", "json"], stdoutTo: "/dev/full")
        #expect(r.status == 1, "exit \(r.status)")
        #expect(r.stderr.contains("standard output"))
        let list = try Self.run(["data", "list"], stdoutTo: "/dev/full")
        #expect(list.status == 1)
    }

    @Test func savedReportsAndExperimentsWithClearMessages() throws {
        let directory = Self.scratch.appendingPathComponent("a-directory").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Self.expectRefused(["analyze", "--render", directory], mention: "directory")
        let bad = Self.file("bad.json", "{}")
        try Self.expectRefused(["analyze", "--render", bad], mention: "'data' is missing")
        try Self.expectRefused(
            ["sweep", "run", directory, "--out", Self.scratch.appendingPathComponent("never").path], mention: "directory")
        #expect(!FileManager.default.fileExists(atPath: Self.scratch.appendingPathComponent("never").path))
        let empty = Self.file("empty.yaml", "")
        try Self.expectRefused(["sweep", "run", empty, "--out", Self.scratch.appendingPathComponent("never").path], mention: "empty")
        #expect(!FileManager.default.fileExists(atPath: Self.scratch.appendingPathComponent("never").path))
    }

    @Test func jsonOutputsAreDecimalStrings() throws {
        let flow = try Self.run(["flow", "--data", "builtin:F1", "--tau", "10", "--digits", "10", "--format", "json"])
        #expect(flow.status == 0, "\(flow.stderr)")
        Self.expectCleanJSON(flow.stdout, "flow")
        let limits = try Self.run(["limits", "--data", "builtin:F1", "--kind", "l1-margin", "--exact"])
        #expect(limits.status == 0, "\(limits.stderr)")
        Self.expectCleanJSON(limits.stdout, "limits")
    }

    /// Random option values through every command's validation: exit 0, 1 or 2, never a signal;
    /// a refusal says `Error:` and prints nothing; a success prints clean JSON.
    @Test func randomOptionValues() throws {
        var g = FuzzGenerator(seed: 1404)
        let values = [
            "-1", "0", "1", "2", "1e-30", "1e1001", "-1e5", "nan", "inf", "", "1,2", ",", "abc", "99999999999999999999", "0.5", "-0"
        ]
        let commands: [[String]] = [
            ["flow", "--data", "builtin:F1", "--digits", "8"], ["limits", "--data", "builtin:F1", "--kind", "l1-margin"],
            ["limits", "--data", "builtin:F1", "--kind", "q-mu", "--digits", "8"], ["saddles", "--data", "builtin:T11"],
            ["transitions", "--data", "builtin:F1", "--kinds", "kernel_exit", "--horizon", "20", "--digits", "6"]
        ]
        let options: [[String]] = [
            ["--tau", "--depth", "--alpha", "--margin", "--log10-loss", "--digits", "--max-precision"],
            ["--depth", "--digits", "--mu"], ["--mu", "--alpha", "--depth"], ["--alpha", "--digits", "--threshold", "--samples-per-unit"],
            ["--alpha", "--depth", "--horizon", "--kernel-ratio", "--rich-distance"]
        ]
        var cases = 0
        for _ in 0..<45 {
            let k = g.below(commands.count)
            let option = g.pick(options[k]), value = g.pick(values)
            var arguments = commands[k] + [option, value]
            if k == 0 && option != "--tau" && option != "--margin" && option != "--log10-loss" { arguments += ["--tau", "5"] }
            if k == 2 && option != "--mu" && option != "--alpha" { arguments += ["--mu", "1"] }
            if k == 4 && option != "--alpha" { arguments += ["--alpha", "1"] }
            if k == 0 || k == 1 || k == 2 { arguments += ["--format", "json"] }
            let r = try Self.run(arguments)
            cases += 1
            #expect(!r.signaled, "\(arguments): trapped: \(r.stderr.prefix(300))")
            #expect([0, 1, 2].contains(r.status), "\(arguments): exit \(r.status)")
            if r.status == 0 {
                if arguments.contains("json") { Self.expectCleanJSON(r.stdout, "\(arguments)") }
            } else {
                #expect(r.stderr.contains("Error:"), "\(arguments): \(r.stderr.prefix(300))")
                #expect(r.stderr.count < 2000, "\(arguments): message of \(r.stderr.count) characters")
            }
        }
        #expect(cases == 45)
    }
}
