import Datasets
import Foundation

/// A sweep as a Slurm job array: `tasks` array tasks, task t running shard t + 1 of `tasks`
/// (`biasflow sweep run … --shard auto`, see `SweepShard.slurmArrayTask`) into the one result
/// store, then a merge job that starts only when every task succeeded (`afterok`) and writes the
/// tables of the complete store.
///
/// All tasks write into the same store: shards are disjoint and each point file is stored
/// atomically, so tasks never collide, and the store must live on a file system that every node
/// sees (the executable and the experiment file too, at the same paths). Files, in
/// `<store>/slurm/`: `sweep-array.sh` and `sweep-merge.sh` (plain sbatch scripts, resubmittable
/// by hand), `logs/` (one log per task), `submissions.jsonl` (one line per submission: the job ids),
/// and after the merge job, `<store>/table.{csv,md,tex,json}`.
///
/// Resubmitting resumes: the tasks skip stored points. A submission is refused while an earlier
/// array of the same store still has tasks queued or running; merge jobs of earlier submissions
/// that can no longer start (their array did not succeed) are cancelled.
public struct SlurmSubmission: Sendable {
    /// One submission, as recorded in `submissions.jsonl`.
    public struct Record: Sendable, Equatable {
        public var arrayJob: String
        public var mergeJob: String
        public var tasks: Int
        /// The first array task id (task ids are firstTask ..< firstTask + tasks).
        public var firstTask: Int

        public init(arrayJob: String, mergeJob: String, tasks: Int, firstTask: Int) {
            self.arrayJob = arrayJob
            self.mergeJob = mergeJob
            self.tasks = tasks
            self.firstTask = firstTask
        }

        var json: String {
            "{\"array_job\": \(JSONText.string(arrayJob)), \"merge_job\": \(JSONText.string(mergeJob)), \"tasks\": \(tasks), \"first_task\": \(firstTask)}"
        }
    }

    /// What `submit` did.
    public struct Result: Sendable, Equatable {
        public var record: Record
        public var arrayScriptPath: String
        public var mergeScriptPath: String
        /// Merge jobs of earlier submissions cancelled because they could never start.
        public var cancelledMergeJobs: [String]
    }

    public let experiment: Experiment
    /// The result directory, absolute (created by `submit` if needed).
    public let directory: String
    /// The experiment file, absolute.
    public let experimentPath: String
    /// The biasflow executable the jobs run, absolute.
    public let executable: String
    public let tasks: Int
    public let partition: String?
    public let timeLimit: String?
    /// Further sbatch options, one directive each ("--mem=4G", "--account proj").
    public let extraOptions: [String]

    /// Nothing is written before `submit`: a refused submission leaves no trace.
    ///
    /// - Parameters:
    ///   - directory: the result directory; one holding another experiment is refused by `submit`.
    ///   - extraOptions: sbatch options as typed on its command line ("--mem=4G --cpus-per-task 4");
    ///     each option starting with "-" becomes one `#SBATCH` line with the words after it.
    /// - Throws: fewer than one task or more tasks than grid points, options with line breaks,
    ///   and options the submission sets itself (--array, --dependency, --output).
    public init(
        experiment: Experiment, directory: String, experimentPath: String, executable: String, tasks: Int,
        partition: String? = nil, timeLimit: String? = nil, extraOptions: String? = nil
    ) throws(SweepError) {
        guard tasks >= 1 else { throw SweepError("a job array needs at least one task, not \(tasks)") }
        let points = experiment.grid.count
        guard tasks <= points else {
            throw SweepError(
                "\(tasks) array tasks for \(points) grid points: at most one task per point (the others would have nothing to do)")
        }
        for (name, value) in [("partition", partition), ("time limit", timeLimit), ("sbatch options", extraOptions)] {
            if let value, value.contains(where: { $0.isNewline }) { throw SweepError("the \(name) '\(value)' contains a line break") }
        }
        var directives: [String] = []
        for word in (extraOptions ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init) {
            if word.hasPrefix("-") || directives.isEmpty { directives.append(word) } else { directives[directives.count - 1] += " " + word }
        }
        for directive in directives {
            let option = directive.split(separator: "=").first.map(String.init)?.split(separator: " ").first.map(String.init) ?? directive
            if ["--array", "-a", "--dependency", "-d", "--output", "-o", "--error", "-e"].contains(option) {
                throw SweepError("the sbatch option \(option) is set by the submission itself (array, dependency, logs)")
            }
            guard directive.hasPrefix("-") else {
                throw SweepError("the sbatch options '\(extraOptions ?? "")' do not start with an option (-x or --name)")
            }
        }
        self.experiment = experiment
        self.directory = URL(fileURLWithPath: directory).standardizedFileURL.path
        self.experimentPath = URL(fileURLWithPath: experimentPath).standardizedFileURL.path
        self.executable = URL(fileURLWithPath: executable).standardizedFileURL.path
        self.tasks = tasks
        self.partition = partition
        self.timeLimit = timeLimit
        self.extraOptions = directives
    }

    public var slurmDirectory: String { directory + "/slurm" }
    public var arrayScriptPath: String { slurmDirectory + "/sweep-array.sh" }
    public var mergeScriptPath: String { slurmDirectory + "/sweep-merge.sh" }
    static func slurmDirectory(of store: SweepStore) -> String { URL(fileURLWithPath: store.directory).standardizedFileURL.path + "/slurm" }
    var storePath: String { directory }

    /// A word for a POSIX shell, single-quoted.
    static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    var jobName: String {
        let base = experiment.name ?? experiment.hash
        return "biasflow-" + String(base.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
    }

    private func commonDirectives() -> [String] {
        (partition.map { ["#SBATCH --partition=\($0)"] } ?? []) + (timeLimit.map { ["#SBATCH --time=\($0)"] } ?? [])
            + extraOptions.map { "#SBATCH \($0)" }
    }

    /// The array job: task t computes shard t + 1 of `tasks` into the store, one grid point at a
    /// time per allocated CPU (`SLURM_CPUS_PER_TASK`, default 1).
    public var arrayScript: String {
        let lines =
            [
                "#!/bin/bash",
                "# Written by `biasflow sweep submit`: \(tasks) array tasks over sweep \(experiment.hash); task t runs shard t+1/\(tasks).",
                "#SBATCH --job-name=\(jobName)",
                "#SBATCH --array=0-\(tasks - 1)",
                "#SBATCH --output=\(slurmDirectory)/logs/task-%A_%a.log"
            ] + commonDirectives() + [
                "set -euo pipefail",
                "exec \(Self.quoted(executable)) sweep run \(Self.quoted(experimentPath)) --out \(Self.quoted(storePath)) --shard auto --jobs \"${SLURM_CPUS_PER_TASK:-1}\""
            ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The merge job (submitted with --dependency=afterok:<array job>): refuses an incomplete store
    /// (missing points named) and writes its tables, each renamed into place when complete.
    public var mergeScript: String {
        var lines =
            [
                "#!/bin/bash",
                "# Written by `biasflow sweep submit`: runs after every array task succeeded (afterok) and writes the tables of sweep \(experiment.hash).",
                "#SBATCH --job-name=\(jobName)-merge",
                "#SBATCH --output=\(slurmDirectory)/logs/merge-%j.log"
            ] + commonDirectives() + [
                "set -euo pipefail",
                "\(Self.quoted(executable)) sweep status \(Self.quoted(storePath))"
            ]
        for (format, suffix) in [("csv", "csv"), ("markdown", "md"), ("latex", "tex"), ("json", "json")] {
            let target = Self.quoted(storePath + "/table." + suffix)
            let temporary = Self.quoted(storePath + "/.table." + suffix + ".$SLURM_JOB_ID.tmp")
            lines.append(
                "\(Self.quoted(executable)) sweep table \(Self.quoted(storePath)) --format \(format) > \(temporary) && mv \(temporary) \(target)"
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Creates (or reopens) the result store, refuses while an earlier array of it is still active,
    /// cancels earlier merge jobs that can never start, writes both scripts, submits the array and
    /// the merge job, and records the submission.
    public func submit(using commands: SlurmCommands = .system) throws(SweepError) -> Result {
        let store = try SweepStore.create(for: experiment, at: directory)
        let earlier = try Self.records(of: store)
        var cancelled: [String] = []
        if !earlier.isEmpty {
            let jobs = try SlurmQueue.jobs(earlier.flatMap { [$0.arrayJob, $0.mergeJob] }, using: commands)
            for record in earlier {
                let active = jobs.filter { $0.jobID == record.arrayJob && $0.isArrayTask && ($0.isRunning || $0.isPending) }
                if !active.isEmpty {
                    throw SweepError(
                        "\(store.directory): array job \(record.arrayJob) of an earlier submission still has \(active.count) task(s) queued or running; "
                            + "wait for it (its points are kept), or cancel it with `scancel \(record.arrayJob)`, then submit again")
                }
            }
            for record in earlier where jobs.contains(where: { $0.jobID == record.mergeJob && !$0.isArrayTask && $0.isPending }) {
                let output = try commands.run("scancel", [record.mergeJob])
                guard output.status == 0 else {
                    throw SweepError(
                        "scancel \(record.mergeJob) failed: \(output.standardError.trimmingCharacters(in: .whitespacesAndNewlines))")
                }
                cancelled.append(record.mergeJob)
            }
        }
        do {
            try FileManager.default.createDirectory(atPath: slurmDirectory + "/logs", withIntermediateDirectories: true)
        } catch { throw SweepError("\(slurmDirectory): cannot be created: \(error.localizedDescription)") }
        try store.writeAtomically(arrayScript, to: arrayScriptPath)
        try store.writeAtomically(mergeScript, to: mergeScriptPath)
        let arrayJob = try Self.sbatch([arrayScriptPath], using: commands)
        let mergeJob: String
        do { mergeJob = try Self.sbatch(["--dependency=afterok:\(arrayJob)", mergeScriptPath], using: commands) } catch {
            _ = try? commands.run("scancel", [arrayJob])
            throw SweepError("\(error.description) (array job \(arrayJob) was cancelled again)")
        }
        let record = Record(arrayJob: arrayJob, mergeJob: mergeJob, tasks: tasks, firstTask: 0)
        try append(record, store: store)
        return Result(record: record, arrayScriptPath: arrayScriptPath, mergeScriptPath: mergeScriptPath, cancelledMergeJobs: cancelled)
    }

    /// Runs sbatch --parsable; returns the job id.
    static func sbatch(_ arguments: [String], using commands: SlurmCommands) throws(SweepError) -> String {
        let output = try commands.run("sbatch", ["--parsable"] + arguments)
        let text = output.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        let id = String(text.split(separator: ";").first ?? "")
        guard output.status == 0, !id.isEmpty, id.allSatisfy(\.isNumber) else {
            let reason = output.standardError.trimmingCharacters(in: .whitespacesAndNewlines)
            throw SweepError("sbatch \(arguments.last ?? "") failed (status \(output.status)): \(reason.isEmpty ? text : reason)")
        }
        return id
    }

    private func append(_ record: Record, store: SweepStore) throws(SweepError) {
        let path = slurmDirectory + "/submissions.jsonl"
        let previous = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
        try store.writeAtomically(previous + record.json + "\n", to: path)
    }

    /// The submissions recorded for `store`, oldest first (none if it was never submitted).
    public static func records(of store: SweepStore) throws(SweepError) -> [Record] {
        let path = slurmDirectory(of: store) + "/submissions.jsonl"
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        var records: [Record] = []
        for (number, line) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated() {
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any],
                let array = object["array_job"] as? String, let merge = object["merge_job"] as? String,
                let tasks = object["tasks"] as? Int, let first = object["first_task"] as? Int
            else {
                throw SweepError("\(path):\(number + 1): not a submission record")
            }
            records.append(Record(arrayJob: array, mergeJob: merge, tasks: tasks, firstTask: first))
        }
        return records
    }
}
