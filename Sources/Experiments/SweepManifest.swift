import Datasets
import Foundation

/// `experiment.json` of a result store: the experiment's identity and grid, enough to tabulate
/// and merge results without the YAML file or the data.
///
/// ```
/// {"format": "biasflow-sweep/1", "experiment_hash": "…", "canonical": "…", "name": "…" | null,
///  "data": "builtin:F1", "quantity": "checkpoints", "digits": 20, "tau": ["10", …],
///  "grid": [{"index": 0, "depth": 2, "alpha": "1"}, …]}
/// ```
/// A model-file experiment (quantity `distances`) adds `"model_file"` and `"time"` (its physical
/// times) and lists its grid as `{"index": 0, "scale": "0.001"}`.
public struct SweepManifest: Sendable, Equatable {
    public struct Point: Sendable, Equatable {
        public let index: Int
        public let depth: Int
        public let alphaText: String
        /// "D = 2, α = 10" or "s = 0.001".
        public var label: String { SweepGridPoint.label(depth: depth, alphaText: alphaText) }
    }

    public let experimentHash: String
    public let canonicalText: String
    public let name: String?
    public let dataSpec: String
    public let quantity: SweepQuantity
    public let digits: Int
    public let taus: [String]
    /// Transition quantity settings (nil otherwise).
    public let horizon: String?
    public let kernelRatio: String?
    public let richDistance: String?
    /// Model-file experiments: the model file as the experiment names it (resolved) and the
    /// physical times of the checkpoints (nil otherwise).
    public let modelFile: String?
    public let times: [String]?
    public let grid: [Point]

    public init(_ experiment: Experiment) {
        experimentHash = experiment.hash
        canonicalText = experiment.canonicalText
        name = experiment.name
        dataSpec = experiment.dataSpec
        quantity = experiment.quantity
        digits = experiment.digits
        taus = experiment.taus
        horizon = experiment.horizon
        kernelRatio = experiment.kernelRatio
        richDistance = experiment.richDistance
        modelFile = experiment.model?.path
        times = experiment.model?.timeTexts
        grid = experiment.grid.map { Point(index: $0.index, depth: $0.depth, alphaText: $0.alphaText) }
    }

    public var json: String {
        func s(_ text: String) -> String { JSONText.string(text) }
        let points = grid.map { "  {\"index\": \($0.index), " + SweepGridPoint.jsonPairs(depth: $0.depth, alphaText: $0.alphaText) + "}" }
        return "{\"format\": \"biasflow-sweep/1\", \"experiment_hash\": \(s(experimentHash)), \"canonical\": \(s(canonicalText)),\n"
            + " \"name\": \(name.map(s) ?? "null"), \"data\": \(s(dataSpec)), \"quantity\": \(s(quantity.rawValue)), \"digits\": \(digits),\n"
            + " \"tau\": [" + taus.map(s).joined(separator: ", ") + "],\n"
            + (modelFile.map { " \"model_file\": \(s($0)), \"time\": [" + (times ?? []).map(s).joined(separator: ", ") + "],\n" } ?? "")
            + (horizon.map {
                " \"horizon\": \(s($0)), \"kernel_ratio\": \(s(kernelRatio ?? "")), \"rich_distance\": \(s(richDistance ?? "")),\n"
            } ?? "")
            + " \"grid\": [\n" + points.joined(separator: ",\n") + "\n ]}\n"
    }

    public init(json data: Data, file: String) throws(SweepError) {
        let bad = { (what: String) in SweepError("\(file): not a sweep manifest (\(what))") }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { throw bad("not JSON") }
        guard object["format"] as? String == "biasflow-sweep/1" else { throw bad("format") }
        guard let hash = object["experiment_hash"] as? String, let canonical = object["canonical"] as? String,
            let data = object["data"] as? String, let quantityText = object["quantity"] as? String,
            let quantity = SweepQuantity(rawValue: quantityText), let digits = object["digits"] as? Int,
            let taus = object["tau"] as? [String], let rawGrid = object["grid"] as? [[String: Any]]
        else {
            throw bad("missing or mistyped fields")
        }
        var grid: [Point] = []
        for (i, raw) in rawGrid.enumerated() {
            guard let index = raw["index"] as? Int, index == i, let (depth, alpha) = SweepGridPoint.coordinates(raw) else {
                throw bad("grid point \(i)")
            }
            grid.append(Point(index: index, depth: depth, alphaText: alpha))
        }
        guard FNV1a.hex(canonical) == hash else { throw bad("the hash does not match the canonical experiment") }
        experimentHash = hash
        canonicalText = canonical
        name = object["name"] as? String
        dataSpec = data
        self.quantity = quantity
        self.digits = digits
        self.taus = taus
        horizon = object["horizon"] as? String
        kernelRatio = object["kernel_ratio"] as? String
        richDistance = object["rich_distance"] as? String
        modelFile = object["model_file"] as? String
        times = object["time"] as? [String]
        self.grid = grid
    }
}
