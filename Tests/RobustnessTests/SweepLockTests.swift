import Asymptotics
import Experiments
import Foundation
import Testing

/// The sweep directory lock: runs of one experiment share a directory, another experiment is
/// refused even when both start at the same instant, and a dead owner's lock is taken over.
@Suite struct SweepLockTests {
    static func experiment(_ name: String, alphas: String) throws -> Experiment {
        try ExperimentParser.parse(
            "name: \(name)\ndata: builtin:T4\nquantity: checkpoints\ndepths: [2]\nalphas: [\(alphas)]\ntau: [10]\ndigits: 8\n",
            source: "\(name).yaml", baseDirectory: "/nonexistent")
    }

    static func scratch(_ name: String) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("biasflow-lock-\(getpid())-\(name)").path
        try? FileManager.default.removeItem(atPath: path)
        return path
    }

    /// Creates the stores of `experiments` on `directory` from concurrent threads; the errors.
    static func concurrentCreates(_ experiments: [Experiment], at directory: String) -> [String?] {
        let results = Results(count: experiments.count)
        DispatchQueue.concurrentPerform(iterations: experiments.count) { i in
            do {
                _ = try SweepStore.create(for: experiments[i], at: directory)
                results.set(i, nil)
            } catch { results.set(i, "\(error)") }
        }
        return results.values
    }

    final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var storage: [String?]
        init(count: Int) { storage = Array(repeating: "not run", count: count) }
        func set(_ i: Int, _ value: String?) {
            lock.lock()
            storage[i] = value
            lock.unlock()
        }
        var values: [String?] {
            lock.lock()
            defer { lock.unlock() }
            return storage
        }
    }

    @Test func sameExperimentCooperatesAnotherIsRefused() throws {
        let a = try Self.experiment("a", alphas: "1"), b = try Self.experiment("b", alphas: "2")
        for round in 0..<20 {
            let shared = Self.scratch("same\(round)")
            #expect(Self.concurrentCreates([a, a, a, a], at: shared).allSatisfy { $0 == nil })
            let mixed = Self.scratch("mixed\(round)")
            let errors = Self.concurrentCreates([a, b, a, b], at: mixed)
            let opened = try SweepStore.open(mixed)
            // Every run of the experiment that won joined it; every other one was refused.
            for (i, error) in errors.enumerated() {
                let mine = i % 2 == 0 ? a : b
                if SweepManifest(mine).experimentHash == opened.manifest.experimentHash {
                    #expect(error == nil)
                } else {
                    #expect(error?.contains("another experiment") == true, "\(error ?? "no error")")
                }
            }
            #expect(!FileManager.default.fileExists(atPath: mixed + "/.lock"))
        }
    }

    @Test func staleLocksAreTakenOverLiveOnesWaitedFor() throws {
        let directory = Self.scratch("stale")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // A process that has exited: its pid no longer runs.
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let host = ProcessInfo.processInfo.hostName
        try "\(finished.processIdentifier) \(host) 0123\n".write(toFile: directory + "/.lock", atomically: false, encoding: .utf8)
        _ = try SweepStore.create(for: try Self.experiment("a", alphas: "1"), at: directory)
        #expect(!FileManager.default.fileExists(atPath: directory + "/.lock"))
        // A fresh lock of a live process on another host is waited for, then reported.
        try "1 another-host.example 0123\n".write(toFile: directory + "/.lock", atomically: false, encoding: .utf8)
        #expect(throws: SweepError.self) { try SweepDirectoryLock.acquire(directory, experimentHash: "x", patience: 0.2) }
        try FileManager.default.removeItem(atPath: directory + "/.lock")
    }

    @Test func aFileIsNotAResultDirectory() throws {
        let path = Self.scratch("file")
        try "x".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(throws: SweepError.self) { try SweepStore.create(for: try Self.experiment("a", alphas: "1"), at: path) }
    }
}
