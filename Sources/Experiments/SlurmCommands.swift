import Foundation

/// How the Slurm client programs (`sbatch`, `squeue`, `scancel`) are run: the system's, found on
/// PATH, or any stand-in with the same contract (tests use one that records the calls).
public struct SlurmCommands: Sendable {
    /// What one program run returned.
    public struct Output: Sendable, Equatable {
        public var status: Int32
        public var standardOutput: String
        public var standardError: String
        public init(status: Int32, standardOutput: String, standardError: String) {
            self.status = status
            self.standardOutput = standardOutput
            self.standardError = standardError
        }
    }

    /// Runs `program` with `arguments`; throws only when the program cannot be started.
    public var run: @Sendable (_ program: String, _ arguments: [String]) throws(SweepError) -> Output

    public init(run: @escaping @Sendable (_ program: String, _ arguments: [String]) throws(SweepError) -> Output) {
        self.run = run
    }

    /// The programs on PATH, run through `/usr/bin/env`.
    public static let system = SlurmCommands { program, arguments throws(SweepError) in
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        do { try process.run() } catch {
            throw SweepError("\(program): cannot be started (\(error.localizedDescription))")
        }
        // Read both pipes before waiting, so that a full pipe cannot block the program.
        let errorData = LockedData()
        let reader = Thread { errorData.set(error.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errorData.isSet { usleep(1000) }
        if process.terminationStatus == 127 {
            throw SweepError("\(program): not found on PATH (is Slurm's client installed on this machine?)")
        }
        return Output(
            status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData.value, as: UTF8.self))
    }
}

/// Data handed from one thread to another.
final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?
    func set(_ value: Data) {
        lock.lock()
        data = value
        lock.unlock()
    }
    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return data != nil
    }
    var value: Data {
        lock.lock()
        defer { lock.unlock() }
        return data ?? Data()
    }
}
