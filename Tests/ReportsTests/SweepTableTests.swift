import Foundation
import Experiments
import Testing
import Asymptotics
@testable import Reports

/// Sweep tables and figures: the layout against a hand-written table, missing points, and the
/// byte identity of every table format between one run and two merged shards.
@Suite struct SweepTableTests {
    static let yaml =
        "name: t4-grid\ndata: builtin:T4\nquantity: checkpoints\ndepths: [2, 3]\nalphas: [1, 1/3]\ntau: [10, 20]\ndigits: 12\n"

    static func experiment() throws -> Experiment { try ExperimentParser.parse(yaml, source: "t4.yaml", baseDirectory: "/") }

    static func handMadeResults(_ e: Experiment) -> [Int: SweepPointResult] {
        var results: [Int: SweepPointResult] = [:]
        for point in e.grid where point.index != 3 {
            let k = point.index
            results[k] = SweepPointResult(
                experimentHash: e.hash, point: point, quantity: .checkpoints, fields: ["tau", "gamma", "verified_digits"],
                kinds: [.decimal, .decimal, .integer], records: [["10", "1.\(k)e-3", "12"], ["20", nil, "13"]], seconds: 1)
        }
        return results
    }

    @Test func tableLayout() throws {
        let e = try Self.experiment()
        let manifest = SweepManifest(e)
        let results = Self.handMadeResults(e)
        #expect(throws: SweepError.self) { try SweepTableBuilder.table(manifest, results: results) }
        let table = try SweepTableBuilder.table(manifest, results: results, partial: true)
        // Grid order: D = 2 then 3, α ascending (1/3 before 1); α = 1/3 is exact "p/q".
        let expected = """
            **Sweep t4-grid: checkpoints on builtin:T4**

            |   D |   α |   τ |      γ | verified digits |
            | --: | --: | --: | -----: | --------------: |
            |   2 | 1/3 |  10 | 1.0e-3 |              12 |
            |   2 | 1/3 |  20 |        |              13 |
            |   2 |   1 |  10 | 1.1e-3 |              12 |
            |   2 |   1 |  20 |        |              13 |
            |   3 | 1/3 |  10 | 1.2e-3 |              12 |
            |   3 | 1/3 |  20 |        |              13 |

            Experiment \(e.hash) (checkpoints on builtin:T4); every number carries only digits verified by two independent runs (at most 12).

            PARTIAL: 1 of 4 grid points missing (D = 3, α = 1).

            """
        #expect(MarkdownTableRenderer.render(table) == expected)
        #expect(
            LaTeXTableRenderer.render(table).contains(
                "$2$ & $1/3$ & $10$ & $1.0\\times10^{-3}$ & $12$ \\\\\n$2$ & $1/3$ & $20$ & --- & $13$ \\\\"))
    }

    @Test func mergedShardsGiveByteIdenticalTables() throws {
        let e = try Self.experiment()
        let root = NSTemporaryDirectory() + "biasflow-sweep-table-\(getpid())"
        try? FileManager.default.removeItem(atPath: root)
        let single = try SweepStore.create(for: e, at: root + "/single")
        _ = try SweepRunner(experiment: e, store: single, jobs: 2).run()
        for i in 1...2 {
            let shard = try SweepStore.create(for: e, at: root + "/shard\(i)")
            _ = try SweepRunner(experiment: e, store: shard, jobs: 1, shard: try SweepShard(index: i, count: 2)).run()
        }
        _ = try SweepMerge.merge([root + "/shard2", root + "/shard1"], into: root + "/merged")
        let one = try SweepTableBuilder.table(single.manifest, results: try single.results())
        let merged = try SweepStore.open(root + "/merged")
        let two = try SweepTableBuilder.table(merged.manifest, results: try merged.results())
        #expect(one.rows.count == 8)
        for render in [MarkdownTableRenderer.render, LaTeXTableRenderer.render, CSVTableRenderer.render, JSONTableRenderer.render] {
            #expect(Data(render(one).utf8) == Data(render(two).utf8))
        }
        // T4 has one sample, so γ = τ exactly: the γ column must read 10 and 20 to every digit shown.
        let gamma = one.columns.firstIndex { $0.key == "gamma" }!
        for row in one.rows {
            guard case let .decimal(text) = row[gamma], case let .decimal(tau) = row[gamma - 2] else {
                Issue.record("γ or τ missing")
                continue
            }
            #expect(Double(text) == Double(tau) && (text.hasPrefix("10.0000") || text.hasPrefix("20.0000")), "\(text)")
        }
        let svg = SVGFigureRenderer.render(
            try SweepFigureBuilder.figure(merged.manifest, results: try merged.results(), field: "w_normalized_1"))
        #expect(svg.contains("<text x=") && svg.contains("D = 3, τ = 20"))
    }
}
