import Datasets
/// Where each grid point of a result store stands: stored (`done`), in a Slurm array task that is
/// running (`running`) or waiting (`queued`), or neither (`missing`: never run, or its task was
/// cancelled or failed). Queue states come from the store's recorded submissions
/// (`SlurmSubmission.records`) and `squeue`; a store never submitted has only done and missing
/// points.
public struct SweepStatus: Sendable {
    public enum State: String, Sendable, CaseIterable { case done, running, queued, missing }

    public struct Point: Sendable, Equatable {
        public var index: Int
        public var depth: Int
        public var alphaText: String
        public var state: State
        /// "arrayjob_task" of the array task that holds the point, when running or queued.
        public var task: String?
    }

    /// One recorded submission and its jobs' queue states now.
    public struct Submission: Sendable, Equatable {
        public var record: SlurmSubmission.Record
        /// Array tasks still in the queue, by state name.
        public var taskStates: [String: Int]
        /// The merge job's state ("PENDING (Dependency)", …), nil once it has left the queue.
        public var mergeState: String?
    }

    public let directory: String
    public let manifest: SweepManifest
    public let points: [Point]
    public let submissions: [Submission]
    /// Why queue states are unknown (squeue missing or failing), nil when they are known.
    public let queueProblem: String?

    public func count(_ state: State) -> Int { points.filter { $0.state == state }.count }

    /// The status of `store`, asking `commands`' squeue about its recorded submissions.
    public init(of store: SweepStore, commands: SlurmCommands = .system) throws(SweepError) {
        let results = try store.results()
        let records = try SlurmSubmission.records(of: store)
        var jobs: [SlurmQueue.Job] = []
        var problem: String? = nil
        if !records.isEmpty {
            do { jobs = try SlurmQueue.jobs(records.flatMap { [$0.arrayJob, $0.mergeJob] }, using: commands) } catch {
                problem = error.description
            }
        }
        // The latest submission's tasks first: a point's shard is taken from the newest active array.
        var holder: [Int: (State, String)] = [:]
        for record in records.reversed() {
            for job in jobs where job.jobID == record.arrayJob && job.isArrayTask && (job.isRunning || job.isPending) {
                guard let task = job.taskID, task >= record.firstTask, task < record.firstTask + record.tasks,
                    let shard = try? SweepShard(index: task - record.firstTask + 1, count: record.tasks)
                else { continue }
                for point in store.manifest.grid where point.index % shard.count == shard.index - 1 && holder[point.index] == nil {
                    holder[point.index] = (job.isRunning ? .running : .queued, "\(record.arrayJob)_\(task)")
                }
            }
        }
        points = store.manifest.grid.map { point in
            if results[point.index] != nil {
                return Point(index: point.index, depth: point.depth, alphaText: point.alphaText, state: .done, task: nil)
            }
            let held = holder[point.index]
            return Point(index: point.index, depth: point.depth, alphaText: point.alphaText, state: held?.0 ?? .missing, task: held?.1)
        }
        submissions = records.map { record in
            var states: [String: Int] = [:]
            for job in jobs where job.jobID == record.arrayJob && job.isArrayTask { states[job.state, default: 0] += 1 }
            let merge = jobs.first { $0.jobID == record.mergeJob && !$0.isArrayTask }
            return Submission(
                record: record, taskStates: states,
                mergeState: merge.map { $0.reason.isEmpty || $0.reason == "None" ? $0.state : "\($0.state) (\($0.reason))" })
        }
        directory = store.directory
        manifest = store.manifest
        queueProblem = problem
    }

    /// The JSON of `biasflow sweep status --format json`.
    public var json: String {
        func s(_ text: String) -> String { JSONText.string(text) }
        let pointLines = points.map { p in
            "    {\"index\": \(p.index), " + SweepGridPoint.jsonPairs(depth: p.depth, alphaText: p.alphaText)
                + ", \"state\": \(s(p.state.rawValue)), \"task\": \(p.task.map(s) ?? "null")}"
        }
        let submissionLines = submissions.map { sub in
            let states = sub.taskStates.keys.sorted().map { "\(s($0)): \(sub.taskStates[$0]!)" }.joined(separator: ", ")
            return
                "    {\"array_job\": \(s(sub.record.arrayJob)), \"merge_job\": \(s(sub.record.mergeJob)), \"tasks\": \(sub.record.tasks), "
                + "\"queued_tasks\": {\(states)}, \"merge_state\": \(sub.mergeState.map(s) ?? "null")}"
        }
        return
            "{\n  \"directory\": \(s(directory)), \"experiment_hash\": \(s(manifest.experimentHash)), \"name\": \(manifest.name.map(s) ?? "null"),\n"
            + "  \"grid\": \(points.count), " + State.allCases.map { "\"\($0.rawValue)\": \(count($0))" }.joined(separator: ", ") + ",\n"
            + "  \"queue_problem\": \(queueProblem.map(s) ?? "null"),\n"
            + "  \"points\": [\n" + pointLines.joined(separator: ",\n") + "\n  ],\n"
            + "  \"submissions\": [\n" + submissionLines.joined(separator: ",\n") + "\n  ]\n}\n"
    }

    /// The readable summary of `biasflow sweep status`.
    public var text: String {
        var lines = [
            "sweep \(manifest.experimentHash)\(manifest.name.map { " (\($0))" } ?? "") in \(directory): \(points.count) grid points: "
                + State.allCases.map { "\(count($0)) \($0.rawValue)" }.joined(separator: ", ")
        ]
        for state in [State.running, .queued, .missing] {
            let held = points.filter { $0.state == state }
            if held.isEmpty { continue }
            lines.append(
                "  \(state.rawValue): "
                    + held.map {
                        "\(SweepGridPoint.label(depth: $0.depth, alphaText: $0.alphaText)) (point \($0.index)\($0.task.map { ", task \($0)" } ?? ""))"
                    }.joined(
                        separator: "; "))
        }
        for sub in submissions {
            let states =
                sub.taskStates.isEmpty
                ? "no task in the queue"
                : sub.taskStates.keys.sorted().map { "\(sub.taskStates[$0]!) \($0.lowercased())" }.joined(separator: ", ")
            lines.append(
                "  slurm array job \(sub.record.arrayJob) (\(sub.record.tasks) tasks): \(states); merge job \(sub.record.mergeJob): \(sub.mergeState ?? "not in the queue")"
            )
        }
        if let queueProblem { lines.append("  queue states unknown: \(queueProblem)") }
        return lines.joined(separator: "\n") + "\n"
    }
}
