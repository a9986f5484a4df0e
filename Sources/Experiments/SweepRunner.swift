import Dispatch
import Foundation

/// Runs the grid points of an experiment that are not yet in its result store, `jobs` at a time,
/// storing each result as soon as it is finished.
///
/// Each point builds its own problem and solvers (no state is shared between points), so the
/// workers run in parallel on all cores. Resuming: points already stored are skipped; a point is
/// stored atomically, so a run killed at any moment loses only the points in flight and never
/// leaves a partial or duplicated result. With a shard, only that shard's points are run.
public struct SweepRunner: Sendable {
    public struct Summary: Sendable, Equatable {
        /// Points of this run's share of the grid (all, or the shard's).
        public var assigned: Int
        /// Of those, already stored when the run started.
        public var alreadyStored: Int
        /// Computed and stored by this run.
        public var computed: Int
        /// True when `shouldStop` ended the run before every assigned point was stored.
        public var stopped: Bool
    }

    public let experiment: Experiment
    public let store: SweepStore
    public var jobs: Int
    public var shard: SweepShard?
    /// Asked before each point is started; returning true lets the points in flight finish and
    /// then ends the run (used for deterministic interruption in tests, and for signals).
    public var shouldStop: (@Sendable () -> Bool)?
    /// Called after each stored point with (points stored by this run, points to compute, result).
    public var progress: (@Sendable (Int, Int, SweepPointResult) -> Void)?

    public init(
        experiment: Experiment, store: SweepStore, jobs: Int = ProcessInfo.processInfo.activeProcessorCount, shard: SweepShard? = nil
    ) {
        self.experiment = experiment
        self.store = store
        self.jobs = max(1, jobs)
        self.shard = shard
    }

    public func run() throws(SweepError) -> Summary {
        let assigned = experiment.grid.filter { shard?.contains($0) ?? true }
        let stored = try store.results()
        let pending = assigned.filter { stored[$0.index] == nil }
        let queue = WorkQueue(pending)
        let workers = min(jobs, max(1, pending.count))
        let experiment = self.experiment, store = self.store, shouldStop = self.shouldStop, progress = self.progress
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let point = queue.next(shouldStop: shouldStop) {
                do {
                    let result = try SweepPointComputation.run(experiment, point)
                    try store.write(result)
                    let done = queue.finished()
                    progress?(done, pending.count, result)
                } catch {
                    queue.fail(SweepError("\(point.label) (grid point \(point.index)): \(error)"))
                }
            }
        }
        if let failure = queue.failure { throw failure }
        return Summary(
            assigned: assigned.count, alreadyStored: assigned.count - pending.count, computed: queue.finishedCount,
            stopped: queue.finishedCount < pending.count)
    }
}

/// The points still to start, handed to workers one at a time; the first failure stops handing out.
final class WorkQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var remaining: ArraySlice<SweepGridPoint>
    private(set) var finishedCount = 0
    private(set) var failure: SweepError?
    private var stopped = false

    init(_ points: [SweepGridPoint]) { remaining = points[...] }

    func next(shouldStop: (@Sendable () -> Bool)?) -> SweepGridPoint? {
        lock.lock()
        defer { lock.unlock() }
        if failure != nil || stopped { return nil }
        if let shouldStop, shouldStop() {
            stopped = true
            return nil
        }
        return remaining.popFirst()
    }

    func finished() -> Int {
        lock.lock()
        defer { lock.unlock() }
        finishedCount += 1
        return finishedCount
    }

    func fail(_ error: SweepError) {
        lock.lock()
        defer { lock.unlock() }
        if failure == nil { failure = error }
    }
}
