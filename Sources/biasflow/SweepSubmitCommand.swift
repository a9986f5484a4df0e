import Reports
import ArgumentParser
import Asymptotics
import Experiments
import Foundation

/// `biasflow sweep submit EXP.yaml --out DIR --tasks N [--partition P] [--time T] [--sbatch "…"]`:
/// the sweep as a Slurm job array plus a merge job (`SlurmSubmission`).
struct SweepSubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Submit a sweep to Slurm: an array of --tasks shards into --out, then a merge job (afterok) writing its tables."
    )

    @Argument(help: "The experiment file (YAML).")
    var experiment: String

    @Option(help: "Result directory, on a file system every node sees (created if needed; resumed if it holds this experiment).")
    var out: String

    @Option(help: "Array tasks (shards), at most the number of grid points.")
    var tasks: Int

    @Option(help: "Slurm partition of both jobs.")
    var partition: String?

    @Option(help: "Time limit of each job (Slurm's format, e.g. 1:00:00).")
    var time: String?

    @Option(
        parsing: .unconditional,
        help:
            "Further sbatch options for both jobs, e.g. \"--mem=4G --cpus-per-task=2\" (a task computes SLURM_CPUS_PER_TASK points at once)."
    )
    var sbatch: String?

    @Option(help: "Output: text (the job ids) or json.")
    var format: StatusFormat = .text

    func run() throws {
        let parsed: Experiment
        do { parsed = try ExperimentParser.load(path: experiment) } catch { throw CLIError(error.description) }
        let result: SlurmSubmission.Result
        do {
            let submission = try SlurmSubmission(
                experiment: parsed, directory: out, experimentPath: experiment, executable: Self.executablePath,
                tasks: tasks, partition: partition, timeLimit: time, extraOptions: sbatch)
            result = try submission.submit()
        } catch { throw CLIError(error.description) }
        switch format {
        case .json: print(SlurmSubmissionOutput.json(result))
        case .text: print(SlurmSubmissionOutput.text(result))
        }
    }

    /// This executable's absolute path (the jobs run the same binary).
    static var executablePath: String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        return Bundle.main.executablePath ?? CommandLine.arguments[0]
    }
}

/// Output formats of `sweep status` and `sweep submit`.
enum StatusFormat: String, ExpressibleByArgument { case text, json }

/// `biasflow sweep status DIR`: points done, running, queued and missing (`SweepStatus`).
struct SweepStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Points of a result directory done, running or queued in Slurm array tasks, and missing."
    )

    @Argument(help: "A result directory.")
    var directory: String

    @Option(help: "Output: text or json.")
    var format: StatusFormat = .text

    func run() throws {
        let status: SweepStatus
        do { status = try SweepStatus(of: try SweepStore.open(directory)) } catch { throw CLIError(error.description) }
        switch format {
        case .text: print(status.text, terminator: "")
        case .json: print(status.json, terminator: "")
        }
    }
}
