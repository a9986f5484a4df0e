import Flow
import Multiprecision

/// The model-file part of an experiment (quantity `distances`): the model of the user's own
/// (`ModelFileParser`, read and checked when the experiment is read, before any point runs),
/// the content fingerprint of its file (part of the experiment's identity) and the physical times
/// of the checkpoints. The grid is the experiment's scales s, θ(0) = s·θ*.
public struct ModelSweep: Sendable {
    /// The model file, resolved against the experiment file's folder.
    public let path: String
    /// FNV-1a 64 of the file's text.
    public let fingerprint: String
    public let model: ExpressionModel
    /// Checkpoints in physical time, ascending, exact.
    public let times: [Rational]

    public init(path: String, fingerprint: String, model: ExpressionModel, times: [Rational]) {
        self.path = path
        self.fingerprint = fingerprint
        self.model = model
        self.times = times.sorted(by: <)
    }

    /// The times as normalised text.
    public var timeTexts: [String] { times.map(Experiment.text) }
}
