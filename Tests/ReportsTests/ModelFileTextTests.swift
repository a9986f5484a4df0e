import Asymptotics
import Datasets
import Experiments
import Flow
import Foundation
import Multiprecision
import Reports
import Testing

/// The CSV and table renderings of `flow --model-file` and `saddles --model-file`
/// (`ModelFileFlowText`, `ModelFileSaddlesText`) against their JSON, parsed by Foundation's
/// parser: the same numbers, digit for digit (the invariant of one printing rule,
/// `ModelFileFlowDecimals`, `ModelFileSaddlesDecimals`), and the CSV's columns as documented.
@Suite struct ModelFileTextTests {
    typealias JSON = CommandOutputJSONTests

    static func exact(_ text: String) -> Rational? {
        (try? Rational(decimal: text)) ?? (try? Rational(fraction: text))
    }

    /// The values after `label` on the table's lines `  label  value` (a `~` mark dropped), in order.
    static func column(_ table: String, label: (String) -> Bool) -> [String] {
        table.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("  ") else { return nil }
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, label(String(parts[0])) else { return nil }
            let value = parts[1].trimmingCharacters(in: .whitespaces)
            return value.hasPrefix("~") ? String(value.dropFirst()) : value
        }
    }

    /// The entries of "(a, b, …)" after `prefix` on each line that has it.
    static func vectors(_ table: String, after prefix: String) -> [[String]] {
        table.split(separator: "\n").compactMap { line -> [String]? in
            guard let range = line.range(of: prefix) else { return nil }
            let rest = line[range.upperBound...]
            guard rest.hasPrefix("("), let close = rest.firstIndex(of: ")") else { return nil }
            return rest[rest.index(after: rest.startIndex)..<close].split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "~", with: "")
            }
        }
    }

    /// deep3 (k = abc, imbalances) on T11 from s = 1/2: a time checkpoint and a located loss level.
    @Test func flowCSVAndTableCarryTheJSONNumbers() throws {
        let data = try JSON.t11()
        let model = try ModelFileParser.load(path: JSON.path("Data/models/deep3.yaml"), dimension: data.featureCount)
        let result = try ModelFlowRun.flow(
            model: model, data: .regression(x: data.x, y: data.y), loss: .squared, scale: Rational(1, 2),
            targets: [.time(Rational(1)), .log10Loss(Rational(-1, 2))], digits: 10)
        let json = try JSON.parse(
            ModelFileFlowJSON.render(
                result, model: model, modelFile: "deep3.yaml", scale: "0.5", loss: .squared, optimizer: "flow", digits: 10))
        let checkpoints = try #require(json["checkpoints"] as? [[String: Any]])
        #expect(checkpoints.count == 2)
        let text = ModelFileFlowText(
            result, model: model, modelFile: "deep3.yaml", scale: "0.5", loss: .squared, optimizer: "flow", digits: 10)

        let records = try CSVRecords.parse(text.csv())
        let header = try #require(records.first)
        let d = data.featureCount
        #expect(Array(header.prefix(4 + d)) == ["target", "level", "time", "loss"] + (1...d).map { "w\($0)" })
        #expect(header.contains("theta1_a") && header.contains("theta4_c") && header.contains("imbalance1_a_c"))
        #expect(Array(header.suffix(3)) == ["verified_digits", "loss_digits", "iterations"])
        #expect(records.count == 1 + checkpoints.count)
        for (row, checkpoint) in zip(records.dropFirst(), checkpoints) {
            #expect(row.count == header.count)
            let field = Dictionary(uniqueKeysWithValues: zip(header, row))
            // The invariant: the CSV's w columns parse to the JSON's w values (the same strings).
            let w = try #require(checkpoint["w"] as? [String])
            let csvW = (1...d).map { field["w\($0)"] ?? "" }
            #expect(csvW == w)
            #expect(csvW.map(Self.exact) == w.map(Self.exact) && !csvW.contains { Self.exact($0) == nil })
            #expect(field["time"] == checkpoint["time"] as? String)
            #expect(field["loss"] == checkpoint["loss"] as? String)
            let theta = try #require(checkpoint["theta"] as? [[String]])
            #expect((1...d).flatMap { i in model.parameters.map { field["theta\(i)_\($0)"] ?? "" } } == theta.flatMap { $0 })
            let imbalances = try #require(checkpoint["imbalances"] as? [[String]])
            #expect(header.filter { $0.hasPrefix("imbalance") }.map { field[$0] ?? "" } == imbalances.flatMap { $0 })
            #expect(field["verified_digits"] == (checkpoint["verified_digits"] as? Int).map(String.init))
            #expect(field["loss_digits"] == (checkpoint["loss_digits"] as? Int).map(String.init))
            #expect(field["iterations"] == "")
        }
        #expect(records[1].prefix(2) == ["time", ""] && records[2].prefix(2) == ["log10_loss", "-0.5"])

        let table = text.table()
        #expect(!table.hasPrefix("{") && (try? JSONSerialization.jsonObject(with: Data(table.utf8))) == nil)
        let jsonW = try checkpoints.flatMap { try #require($0["w"] as? [String]) }
        #expect(Self.column(table, label: { $0.hasPrefix("k") && Int($0.dropFirst()) != nil }) == jsonW)
        #expect(Self.column(table, label: { $0 == "loss" }) == checkpoints.map { $0["loss"] as? String ?? "" })
        #expect(
            table.contains("checkpoint t = 1 ")
                && table.contains("checkpoint log10 L = -0.5 at t = \(checkpoints[1]["time"] as? String ?? "")"))
        let thetas = try checkpoints.map { try #require($0["theta"] as? [[String]]) }
        for i in 0..<d {
            let lines = thetas.map { theta in zip(model.parameters, theta[i]).map { "\($0) = \($1)" }.joined(separator: ", ") }
            #expect(Self.column(table, label: { $0 == "θ\(i + 1)" }) == lines)
        }
        for checkpoint in checkpoints {
            for value in try #require(checkpoint["imbalances"] as? [[String]]).flatMap({ $0 }) { #expect(table.contains(value)) }
            #expect(table.contains("(\(checkpoint["verified_digits"] as? Int ?? -1) digits verified)"))
        }
    }

    /// Gradient descent: iterations in the CSV and the table, no verified digits.
    @Test func descentCSVAndTable() throws {
        let data = try JSON.t11()
        let model = try ModelFileParser.load(path: JSON.path("Data/models/diagonal2.yaml"), dimension: data.featureCount)
        let result = try ModelFlowRun.descent(
            model: model, data: .regression(x: data.x, y: data.y), loss: .squared, scale: Rational(1, 2), step: Rational(1, 100),
            times: [Rational(0), Rational(1, 2)], digits: 12)
        let json = try JSON.parse(
            ModelFileFlowJSON.render(result, model: model, modelFile: "d.yaml", scale: "0.5", loss: .squared, optimizer: "gd", digits: 12))
        let checkpoints = try #require(json["checkpoints"] as? [[String: Any]])
        let text = ModelFileFlowText(result, model: model, modelFile: "d.yaml", scale: "0.5", loss: .squared, optimizer: "gd", digits: 12)
        let records = try CSVRecords.parse(text.csv())
        let header = try #require(records.first)
        for (row, checkpoint) in zip(records.dropFirst(), checkpoints) {
            let field = Dictionary(uniqueKeysWithValues: zip(header, row))
            #expect((1...data.featureCount).map { field["w\($0)"] ?? "" } == checkpoint["w"] as? [String])
            #expect(field["iterations"] == (checkpoint["iterations"] as? Int).map(String.init))
            #expect(field["verified_digits"] == "" && field["loss_digits"] == "")
        }
        #expect(records.dropFirst().map { $0[header.firstIndex(of: "iterations") ?? 0] } == ["0", "50"])
        let table = text.table()
        #expect(table.hasPrefix("gradient descent of d.yaml") && table.contains("K = 50 iterations"))
        let jsonW = try checkpoints.flatMap { try #require($0["w"] as? [String]) }
        #expect(Self.column(table, label: { $0.hasPrefix("k") && Int($0.dropFirst()) != nil }) == jsonW)
    }

    /// The paper's model (exact weights) and deep3 (weights to their verified digits): the table
    /// shows the JSON's weights, jump times, s vectors, saddles, limit, objective and dual.
    @Test func saddlesTableCarriesTheJSONNumbers() throws {
        let data = try JSON.t11()
        for (file, digits) in [("zhao2026.yaml", 30), ("deep3.yaml", 12)] {
            let model = try ModelFileParser.load(path: JSON.path("Data/models/" + file), dimension: data.featureCount)
            let analysis = try ModelSaddleAnalysis.analyze(model: model, x: data.x, y: data.y, digits: digits)
            let json = try JSON.parse(ModelFileSaddlesJSON.render(analysis, data: "T11", modelFile: file, digits: digits))
            let table = ModelFileSaddlesText.render(analysis, data: "T11", modelFile: file, digits: digits)
            #expect(!table.hasPrefix("{") && (try? JSONSerialization.jsonObject(with: Data(table.utf8))) == nil)
            let weights = try #require(json["weights"] as? [[String]])
            for (i, pair) in weights.enumerated() { #expect(table.contains("  k\(i + 1): t⁺ = \(pair[0]), t⁻ = \(pair[1])")) }
            let saddles = try #require(json["saddles"] as? [[String: Any]])
            #expect(!saddles.isEmpty)
            #expect(table.split(separator: "\n").filter { $0.hasPrefix("  s⁽") }.count == saddles.count)
            let superscripts = ["¹", "²", "³", "⁴", "⁵"]
            for (k, saddle) in saddles.enumerated() {
                let jump = try #require(saddle["jump_time"] as? String), duration = try #require(saddle["duration"] as? String)
                #expect(table.contains("saddle \(k + 1): jump time T_\(k + 1) = \(jump) (duration \(duration))"))
                #expect(Self.vectors(table, after: "s⁽\(superscripts[k])⁾ = ").first == saddle["s"] as? [String])
                #expect(Self.vectors(table, after: "u⁽\(superscripts[k])⁾ = ").first == saddle["direction"] as? [String])
                #expect(Self.vectors(table, after: "k⁽\(superscripts[k])⁾ = ").first == saddle["saddle"] as? [String])
            }
            let limit = try #require(json["limit"] as? [String: Any])
            #expect(Self.vectors(table, after: "weighted-ℓ1 limit k = ").first == limit["w"] as? [String])
            #expect(Self.vectors(table, after: "dual ν = ").first == limit["dual"] as? [String])
            #expect(table.contains("= \(limit["objective"] as? String ?? "?"), dual"))
            #expect(table.contains("certificate verified: true"))
        }
    }
}
