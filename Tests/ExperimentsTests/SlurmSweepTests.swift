import Foundation
@testable import Experiments
import Testing
@testable import Asymptotics

/// The Slurm route of sweeps without a cluster (scripts/check-slurm.sh runs a real one): shards
/// from the array variables, the scripts a submission writes, the sbatch calls and their
/// dependency, queue states per point, refusals. Slurm's programs are stand-ins recording calls.
@Suite struct SlurmSweepTests {
    static let yaml = "name: t4-slurm\ndata: builtin:T4\nquantity: checkpoints\ndepths: [2, 3]\nalphas: [1, 2]\ntau: [10]\ndigits: 8\n"

    static func experiment() throws -> Experiment { try ExperimentParser.parse(yaml, source: "t4-slurm.yaml", baseDirectory: "/") }

    static func directory(_ name: String) -> String {
        let path = NSTemporaryDirectory() + "biasflow-slurm-tests-\(getpid())-\(name)"
        try? FileManager.default.removeItem(atPath: path)
        return path
    }

    static func store(_ name: String) throws -> SweepStore {
        try SweepStore.create(for: try experiment(), at: directory(name))
    }

    /// Stand-in programs: sbatch hands out ids 500, 501, …; squeue answers from `queue`.
    final class FakeSlurm: @unchecked Sendable {
        let lock = NSLock()
        var calls: [[String]] = []
        var queue = ""
        var nextID = 500
        var commands: SlurmCommands {
            SlurmCommands { program, arguments throws(SweepError) in
                self.lock.lock()
                defer { self.lock.unlock() }
                self.calls.append([program] + arguments)
                switch program {
                case "sbatch":
                    self.nextID += 1
                    return .init(status: 0, standardOutput: "\(self.nextID - 1)\n", standardError: "")
                case "squeue":
                    let id = arguments[arguments.firstIndex(of: "-j")! + 1]
                    let lines = self.queue.split(separator: "\n").filter { $0.hasPrefix(id + "|") }
                    return .init(status: 0, standardOutput: lines.joined(separator: "\n"), standardError: "")
                default:
                    return .init(status: 0, standardOutput: "", standardError: "")
                }
            }
        }
    }

    @Test func shardFromArrayVariables() throws {
        let zeroBased = try SweepShard.slurmArrayTask(environment: [
            "SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "3",
            "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "2"
        ])
        #expect(zeroBased == (try SweepShard(index: 1, count: 3)))
        let oneBased = try SweepShard.slurmArrayTask(environment: [
            "SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_COUNT": "4",
            "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "4"
        ])
        #expect(oneBased == (try SweepShard(index: 4, count: 4)))
        let stepped = try SweepShard.slurmArrayTask(environment: [
            "SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_COUNT": "3",
            "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "5", "SLURM_ARRAY_TASK_STEP": "2"
        ])
        #expect(stepped == (try SweepShard(index: 3, count: 3)))
        #expect(throws: SweepError.self) { try SweepShard.slurmArrayTask(environment: [:]) }
        #expect(throws: SweepError.self) {
            try SweepShard.slurmArrayTask(environment: [
                "SLURM_ARRAY_TASK_ID": "9", "SLURM_ARRAY_TASK_COUNT": "3",
                "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "9"
            ])
        }
        do {
            _ = try SweepShard.slurmArrayTask(environment: ["PATH": "/bin"])
            Issue.record("accepted outside an array")
        } catch { #expect(error.description.contains("SLURM_ARRAY_TASK_ID")) }
    }

    @Test func submissionWritesScriptsAndChainsTheMergeJob() throws {
        let directory = Self.directory("submit")
        let fake = FakeSlurm()
        let submission = try SlurmSubmission(
            experiment: try Self.experiment(), directory: directory, experimentPath: "/data/exp.yaml", executable: "/opt/bin/biasflow",
            tasks: 2, partition: "short", timeLimit: "1:00:00", extraOptions: "--mem=2G --account my proj")
        let result = try submission.submit(using: fake.commands)
        #expect(result.record == SlurmSubmission.Record(arrayJob: "500", mergeJob: "501", tasks: 2, firstTask: 0))
        #expect(
            fake.calls == [
                ["sbatch", "--parsable", submission.arrayScriptPath],
                ["sbatch", "--parsable", "--dependency=afterok:500", submission.mergeScriptPath]
            ])
        let array = try String(contentsOfFile: submission.arrayScriptPath, encoding: .utf8).split(separator: "\n").map(String.init)
        for line in [
            "#SBATCH --array=0-1", "#SBATCH --partition=short", "#SBATCH --time=1:00:00", "#SBATCH --mem=2G", "#SBATCH --account my proj"
        ] {
            #expect(array.contains(line), "\(line)")
        }
        #expect(array.last?.hasPrefix("exec '/opt/bin/biasflow' sweep run '/data/exp.yaml' --out '") == true)
        #expect(array.last?.hasSuffix("--shard auto --jobs \"${SLURM_CPUS_PER_TASK:-1}\"") == true)
        let merge = try String(contentsOfFile: submission.mergeScriptPath, encoding: .utf8)
        #expect(merge.contains("sweep table") && merge.contains("--format csv") && merge.contains("/table.csv'"))
        #expect(try SlurmSubmission.records(of: try SweepStore.open(directory)) == [result.record])
    }

    @Test func statusFollowsTheQueueAndResubmissionResumes() throws {
        let store = try Self.store("status")
        let fake = FakeSlurm()
        let submission = try SlurmSubmission(
            experiment: try Self.experiment(), directory: store.directory, experimentPath: "/e.yaml", executable: "/b", tasks: 2)
        _ = try submission.submit(using: fake.commands)
        // Point 0 (shard 1) is stored; task 0 still runs its point 2, task 1 waits.
        let experiment = try ExperimentParser.parse(Self.yaml, source: "t4-slurm.yaml", baseDirectory: "/")
        try store.write(try SweepPointComputation.run(experiment, experiment.grid[0]))
        fake.queue = "500|0|RUNNING|None\n500|1|PENDING|Resources\n501|N/A|PENDING|Dependency\n"
        let status = try SweepStatus(of: store, commands: fake.commands)
        #expect(status.points.map(\.state) == [.done, .queued, .running, .queued])
        #expect(status.points.map(\.task) == [nil, "500_1", "500_0", "500_1"])
        #expect(status.submissions.first?.mergeState == "PENDING (Dependency)")
        #expect(throws: SweepError.self) { try submission.submit(using: fake.commands) }
        // The array is gone (a task cancelled): its points are missing, the merge job can never run.
        fake.queue = "501|N/A|PENDING|DependencyNeverSatisfied\n"
        #expect(try SweepStatus(of: store, commands: fake.commands).count(.missing) == 3)
        let again = try submission.submit(using: fake.commands)
        #expect(again.cancelledMergeJobs == ["501"] && again.record.arrayJob == "502")
        #expect(fake.calls.contains(["scancel", "501"]))
        #expect(try SlurmSubmission.records(of: store).count == 2)
    }

    /// Reopening a store (each array task does) removes temporary files that dead processes of
    /// this host left, and never those of another node, whose process ids mean nothing here.
    @Test func staleTemporariesOfOtherHostsAreKept() throws {
        let store = try Self.store("temporaries")
        let folder = store.directory + "/points/"
        let dead: Int32 = 7_999_999  // above Linux's largest pid_max (2^22): never a live process
        let mine = ".point-00001.json.\(SweepStore.hostTag).\(dead).7.tmp"
        let other = ".point-00002.json.node-17.cluster.example.\(getpid()).7.tmp"
        let otherDead = ".point-00003.json.node-17.cluster.example.\(dead).7.tmp"
        for name in [mine, other, otherDead] { #expect(FileManager.default.createFile(atPath: folder + name, contents: Data("{".utf8))) }
        _ = try SweepStore.open(store.directory)
        let left = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(left == [other, otherDead].sorted())
    }

    @Test func refusals() throws {
        let experiment = try Self.experiment(), directory = Self.directory("refusals")
        #expect(throws: SweepError.self) {
            try SlurmSubmission(experiment: experiment, directory: directory, experimentPath: "/e", executable: "/b", tasks: 5)
        }
        #expect(throws: SweepError.self) {
            try SlurmSubmission(experiment: experiment, directory: directory, experimentPath: "/e", executable: "/b", tasks: 0)
        }
        #expect(throws: SweepError.self) {
            try SlurmSubmission(
                experiment: experiment, directory: directory, experimentPath: "/e", executable: "/b", tasks: 2, extraOptions: "--array=1-3")
        }
        #expect(throws: SweepError.self) {
            try SlurmSubmission(
                experiment: experiment, directory: directory, experimentPath: "/e", executable: "/b", tasks: 2, partition: "a\nb")
        }
        #expect(!FileManager.default.fileExists(atPath: directory), "a refused submission wrote files")
        let fake = FakeSlurm()
        let failing = SlurmCommands { program, arguments throws(SweepError) in
            program == "sbatch"
                ? .init(status: 1, standardOutput: "", standardError: "sbatch: error: invalid partition")
                : try fake.commands.run(program, arguments)
        }
        do {
            _ = try SlurmSubmission(experiment: experiment, directory: directory, experimentPath: "/e", executable: "/b", tasks: 2).submit(
                using: failing)
            Issue.record("a failed sbatch was accepted")
        } catch { #expect(error.description.contains("invalid partition")) }
        #expect(
            SlurmQueue.parse("7|N/A|RUNNING|None\n8|3|PENDING|Priority\n") == [
                .init(jobID: "7", taskID: nil, state: "RUNNING", reason: "None"),
                .init(jobID: "8", taskID: 3, state: "PENDING", reason: "Priority")
            ])
    }
}
