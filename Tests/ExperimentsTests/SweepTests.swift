import Foundation
@testable import Experiments
import Testing
@testable import Asymptotics

/// Sweeps: a run interrupted (in-process at a deterministic point, and as a killed `biasflow`
/// process) resumes with no lost and no duplicated result and the same values as an
/// uninterrupted run; two shards merged equal one run; merges of overlapping or foreign
/// stores are refused. Grid: the single point T4, D ∈ {2, 3}, α ∈ {1, 2, 3}, τ = 10, 12 digits.
@Suite struct SweepTests {
    static let yaml = "name: t4-small\ndata: builtin:T4\nquantity: checkpoints\ndepths: [2, 3]\nalphas: [1, 2, 3]\ntau: [10]\ndigits: 12\n"

    static func scratch(_ name: String) -> String {
        let path = NSTemporaryDirectory() + "biasflow-sweep-tests-\(getpid())-\(name)"
        try? FileManager.default.removeItem(atPath: path)
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func experiment() throws -> Experiment {
        try ExperimentParser.parse(yaml, source: "t4-small.yaml", baseDirectory: "/")
    }

    /// One uninterrupted run, the reference every other path must reproduce.
    static let reference: Result<[Int: SweepPointResult], Error> = Result {
        let store = try SweepStore.create(for: try experiment(), at: scratch("reference") + "/out")
        let summary = try SweepRunner(experiment: try experiment(), store: store, jobs: 2).run()
        guard summary.computed == 6, !summary.stopped else { throw SweepError("reference run incomplete: \(summary)") }
        return try store.results()
    }

    static func assertSameValues(_ results: [Int: SweepPointResult], _ reference: [Int: SweepPointResult]) {
        #expect(results.keys.sorted() == Array(0..<6))
        for (index, result) in reference { #expect(results[index]?.sameValues(as: result) == true, "point \(index)") }
    }

    static func pointFiles(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory + "/points")) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test func interruptedRunResumesWithoutLossOrDuplicates() throws {
        let reference = try Self.reference.get()
        let experiment = try Self.experiment()
        let directory = Self.scratch("interrupted") + "/out"
        let store = try SweepStore.create(for: experiment, at: directory)
        // Stop deterministically once two points are stored (a worker in flight may add one more).
        var first = SweepRunner(experiment: experiment, store: store, jobs: 2)
        first.shouldStop = { Self.pointFiles(directory).count >= 2 }
        let stopped = try first.run()
        #expect(stopped.stopped && stopped.computed >= 2 && stopped.computed < 6)
        let kept = try store.results()
        #expect(kept.count == stopped.computed)
        // Resume: only the missing points are computed.
        let resumed = try SweepRunner(experiment: experiment, store: try SweepStore.create(for: experiment, at: directory), jobs: 2).run()
        #expect(resumed.alreadyStored == stopped.computed && resumed.computed == 6 - stopped.computed && !resumed.stopped)
        #expect(Self.pointFiles(directory) == (0..<6).map(SweepStore.pointFileName))
        let results = try store.results()
        for (index, result) in kept { #expect(results[index] == result, "a stored point was recomputed: \(index)") }
        Self.assertSameValues(results, reference)
        // A third run has nothing left to do.
        let idle = try SweepRunner(experiment: experiment, store: store, jobs: 2).run()
        #expect(idle.computed == 0 && idle.alreadyStored == 6)
    }

    @Test func shardsMergeIntoTheSingleRun() throws {
        let reference = try Self.reference.get()
        let experiment = try Self.experiment()
        let root = Self.scratch("shards")
        for i in 1...2 {
            let store = try SweepStore.create(for: experiment, at: root + "/shard\(i)")
            let summary = try SweepRunner(experiment: experiment, store: store, jobs: 1, shard: try SweepShard(index: i, count: 2)).run()
            #expect(summary.assigned == 3 && summary.computed == 3)
            #expect(try store.results().keys.sorted() == (i == 1 ? [0, 2, 4] : [1, 3, 5]))
        }
        let summary = try SweepMerge.merge([root + "/shard1", root + "/shard2"], into: root + "/merged")
        #expect(summary == SweepMerge.Summary(points: 6, gridSize: 6))
        Self.assertSameValues(try SweepStore.open(root + "/merged").results(), reference)
        // Overlaps and foreign stores are refused, and nothing is written for them.
        #expect {
            _ = try SweepMerge.merge([root + "/shard1", root + "/merged"], into: root + "/overlap")
        } throws: { error in
            "\(error)".hasPrefix("grid point 0 (D = 2, α = 1) is in both \(root)/shard1 and \(root)/merged with the same values")
        }
        #expect(!FileManager.default.fileExists(atPath: root + "/overlap"))
        let other = try ExperimentParser.parse(
            Self.yaml.replacingOccurrences(of: "digits: 12", with: "digits: 13"), source: "other.yaml", baseDirectory: "/")
        _ = try SweepStore.create(for: other, at: root + "/other")
        #expect {
            _ = try SweepMerge.merge([root + "/shard1", root + "/other"], into: root + "/mixed")
        } throws: { error in
            "\(error)".contains("only shards of the same experiment can be merged (they differ in: 'digits: 12' vs 'digits: 13')")
        }
        // A store of one experiment refuses to be reused for another.
        #expect(throws: SweepError.self) { try SweepStore.create(for: other, at: root + "/shard1") }
    }

    @Test func conflictingResultsAreRefused() throws {
        let experiment = try Self.experiment()
        let root = Self.scratch("conflict")
        let reference = try Self.reference.get()
        let a = try SweepStore.create(for: experiment, at: root + "/a"), b = try SweepStore.create(for: experiment, at: root + "/b")
        try a.write(reference[0]!)
        let point = experiment.grid[0]
        var records = reference[0]!.records
        records[0][1] = "9.99"
        try b.write(
            SweepPointResult(
                experimentHash: experiment.hash, point: point, quantity: .checkpoints, fields: reference[0]!.fields,
                kinds: reference[0]!.kinds, records: records, seconds: 0))
        #expect {
            _ = try SweepMerge.merge([root + "/a", root + "/b"], into: root + "/m")
        } throws: { error in "\(error)".contains("with CONFLICTING values: shards must not overlap") }
    }

    /// The `biasflow` executable built beside the test bundle.
    static func executable() throws -> String {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("biasflow").path,
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent(".build/release/biasflow").path
        ]
        guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw SweepError("no biasflow executable at \(candidates); build it first (swift build -c release)")
        }
        return path
    }

    @Test func killedProcessResumesWithoutLossOrDuplicates() throws {
        let reference = try Self.reference.get()
        let root = Self.scratch("killed")
        let file = root + "/t4-small.yaml"
        try Self.yaml.write(toFile: file, atomically: true, encoding: .utf8)
        let binary = try Self.executable()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["sweep", "run", file, "--jobs", "1", "--out", root + "/out"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while Self.pointFiles(root + "/out").isEmpty && process.isRunning && Date() < deadline { usleep(2_000) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the sweep finished before it could be killed")
        let survivors = Self.pointFiles(root + "/out")
        #expect(survivors.count >= 1 && survivors.count < 6)
        // Resume in a new process.
        let resume = Process()
        resume.executableURL = URL(fileURLWithPath: binary)
        resume.arguments = ["sweep", "run", file, "--jobs", "2", "--out", root + "/out"]
        let message = Pipe()
        resume.standardInput = FileHandle.nullDevice
        resume.standardOutput = FileHandle.nullDevice
        resume.standardError = message
        try resume.run()
        // Read before waiting: a child that fills the pipe would otherwise never exit.
        let text = String(decoding: message.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        resume.waitUntilExit()
        #expect(resume.terminationStatus == 0, "\(text)")
        #expect(text.contains("\(survivors.count) were stored already, \(6 - survivors.count) computed now"), "\(text)")
        let names = (try FileManager.default.contentsOfDirectory(atPath: root + "/out/points")).sorted()
        #expect(names == (0..<6).map(SweepStore.pointFileName), "no duplicates, no leftover temporary files")
        Self.assertSameValues(try SweepStore.open(root + "/out").results(), reference)
    }
}
