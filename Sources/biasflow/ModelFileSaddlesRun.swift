import Reports
import Asymptotics
import Experiments
import Flow
import Foundation
import Limits
import Multiprecision

/// `biasflow saddles --model-file M.yaml --data D.csv`: the growth-time weights of the model, the
/// weighted saddle-to-saddle algorithm's saddles and rescaled jump times, and the weighted-ℓ1
/// limit with its exact certificate (`ModelSaddleAnalysis`), as JSON (`ModelFileSaddlesJSON`) or a
/// table (`ModelFileSaddlesText`).
enum ModelFileSaddlesRun {
    static func run(data dataSpec: String, modelFile: String, digits: Int, format: SaddlesCommand.Format) throws {
        let regression = try DataLoading.regression(dataSpec)
        let model: ExpressionModel
        do { model = try ModelFileParser.load(path: modelFile, dimension: regression.featureCount) } catch {
            throw CLIError(error.description)
        }
        let analysis: ModelSaddleAnalysis
        do { analysis = try ModelSaddleAnalysis.analyze(model: model, x: regression.x, y: regression.y, digits: digits) } catch {
            throw CLIError("\(modelFile): \(error)")
        }
        switch format {
        case .json: print(ModelFileSaddlesJSON.render(analysis, data: dataSpec, modelFile: modelFile, digits: digits))
        case .table: print(ModelFileSaddlesText.render(analysis, data: dataSpec, modelFile: modelFile, digits: digits))
        }
    }
}
