import Datasets
import Foundation

/// What one grid point produced: named fields and one record (row) per checkpoint, every
/// number a decimal string with its verified digits (DESIGN.md §3), plus the time it took.
///
/// Stored as `points/point-NNNNN.json` in a result store:
/// ```
/// {"format": "biasflow-sweep-point/1", "experiment_hash": "…", "index": 3, "depth": 2, "alpha": "10",
///  "quantity": "checkpoints", "seconds": 1.25,
///  "fields": ["tau", …], "kinds": ["decimal", "integer", …], "records": [["10", …], …]}
/// ```
/// (a model-file experiment's point has `"scale": "0.001"` in place of depth and alpha).
public struct SweepPointResult: Sendable, Equatable {
    /// `decimal`: a decimal literal (or text such as "not reached"); `exact`: "p/q" or an integer.
    public enum Kind: String, Sendable { case decimal, integer, exact, text }

    public let experimentHash: String
    public let index: Int
    public let depth: Int
    public let alphaText: String
    public let quantity: SweepQuantity
    public let fields: [String]
    public let kinds: [Kind]
    /// One row per record; `nil` where a value does not exist (e.g. γ for regression).
    public let records: [[String?]]
    /// Wall-clock seconds of the computation (not part of any table).
    public let seconds: Double

    public init(
        experimentHash: String, point: SweepGridPoint, quantity: SweepQuantity, fields: [String], kinds: [Kind],
        records: [[String?]], seconds: Double
    ) {
        precondition(fields.count == kinds.count && records.allSatisfy { $0.count == fields.count })
        self.experimentHash = experimentHash
        self.index = point.index
        self.depth = point.depth
        self.alphaText = point.alphaText
        self.quantity = quantity
        self.fields = fields
        self.kinds = kinds
        self.records = records
        self.seconds = seconds
    }

    /// The stored JSON text (deterministic apart from `seconds`).
    public var json: String {
        func s(_ text: String) -> String { JSONText.string(text) }
        let records = self.records.map { "[" + $0.map { $0.map(s) ?? "null" }.joined(separator: ", ") + "]" }
        return "{\"format\": \"biasflow-sweep-point/1\", \"experiment_hash\": \(s(experimentHash)), \"index\": \(index), "
            + SweepGridPoint.jsonPairs(depth: depth, alphaText: alphaText) + ", \"quantity\": \(s(quantity.rawValue)), "
            + "\"seconds\": \(String(format: "%.3f", seconds)),\n \"fields\": [" + fields.map(s).joined(separator: ", ") + "],\n"
            + " \"kinds\": [" + kinds.map { s($0.rawValue) }.joined(separator: ", ") + "],\n"
            + " \"records\": [\n  " + records.joined(separator: ",\n  ") + "\n ]}\n"
    }

    /// Reads a stored result; `file` names it in errors.
    public init(json data: Data, file: String) throws(SweepError) {
        let bad = { (what: String) in SweepError("\(file): not a sweep point result (\(what))") }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { throw bad("not JSON") }
        guard object["format"] as? String == "biasflow-sweep-point/1" else { throw bad("format") }
        guard let hash = object["experiment_hash"] as? String, let index = object["index"] as? Int,
            let (depth, alpha) = SweepGridPoint.coordinates(object), let quantityText = object["quantity"] as? String,
            let quantity = SweepQuantity(rawValue: quantityText), let seconds = object["seconds"] as? Double,
            let fields = object["fields"] as? [String], let kindTexts = object["kinds"] as? [String],
            let rawRecords = object["records"] as? [[Any]]
        else { throw bad("missing or mistyped fields") }
        let kinds = kindTexts.compactMap(Kind.init(rawValue:))
        guard kinds.count == fields.count else { throw bad("kinds") }
        var records: [[String?]] = []
        for raw in rawRecords {
            guard raw.count == fields.count else { throw bad("a record has \(raw.count) values for \(fields.count) fields") }
            records.append(
                try raw.map { value throws(SweepError) -> String? in
                    if value is NSNull { return nil }
                    guard let text = value as? String else { throw bad("a value is not a string") }
                    return text
                })
        }
        experimentHash = hash
        self.index = index
        self.depth = depth
        alphaText = alpha
        self.quantity = quantity
        self.fields = fields
        self.kinds = kinds
        self.records = records
        self.seconds = seconds
    }

    /// Same point, same fields, same values (time aside).
    public func sameValues(as other: SweepPointResult) -> Bool {
        experimentHash == other.experimentHash && index == other.index && fields == other.fields && kinds == other.kinds
            && records == other.records
    }
}
