import Asymptotics
import Flow
import Multiprecision

/// The printed numbers of `biasflow saddles --model-file M.yaml` (a `ModelSaddleAnalysis`) that
/// depend on how well the growth-time weights are known, one rule for all its formats
/// (`ModelFileSaddlesJSON`, `ModelFileSaddlesText`).
///
/// Rule: exact weights give exact "p/q" weights, jump times, durations, s vectors, objective and
/// dual. Otherwise each weight (and Hessian eigenvalue) shows at most `digits` and at most its
/// verified digits; each jump time and duration the digits on which the two runs of the algorithm
/// agree on that jump time; each entry of s the digits the runs agree on it (0 prints as "0"); the
/// objective and dual the weights' verified digits. Always at least one digit. The saddles, the
/// directions u⁽ᵏ⁾ and the limit's k are exact in every case (`Rational.description`). With them,
/// the two phrases that say what the weights are: the model class and the certificate's reach.
public struct ModelFileSaddlesDecimals: Sendable {
    public struct Step: Sendable {
        public let jumpTime: String
        public let duration: String
        public let s: [String]
    }

    /// Per coordinate, (t⁺, t⁻).
    public let weights: [(plus: String, minus: String)]
    /// Per coordinate, (λ_min, λ_max) of ∇²k_i(0); empty when the model class has none.
    public let extremeEigenvalues: [(smallest: String, largest: String)]
    public let steps: [Step]
    public let objective: String
    public let dual: [String]
    /// True when the weights, and so every number, are exact.
    public let exact: Bool
    /// "general two-layer" or "deep product, L = 3".
    public let modelClass: String
    /// For which weights the limit's certificate holds: "exact", or within the weights' digits.
    public let certificateWeights: String

    public init(_ analysis: ModelSaddleAnalysis, digits: Int) {
        let w = analysis.weights
        let exact = w.exactWeights != nil
        func weight(_ x: GrowthTimeWeights.Weight) -> String {
            x.exact?.description ?? x.value.formatted(significantDigits: Swift.max(1, Swift.min(digits, x.verifiedDigits)))
        }
        func rounded(_ r: Rational, _ shown: Int) -> String {
            ExactDecimal.format(r, significantDigits: Swift.max(1, Swift.min(digits, shown)))
        }
        func limited(_ r: Rational) -> String { exact ? r.description : rounded(r, w.verifiedDigits) }
        weights = zip(w.plus, w.minus).map { (weight($0), weight($1)) }
        extremeEigenvalues = w.extremeEigenvalues.map { (weight($0.smallest), weight($0.largest)) }
        steps = analysis.sequence.steps.enumerated().map { k, step in
            let jumpDigits = analysis.jumpTimeDigits?[k]
            let s = step.s.enumerated().map { i, v -> String in
                guard let shown = analysis.sDigits?[k][i] else { return v.description }
                return v.isZero ? "0" : rounded(v, shown)
            }
            return Step(
                jumpTime: jumpDigits.map { rounded(step.jumpTime, $0) } ?? step.jumpTime.description,
                duration: exact ? step.duration.description : rounded(step.duration, jumpDigits ?? digits), s: s)
        }
        objective = limited(analysis.limit.objective)
        dual = analysis.limit.dual.map(limited)
        self.exact = exact
        switch w.modelClass {
        case .twoLayer: modelClass = "general two-layer"
        case let .deep(layers): modelClass = "deep product, L = \(layers)"
        }
        certificateWeights =
            exact ? "exact" : "exact for rational weights within 1e-\(w.verifiedDigits) of t (strict complementarity carries it to t)"
    }
}
