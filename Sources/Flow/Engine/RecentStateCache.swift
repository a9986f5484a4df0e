import Multiprecision

/// Values computed from a state, kept for the `capacity` most recent states (the newest last) and
/// found again only for a bit-identical state (`BigVector.isIdentical`): a Newton round with stage
/// Jacobians evaluates each stage state twice (its Jacobian, then its derivative), and what the
/// systems compute depends on the state alone.
struct RecentStateCache<Value> {
    let capacity: Int
    private var entries: [(state: BigVector, value: Value)] = []

    init(capacity: Int = 64) { self.capacity = capacity }

    /// The value kept for `state`, or `compute(state)` (kept unless nil).
    mutating func value(for state: BigVector, compute: (BigVector) -> Value?) -> Value? {
        for index in entries.indices.reversed() where entries[index].state.isIdentical(to: state) { return entries[index].value }
        guard let value = compute(state) else { return nil }
        entries.append((state, value))
        if entries.count > capacity { entries.removeFirst() }
        return value
    }
}
