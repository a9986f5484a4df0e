/// One of n disjoint parts of a grid, for independent jobs (cluster job arrays): shard i of n
/// (1 ≤ i ≤ n) holds the points whose index ≡ i − 1 (mod n). The split depends only on the
/// grid, so shards run anywhere and merge back into the whole grid.
public struct SweepShard: Sendable, Equatable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    public init(index: Int, count: Int) throws(SweepError) {
        guard count >= 1, index >= 1, index <= count else {
            throw SweepError("shard \(index)/\(count): a shard is i/n with 1 ≤ i ≤ n")
        }
        self.index = index
        self.count = count
    }

    /// Parses "i/n".
    public init(parsing text: String) throws(SweepError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else {
            throw SweepError("shard '\(text)': a shard is i/n, e.g. 1/4")
        }
        try self.init(index: i, count: n)
    }

    public func contains(_ point: SweepGridPoint) -> Bool { point.index % count == index - 1 }

    public var description: String { "\(index)/\(count)" }
}
