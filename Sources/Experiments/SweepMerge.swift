import Foundation

/// Merges result stores of the same experiment (shards, or runs on several machines) into one.
///
/// Refused: stores of different experiments (their normalised experiments differ), a grid point
/// present in two stores (an overlap; the message says whether the two results agree or
/// conflict), and an output directory that already holds results. The merged point files are
/// the inputs' bytes, unchanged.
public enum SweepMerge {
    public struct Summary: Sendable, Equatable {
        public var points: Int
        public var gridSize: Int
    }

    public static func merge(_ directories: [String], into output: String) throws(SweepError) -> Summary {
        guard !directories.isEmpty else { throw SweepError("sweep merge: give at least one result directory") }
        let stores = try directories.map { directory throws(SweepError) in try SweepStore.open(directory) }
        let first = stores[0]
        for store in stores.dropFirst() where store.manifest.canonicalText != first.manifest.canonicalText {
            throw SweepError(
                "\(store.directory) holds experiment \(store.manifest.experimentHash), \(first.directory) holds "
                    + "\(first.manifest.experimentHash): only shards of the same experiment can be merged (they differ in: "
                    + difference(first.manifest.canonicalText, store.manifest.canonicalText) + ")")
        }
        var owner: [Int: (SweepStore, SweepPointResult)] = [:]
        for store in stores {
            for (index, result) in try store.results().sorted(by: { $0.key < $1.key }) {
                if let (other, earlier) = owner[index] {
                    let point = first.manifest.grid[index]
                    let verdict = earlier.sameValues(as: result) ? "with the same values" : "with CONFLICTING values"
                    throw SweepError(
                        "grid point \(index) (\(point.label)) is in both \(other.directory) "
                            + "and \(store.directory) \(verdict): shards must not overlap")
                }
                owner[index] = (store, result)
            }
        }
        if FileManager.default.fileExists(atPath: output + "/experiment.json") {
            let existing = try SweepStore.open(output)
            guard try existing.results().isEmpty else {
                throw SweepError("\(output) already holds results: merge into a new or empty directory")
            }
        }
        let merged = try SweepStore.createFromManifest(first.manifest, at: output)
        for index in owner.keys.sorted() {
            let (store, _) = owner[index]!
            guard let bytes = store.storedBytes(index) else {
                throw SweepError("\(store.directory): point \(index) vanished while merging")
            }
            try merged.writeAtomically(
                String(decoding: bytes, as: UTF8.self), to: merged.pointsDirectory + "/" + SweepStore.pointFileName(index))
        }
        return Summary(points: owner.count, gridSize: first.manifest.grid.count)
    }

    /// The canonical lines on which two experiments differ.
    static func difference(_ a: String, _ b: String) -> String {
        let left = a.split(separator: "\n"), right = b.split(separator: "\n")
        let differing = zip(left, right).filter { $0 != $1 }.map { "'\($0)' vs '\($1)'" }
        return differing.isEmpty ? "their line counts" : differing.joined(separator: "; ")
    }
}
