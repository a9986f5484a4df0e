import Foundation

/// A result store: a directory with `experiment.json` (the `SweepManifest`) and one file
/// `points/point-NNNNN.json` per finished grid point (`SweepPointResult`).
///
/// Every file is written to a temporary name in the same directory and renamed into place
/// (rename(2) is atomic), so a store never holds a half-written result: a killed sweep loses at
/// most the points it was computing, and a point is either absent or complete. One file per
/// index makes duplicates impossible. Temporary files of dead processes are removed on open.
public struct SweepStore: Sendable {
    public let directory: String
    public let manifest: SweepManifest

    var pointsDirectory: String { directory + "/points" }
    var manifestPath: String { directory + "/experiment.json" }

    static func pointFileName(_ index: Int) -> String {
        let digits = String(index)
        return "point-" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits + ".json"
    }

    /// Opens the store of `experiment` at `directory`, creating it if needed. A directory that
    /// already holds another experiment is refused. The check and the creation of the manifest run
    /// under the directory's lock (`SweepDirectoryLock`), so runs started at once on one directory
    /// either share it (the same experiment: shards, resumed runs, on any hosts) or the later ones
    /// are refused (another experiment).
    public static func create(for experiment: Experiment, at directory: String) throws(SweepError) -> SweepStore {
        try createFromManifest(SweepManifest(experiment), at: directory)
    }

    /// Creates (or reopens) a store for a manifest read from another store, e.g. as a merge target.
    static func createFromManifest(_ manifest: SweepManifest, at directory: String) throws(SweepError) -> SweepStore {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw SweepError("\(directory) is a file, not a result directory; give a new or an existing result directory")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory + "/points", withIntermediateDirectories: true)
        } catch { throw SweepError("\(directory): cannot create the result directory: \(error.localizedDescription)") }
        let lock = try SweepDirectoryLock.acquire(directory, experimentHash: manifest.experimentHash)
        defer { lock.release() }
        if FileManager.default.fileExists(atPath: directory + "/experiment.json") {
            let store = try open(directory)
            guard store.manifest.canonicalText == manifest.canonicalText else {
                throw SweepError(
                    "\(directory) holds results of another experiment (hash \(store.manifest.experimentHash), this one is "
                        + "\(manifest.experimentHash)); give another result directory")
            }
            return store
        }
        let store = SweepStore(directory: directory, manifest: manifest)
        try store.writeAtomically(manifest.json, to: store.manifestPath)
        return store
    }

    /// Opens an existing store.
    public static func open(_ directory: String) throws(SweepError) -> SweepStore {
        let path = directory + "/experiment.json"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SweepError("\(directory) is not a sweep result directory (no experiment.json)")
        }
        let store = SweepStore(directory: directory, manifest: try SweepManifest(json: data, file: path))
        store.removeStaleTemporaries()
        return store
    }

    private init(directory: String, manifest: SweepManifest) {
        self.directory = directory
        self.manifest = manifest
    }

    /// The finished points, by index, each checked against the manifest.
    public func results() throws(SweepError) -> [Int: SweepPointResult] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: pointsDirectory) } catch {
            throw SweepError("\(pointsDirectory): cannot list the results: \(error.localizedDescription)")
        }
        var results: [Int: SweepPointResult] = [:]
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = pointsDirectory + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else { throw SweepError("\(path): cannot be read") }
            let result = try SweepPointResult(json: data, file: path)
            guard result.experimentHash == manifest.experimentHash else {
                throw SweepError("\(path) belongs to experiment \(result.experimentHash), not to this store's \(manifest.experimentHash)")
            }
            guard result.index >= 0, result.index < manifest.grid.count, name == Self.pointFileName(result.index) else {
                throw SweepError("\(path): point index \(result.index) does not fit the file name or the grid")
            }
            let point = manifest.grid[result.index]
            guard point.depth == result.depth, point.alphaText == result.alphaText else {
                throw SweepError(
                    "\(path): \(SweepGridPoint.label(depth: result.depth, alphaText: result.alphaText)) is not grid point \(result.index) (\(point.label))"
                )
            }
            results[result.index] = result
        }
        return results
    }

    /// Stores `result` atomically (temporary file, then rename).
    public func write(_ result: SweepPointResult) throws(SweepError) {
        try writeAtomically(result.json, to: pointsDirectory + "/" + Self.pointFileName(result.index))
    }

    /// The stored bytes of point `index`, or nil.
    func storedBytes(_ index: Int) -> Data? {
        FileManager.default.contents(atPath: pointsDirectory + "/" + Self.pointFileName(index))
    }

    func writeAtomically(_ text: String, to path: String) throws(SweepError) {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).\(Self.hostTag).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        ).path
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)) else {
            throw SweepError("\(temporary): cannot be written")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw SweepError("\(path): cannot be stored (\(reason))")
        }
    }

    /// This host's name as a file-name tag (FNV-1a hex: no dots), so temporaries of other hosts
    /// sharing the directory (a cluster file system) are never taken for dead ones.
    static let hostTag = FNV1a.hex(ProcessInfo.processInfo.hostName)

    /// Removes temporary files (".NAME.HOST.PID.RANDOM.tmp") of this host whose writing process
    /// no longer runs.
    func removeStaleTemporaries() {
        for folder in [directory, pointsDirectory] {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            for name in names where name.hasPrefix(".") && name.hasSuffix(".tmp") {
                let parts = name.split(separator: ".")
                guard parts.count >= 5, String(parts[parts.count - 4]) == Self.hostTag, let pid = Int32(parts[parts.count - 3]) else {
                    continue
                }
                if kill(pid, 0) != 0 && errno == ESRCH { try? FileManager.default.removeItem(atPath: folder + "/" + name) }
            }
        }
    }
}
