import Foundation

extension SweepShard {
    /// The shard of the Slurm array task described by `environment` (the process environment of
    /// the task): task ids must be evenly spaced, `SLURM_ARRAY_TASK_MIN` … `SLURM_ARRAY_TASK_MAX`
    /// in steps of `SLURM_ARRAY_TASK_STEP` (1 when unset; Slurm sets MIN, MAX and COUNT for every
    /// array task), and task id t is shard (t − MIN)/STEP + 1 of `SLURM_ARRAY_TASK_COUNT`. So
    /// `--array=0-3` and `--array=1-4` both give shards 1/4 … 4/4.
    ///
    /// - Throws: outside an array job (no `SLURM_ARRAY_TASK_ID`), and for arrays whose ids are not
    ///   an arithmetic progression (such as `--array=1,2,9`), which would leave points unassigned.
    public static func slurmArrayTask(environment: [String: String]) throws(SweepError) -> SweepShard {
        guard let idText = environment["SLURM_ARRAY_TASK_ID"] else {
            throw SweepError(
                "shard auto: not inside a Slurm array job (SLURM_ARRAY_TASK_ID is not set); "
                    + "give the shard as i/n, or submit the sweep as an array")
        }
        func integer(_ name: String) throws(SweepError) -> Int? {
            guard let text = environment[name] else { return nil }
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
                throw SweepError("shard auto: \(name)='\(text)' is not an integer")
            }
            return value
        }
        guard let id = try integer("SLURM_ARRAY_TASK_ID") else { throw SweepError("shard auto: SLURM_ARRAY_TASK_ID is missing") }
        guard let count = try integer("SLURM_ARRAY_TASK_COUNT"), count >= 1 else {
            throw SweepError("shard auto: SLURM_ARRAY_TASK_COUNT is not set (task \(idText)): Slurm sets it in every array task")
        }
        let minimum = try integer("SLURM_ARRAY_TASK_MIN") ?? 0
        let step = try integer("SLURM_ARRAY_TASK_STEP") ?? 1
        guard step >= 1 else { throw SweepError("shard auto: SLURM_ARRAY_TASK_STEP = \(step) is not positive") }
        if let maximum = try integer("SLURM_ARRAY_TASK_MAX"), maximum != minimum + (count - 1) * step {
            throw SweepError(
                "shard auto: the array's \(count) task ids \(minimum)…\(maximum) are not evenly spaced by \(step) "
                    + "(use a range such as --array=0-\(count - 1))")
        }
        let offset = id - minimum
        guard offset >= 0, offset % step == 0, offset / step < count else {
            throw SweepError(
                "shard auto: task id \(id) is not one of the \(count) ids \(minimum), \(minimum + step), … of the array "
                    + "(use a range such as --array=0-\(count - 1))")
        }
        return try SweepShard(index: offset / step + 1, count: count)
    }
}
