import Foundation
import Synchronization

/// Deterministic data-parallel loops over independent items.
///
/// Contract: `body(i)` must depend on i and on data that no item writes (each item allocates its
/// own scratch, such as its own `KernelWorkspace`); item i's result lands in slot i. So the results
/// are bit-identical for every thread count, including 1 (which runs the items in order on the
/// calling thread); only the wall time changes. Items are handed to at most `threads` workers
/// (Dispatch's pool) one at a time, so unequal items balance.
public enum DataParallel {
    /// The threads a solver uses when none is given: the machine's active processors.
    public static var defaultThreads: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// [body(0), body(1), …, body(count − 1)], computed on up to `threads` threads.
    public static func map<T>(count: Int, threads: Int, _ body: (Int) -> T) -> [T] {
        let workers = min(threads, count)
        if workers <= 1 { return (0..<count).map(body) }
        return withoutActuallyEscaping(body) { body in
            let slots = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
            slots.initialize(repeating: nil)
            defer {
                slots.deinitialize()
                slots.deallocate()
            }
            let next = Atomic<Int>(0)
            let work = UnsafeWork(body: body, slots: slots)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while true {
                    let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard index < count else { return }
                    work.run(index)
                }
            }
            return slots.map { $0! }
        }
    }

    /// The item body and the result slots, shared by the workers: each slot is written by exactly
    /// one of them, and read only after all have finished.
    private struct UnsafeWork<T>: @unchecked Sendable {
        let body: (Int) -> T
        let slots: UnsafeMutableBufferPointer<T?>

        func run(_ index: Int) { slots[index] = body(index) }
    }
}
