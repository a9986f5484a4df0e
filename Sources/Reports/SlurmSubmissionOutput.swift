import Datasets
import Experiments

/// What `biasflow sweep submit` prints about a submission: the JSON object
/// `{"array_job", "merge_job", "tasks", "array_script", "merge_script", "cancelled_merge_jobs"}`, or
/// one line per cancelled earlier merge job and per submitted job.
public enum SlurmSubmissionOutput {
    public static func json(_ result: SlurmSubmission.Result) -> String {
        let r = result.record
        return JSONText.object([
            ("array_job", JSONText.string(r.arrayJob)), ("merge_job", JSONText.string(r.mergeJob)), ("tasks", JSONText.integer(r.tasks)),
            ("array_script", JSONText.string(result.arrayScriptPath)), ("merge_script", JSONText.string(result.mergeScriptPath)),
            ("cancelled_merge_jobs", JSONText.strings(result.cancelledMergeJobs))
        ])
    }

    public static func text(_ result: SlurmSubmission.Result) -> String {
        let r = result.record
        let cancelled = result.cancelledMergeJobs.map { "cancelled merge job \($0) of an earlier submission (its array did not succeed)" }
        return
            (cancelled + [
                "submitted array job \(r.arrayJob) (\(r.tasks) tasks, \(result.arrayScriptPath))",
                "submitted merge job \(r.mergeJob) (after array job \(r.arrayJob) succeeds, \(result.mergeScriptPath))"
            ]).joined(separator: "\n")
    }
}
