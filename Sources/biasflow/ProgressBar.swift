import Foundation

/// A one-line progress bar on stderr, shown only when stderr is a terminal and the run has
/// already taken more than a second, or always when the environment has BIASFLOW_PROGRESS=1 (how
/// the Python package reads progress through a pipe). Each report rewrites the line:
/// "\r<label> [<30 of # and ->] <status>ESC[K". Thread-safe; cleared by `finish()`.
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private let start = Date()
    private let enabled: Bool
    private let requested: Bool
    private var shown = false
    private let label: String

    init(label: String) {
        self.label = label
        requested = ProcessInfo.processInfo.environment["BIASFLOW_PROGRESS"] == "1"
        enabled = requested || isatty(STDERR_FILENO) != 0
    }

    /// Reports `fraction` ∈ [0, 1] done with a short status text.
    func update(fraction: Double, status: String) {
        guard enabled, requested || Date().timeIntervalSince(start) > 1 else { return }
        lock.lock()
        defer { lock.unlock() }
        let width = 30
        let filled = max(0, min(width, Int((fraction * Double(width)).rounded())))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        FileHandle.standardError.write("\r\(label) [\(bar)] \(status)\u{1B}[K".data(using: .utf8)!)
        shown = true
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if shown { FileHandle.standardError.write("\r\u{1B}[K".data(using: .utf8)!) }
        shown = false
    }
}
