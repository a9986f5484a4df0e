import Foundation
import Testing

@testable import Asymptotics
@testable import Experiments

/// Sweeps of a model file over its scale s (quantity `distances`): the experiment reads with the
/// model checked up front, a broken model file is refused with its file:line:column before any
/// point runs, the points store the distances of `ModelRegimeAnalysis`, and two shards merge into
/// the single run.
@Suite struct SweepModelFileTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func yaml(model: String = "Data/models/zhao2026.yaml", extra: String = "") -> String {
        "name: zhao-small\ndata: Data/T11.csv\nmodel_file: \(model)\nquantity: distances\nscales: [1e-3, 1e-2]\ntime: [20, 60]\ndigits: 12\n"
            + extra
    }

    static func parse(_ text: String) throws(ExperimentError) -> Experiment {
        try ExperimentParser.parse(text, source: "exp.yaml", baseDirectory: repository.path)
    }

    @Test func readsTheModelAndItsScaleGrid() throws {
        let experiment = try Self.parse(Self.yaml())
        #expect(experiment.quantity == .distances && experiment.model?.timeTexts == ["20", "60"])
        #expect(experiment.grid.map(\.label) == ["s = 0.001", "s = 0.01"])
        #expect(experiment.canonicalText.contains("model: \(experiment.model!.fingerprint)\n"))
        // The same model and grid from another folder is the same experiment.
        let elsewhere = Self.yaml(model: Self.repository.path + "/Data/models/zhao2026.yaml")
        #expect(try Self.parse(elsewhere).hash == experiment.hash)
        // Another δ is another experiment.
        #expect(try Self.parse(Self.yaml(extra: "rich_distance: 0.2\n")).hash != experiment.hash)
    }

    @Test func refusals() throws {
        let folder = NSTemporaryDirectory() + "biasflow-model-sweep-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let bad = folder + "/bad.yaml"
        try "parameters: [a, b]\ncoordinates:\n  - where: all\n    k: a*b + tanh(q)\ninit:\n  - where: all\n    a: 1\n    b: 1\n".write(
            toFile: bad, atomically: true, encoding: .utf8)
        func failure(_ text: String) -> ExperimentError? {
            do {
                _ = try Self.parse(text)
                return nil
            } catch { return error }
        }
        let broken = try #require(failure(Self.yaml(model: bad)))
        // An absolute model_file is named as given (a relative one from the experiment file's folder).
        #expect(broken.file == bad && broken.line == 4 && broken.column == 19, "\(broken)")
        #expect(broken.description.hasPrefix("\(bad):4:19: k: unknown name 'q'"), "\(broken)")
        let cases: [(String, String)] = [
            (Self.yaml(extra: "depths: [2]\n"), "'depths' does not apply to quantity distances"),
            (Self.yaml(extra: "tau: [10]\n"), "'tau' belongs to quantity checkpoints"),
            (Self.yaml().replacingOccurrences(of: "[1e-3, 1e-2]", with: "[0]"), "scale '0' must be positive"),
            (Self.yaml().replacingOccurrences(of: "time: [20, 60]\n", with: ""), "needs the key 'time'"),
            (Self.yaml(model: "nowhere.yaml"), "model_file nowhere.yaml"),
            ("data: Data/T11.csv\nquantity: distances\nscales: [1]\ntime: [1]\ndigits: 5\n", "needs the key 'model_file'"),
            (
                "data: Data/T11.csv\nquantity: checkpoints\ndepths: [2]\nalphas: [1]\ntime: [1]\ndigits: 5\n",
                "'time' belongs to quantity distances"
            )
        ]
        for (text, problem) in cases {
            let error = try #require(failure(text), "expected a refusal: \(problem)")
            #expect(error.description.contains(problem), "\(error)")
        }
    }

    @Test func pointsStoreTheDistancesAndShardsMerge() throws {
        let experiment = try Self.parse(Self.yaml())
        let root = NSTemporaryDirectory() + "biasflow-model-sweep-run-\(getpid())"
        try? FileManager.default.removeItem(atPath: root)
        for i in 1...2 {
            let store = try SweepStore.create(for: experiment, at: root + "/shard\(i)")
            let summary = try SweepRunner(experiment: experiment, store: store, jobs: 1, shard: try SweepShard(index: i, count: 2)).run()
            #expect(summary.computed == 1)
        }
        _ = try SweepMerge.merge([root + "/shard1", root + "/shard2"], into: root + "/merged")
        let store = try SweepStore.open(root + "/merged")
        #expect(store.manifest.grid.map(\.label) == ["s = 0.001", "s = 0.01"] && store.manifest.times == ["20", "60"])
        let results = try store.results()
        let first = try #require(results[0])
        #expect(
            first.fields == [
                "time", "loss", "regime", "distance_l2_interpolation", "distance_l1_interpolation", "distance_weighted_l1", "w_1", "w_2",
                "w_3", "w_4", "verified_digits"
            ])
        // The stored values are the analysis's, capped at the experiment's digits.
        let references = try ModelLimitReferences(model: experiment.model!.model, data: try SweepPointComputation.flowData(experiment))
        let report = try ModelRegimeAnalysis(rule: try RegimeRule()).analyze(
            model: experiment.model!.model, data: try SweepPointComputation.flowData(experiment), loss: .squared,
            scale: experiment.scales[0], times: experiment.model!.times, references: references,
            setup: .init(modelFile: "", data: "", scale: "0.001", digits: 12))
        let column = first.fields.firstIndex(of: "distance_weighted_l1")!
        for (record, checkpoint) in zip(first.records, report.checkpoints) {
            #expect(record[column] == SweepPointComputation.capped(checkpoint.distance[.weightedL1], 12))
        }
        // The distance to the weighted-ℓ1 limit at t = 60 is smaller at s = 1e-3 than at 1e-2.
        let late = [0, 1].map { Double(results[$0]!.records[1][column]!)! }
        #expect(late[0] < late[1], "\(late)")
        // A point file names its scale, not a depth and α.
        let text = String(decoding: FileManager.default.contents(atPath: root + "/merged/points/point-00000.json")!, as: UTF8.self)
        #expect(text.contains("\"scale\": \"0.001\"") && !text.contains("\"depth\""))
    }
}
