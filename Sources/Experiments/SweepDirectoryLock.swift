import Foundation

/// The advisory lock of a sweep result directory: the file `DIR/.lock`, created exclusively
/// (O_CREAT | O_EXCL, atomic on local and NFS v3+ file systems) and holding its owner's
/// "pid host experiment-hash". It is held only while a run checks or creates the directory's
/// `experiment.json`, so that two runs started at the same instant on one new directory cannot
/// both create it: the second one sees the first's manifest and either joins it (the same
/// experiment: shards and resumed runs cooperate, on any number of hosts) or is refused (another
/// experiment). A lock whose owner is dead is stale and taken over: on the same host when its
/// pid no longer runs, on another host when it is older than `staleAge` seconds (a holder needs
/// milliseconds).
public struct SweepDirectoryLock: Sendable {
    public let path: String
    /// Seconds after which a lock of another host counts as stale.
    public static let staleAge: TimeInterval = 120
    /// Seconds a run waits for a live lock before giving up.
    public static let patience: TimeInterval = 60

    /// This process's owner line: "pid host".
    static var owner: String { "\(getpid()) \(ProcessInfo.processInfo.hostName)" }

    /// Takes the lock of `directory` (which must exist), waiting while a live owner holds it.
    /// - Throws: `SweepError` when the lock cannot be created, or a live owner keeps it longer
    ///   than `patience` (the message names the owner and the file to remove if it is dead).
    public static func acquire(_ directory: String, experimentHash: String, patience: TimeInterval = Self.patience) throws(SweepError)
        -> SweepDirectoryLock
    {
        let path = directory + "/.lock"
        let start = Date()
        while true {
            let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o644)
            if descriptor >= 0 {
                let line = owner + " \(experimentHash)\n"
                let written = line.withCString { write(descriptor, $0, strlen($0)) }
                close(descriptor)
                guard written == line.utf8.count else {
                    unlink(path)
                    throw SweepError("\(path): cannot write the directory lock")
                }
                return SweepDirectoryLock(path: path)
            }
            let code = errno
            guard code == EEXIST else {
                throw SweepError("\(path): cannot create the directory lock (\(String(cString: strerror(code))))")
            }
            if isStale(path) {
                unlink(path)
                continue
            }
            if Date().timeIntervalSince(start) > patience {
                let holder =
                    (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "unknown"
                throw SweepError(
                    "\(directory) is locked by another run (pid, host, experiment: \(holder)) for more than "
                        + "\(Int(patience)) s; if that process no longer runs, remove \(path)")
            }
            usleep(20_000)
        }
    }

    /// True when the lock's owner is gone: same host and its pid does not run, another host and
    /// the file is older than `staleAge`, or the file is unreadable garbage older than `staleAge`.
    static func isStale(_ path: String) -> Bool {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return false }  // gone: retry
        let age = -((attributes[.modificationDate] as? Date) ?? Date()).timeIntervalSinceNow
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return age > staleAge }
        let parts = text.split(whereSeparator: \.isWhitespace)
        guard parts.count >= 2, let pid = Int32(parts[0]) else { return age > staleAge }
        if String(parts[1]) == ProcessInfo.processInfo.hostName {
            return kill(pid, 0) != 0 && errno == ESRCH
        }
        return age > staleAge
    }

    /// Releases the lock (removes the file if this process still owns it).
    public func release() {
        if let text = try? String(contentsOfFile: path, encoding: .utf8), text.hasPrefix(Self.owner + " ") {
            unlink(path)
        }
    }
}
