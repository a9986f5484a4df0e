#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Darwin)
    @preconcurrency import Darwin
#endif

/// Standard output with every write checked. `print` goes through the C library's buffered
/// `stdout`; `flush()` pushes it out and reports whether any write since the start failed.
enum StandardOutput {
    /// Writes `text` to standard output; false (with a message on stderr) if the write failed.
    static func write(_ text: String) -> Bool {
        Swift.print(text, terminator: "")
        return flush()
    }

    /// Writes `text` (and a newline unless it ends in one, or `terminator` says otherwise) and
    /// flushes; a failed write throws.
    static func print(_ text: String, terminator: String? = nil) throws {
        let end = terminator ?? (text.hasSuffix("\n") || text.isEmpty ? "" : "\n")
        guard write(text + end) else { throw OutputFailure() }
    }

    /// Flushes standard output; false (with a message on stderr) if a write failed.
    static func flush() -> Bool {
        let flushed = fflush(stdout) == 0
        let failed = ferror(stdout) != 0
        if !flushed || failed {
            let reason = String(cString: strerror(errno))
            CommandLineRunner.writeError("Error: writing the output to standard output failed (\(reason)); the output is incomplete")
            clearerr(stdout)
            return false
        }
        return true
    }
}

/// A failed write to standard output (already reported on stderr by `StandardOutput`).
struct OutputFailure: Error, CustomStringConvertible {
    var description: String { "the output could not be written" }
}
