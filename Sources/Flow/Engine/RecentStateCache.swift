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
        if let known = kept(for: state) { return known }
        guard let value = compute(state) else { return nil }
        keep(value, for: state)
        return value
    }

    /// The value kept for `state`, if any.
    func kept(for state: BigVector) -> Value? {
        for index in entries.indices.reversed() where entries[index].state.isIdentical(to: state) { return entries[index].value }
        return nil
    }

    /// Keeps `value` as the newest entry, for `state`.
    mutating func keep(_ value: Value, for state: BigVector) {
        entries.append((state, value))
        if entries.count > capacity { entries.removeFirst() }
    }
}
