import Flow
import Foundation
import Datasets
import Multiprecision
import Yams

/// Experiments of quantity `distances`: a model of the user's own swept over its scale s.
///
/// ```yaml
/// name: zhao2026-scales
/// data: ../../Data/T11.csv                   # as for every experiment
/// model_file: ../../Data/models/zhao2026.yaml  # relative to this file's folder
/// quantity: distances
/// scales: [1e-3, 1e-6]                       # s > 0, exact; the grid
/// time: [40, 80]                             # physical times t ≥ 0 of the checkpoints
/// digits: 20
/// rich_distance: 0.1                         # optional: δ of `RegimeRule.modelText`
/// ```
///
/// The model file is read and checked here, before any point runs: a file that fails to parse
/// is refused with its own file:line:column. Its text's fingerprint is part of the experiment's
/// identity (an edited model is another experiment).
extension ExperimentParser {
    static func modelExperiment(
        name: String?, dataSpec: String, table: CSVTable, loss: Loss, fields: [String: Node], source: String, baseDirectory: String
    ) throws(ExperimentError) -> Experiment {
        let modelNode = fields["model_file"]!
        let modelText = try scalar(modelNode, source, "model_file")
        let path =
            modelText.hasPrefix("/") ? modelText : URL(fileURLWithPath: baseDirectory).appendingPathComponent(modelText).standardized.path
        let text: String
        do { text = try FileBytes.text(path, maximumBytes: 1 << 24) } catch {
            throw self.error(source, modelNode, "model_file \(modelText): \(error.problem.description)")
        }
        // Errors name the model file as reached from the experiment file's name (as typed), not
        // by the resolved absolute path.
        let folder = (source as NSString).deletingLastPathComponent
        let shown = modelText.hasPrefix("/") || folder.isEmpty ? modelText : folder + "/" + modelText
        let model: ExpressionModel
        do { model = try ModelFileParser.parse(text, source: shown, dimension: table.columnCount - 1) } catch {
            throw ExperimentError(
                file: error.file, line: error.line, column: error.column, problem: error.problem + " (the model_file of \(source))")
        }
        let scales: [Rational] = try list(fields["scales"]!, source, "scales").map { (node, text) throws(ExperimentError) -> Rational in
            guard let value = exactNumber(text) else {
                throw error(source, node, "scale '\(text)' is not a decimal number or fraction p/q")
            }
            guard value.signum > 0 else { throw error(source, node, "scale '\(text)' must be positive (θ(0) = s·θ*)") }
            return value
        }
        let times: [Rational] = try list(fields["time"]!, source, "time").map { (node, text) throws(ExperimentError) -> Rational in
            guard let value = exactNumber(text) else { throw error(source, node, "time '\(text)' is not a decimal number or fraction p/q") }
            guard value.signum >= 0 else { throw error(source, node, "time '\(text)' must not be negative") }
            return value
        }
        try requireDistinct(scales.map(\.description), fields["scales"]!, source, "scales")
        try requireDistinct(times.map(\.description), fields["time"]!, source, "time")
        var richDistance = Rational(1, 10)
        if let node = fields["rich_distance"] {
            let text = try scalar(node, source, "rich_distance")
            guard let value = exactNumber(text), value.signum > 0 else {
                throw error(source, node, "rich_distance '\(text)' is not a positive number")
            }
            richDistance = value
        }
        let experiment = Experiment(
            name: name, dataSpec: dataSpec, table: table, loss: loss, quantity: .distances, depths: [], alphas: [], taus: [],
            digits: try digits(fields, source), richDistance: richDistance,
            model: ModelSweep(path: path, fingerprint: FNV1a.hex(text), model: model, times: times), scales: scales)
        for point in experiment.grid {
            do { _ = try SweepPointComputation.validate(experiment, point) } catch {
                throw ExperimentError(file: source, problem: "\(point.label): \(error)")
            }
        }
        return experiment
    }
}
