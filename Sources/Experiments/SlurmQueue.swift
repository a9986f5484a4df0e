/// What Slurm's queue (`squeue`) says about some jobs: one entry per job and per array task
/// (`squeue -r`, so pending tasks of an array are listed one by one). Jobs that have finished
/// are absent.
public enum SlurmQueue {
    public struct Job: Sendable, Equatable {
        /// The job id; for an array task the array's base job id (squeue %F).
        public var jobID: String
        /// The array task id, nil for a job that is not an array task.
        public var taskID: Int?
        /// Slurm's state name: PENDING, RUNNING, COMPLETING, …
        public var state: String
        /// Why a pending job waits (e.g. Dependency, DependencyNeverSatisfied, Resources).
        public var reason: String

        public var isArrayTask: Bool { taskID != nil }
        public var isRunning: Bool { ["RUNNING", "COMPLETING", "CONFIGURING", "STAGE_OUT", "RESIZING", "SIGNALING"].contains(state) }
        public var isPending: Bool { ["PENDING", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "SUSPENDED", "RESV_DEL_HOLD"].contains(state) }
    }

    /// The queue entries of `jobIDs` (array job ids expand to their tasks).
    /// - Throws: when squeue cannot run or fails for another reason than unknown (finished) jobs.
    public static func jobs(_ jobIDs: [String], using commands: SlurmCommands) throws(SweepError) -> [Job] {
        guard !jobIDs.isEmpty else { return [] }
        var found: [Job] = []
        // One query per id: squeue refuses the whole list when one id has left its memory.
        for id in jobIDs {
            let output = try commands.run("squeue", ["-h", "-r", "-j", id, "-o", "%F|%K|%T|%r"])
            if output.status != 0 {
                if output.standardError.contains("Invalid job id") { continue }
                throw SweepError("squeue -j \(id) failed (status \(output.status)): \(output.standardError)")
            }
            found += parse(output.standardOutput)
        }
        return found
    }

    /// Lines "jobid|taskid|STATE|reason" (taskid "N/A" for a job that is not an array task).
    public static func parse(_ text: String) -> [Job] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace }
            guard fields.count >= 3, !fields[0].isEmpty else { return nil }
            return Job(jobID: fields[0], taskID: Int(fields[1]), state: fields[2], reason: fields.count > 3 ? fields[3] : "")
        }
    }
}

extension String {
    fileprivate var trimmingWhitespace: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
