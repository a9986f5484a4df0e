import Foundation
import Testing

/// `flow --model-file` and `saddles --model-file` print what `--format` asks, as the built-in
/// models do (issue 15): a table by default for `flow` and on `--format table` for `saddles` (no
/// JSON), one CSV row per checkpoint, and clean JSON on `--format json` (the default of `saddles`).
/// Each runs the built binary.
@Suite(.serialized) struct ModelFileFormatTests {
    typealias CLI = CommandLineTests

    static func repo(_ relative: String) -> String { CauseNamingRefusalTests.repo(relative) }

    static func isJSON(_ text: String) -> Bool { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) != nil }

    @Test func flowFollowsFormat() throws {
        let base = [
            "flow", "--model-file", Self.repo("Data/models/diagonal2.yaml"), "--data", Self.repo("Data/T11.csv"), "--scale", "0.5",
            "--optimizer", "gd", "--step", "0.01", "--time", "0,1", "--digits", "12"
        ]
        for format in [[], ["--format", "table"]] {
            let r = try CLI.run(base + format)
            #expect(r.status == 0, "\(format): \(r.stderr.prefix(300))")
            #expect(!Self.isJSON(r.stdout) && !r.stdout.hasPrefix("{"), "\(format): printed JSON: \(r.stdout.prefix(200))")
            #expect(r.stdout.hasPrefix("gradient descent of ") && r.stdout.contains("checkpoint t = 1 "))
        }
        let csv = try CLI.run(base + ["--format", "csv"])
        #expect(csv.status == 0, "\(csv.stderr.prefix(300))")
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.count == 3 && lines.first?.hasPrefix("target,level,time,loss,w1,") == true)
        let json = try CLI.run(base + ["--format", "json"])
        #expect(json.status == 0, "\(json.stderr.prefix(300))")
        CLI.expectCleanJSON(json.stdout, "flow --model-file --format json")
    }

    @Test func saddlesFollowsFormat() throws {
        let base = ["saddles", "--model-file", Self.repo("Data/models/zhao2026.yaml"), "--data", Self.repo("Data/T11.csv")]
        let table = try CLI.run(base + ["--format", "table"])
        #expect(table.status == 0, "\(table.stderr.prefix(300))")
        #expect(!Self.isJSON(table.stdout) && !table.stdout.hasPrefix("{"), "printed JSON: \(table.stdout.prefix(200))")
        #expect(table.stdout.contains("saddle 3: jump time T_3 = 138/49 (duration 40/49)"))
        for format in [[], ["--format", "json"]] {
            let r = try CLI.run(base + format)
            #expect(r.status == 0, "\(format): \(r.stderr.prefix(300))")
            CLI.expectCleanJSON(r.stdout, "saddles --model-file \(format)")
        }
    }
}
