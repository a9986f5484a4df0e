import Flow
import Limits
import Multiprecision

/// The reference limits a flow of a model of the user's own is compared with
/// (`ModelRegimeAnalysis`), solved once per model and data (none depends on the scale s).
///
/// Regression: the min-ℓ2 and min-ℓ1 interpolators argmin ‖k‖_q s.t. Xk = y (`LimitProblem`,
/// exact rationals with exact certificates) and, when the model is a general two-layer model or
/// a deep product and Algorithm 1 is well posed on the data, the weighted-ℓ1 limit of its
/// growth-time weights (`ModelSaddleAnalysis`, exact); otherwise `weightedUnavailable` says why
/// (that is an answer, not an error). Classification: the l2 and l1 max-margin limits ŵ₂, ŵ₁
/// (exact); the weighted picture of MATH.md §12 is a regression theory.
public struct ModelLimitReferences: Sendable {
    public let isClassification: Bool
    /// min-ℓ2 interpolator (regression) or ŵ₂ (classification).
    public let l2: Limit
    /// min-ℓ1 interpolator (regression) or ŵ₁ (classification).
    public let l1: Limit
    /// Regression, when the weighted limit exists: weights, saddles and the limit.
    public let saddles: ModelSaddleAnalysis?
    /// Regression, when it does not: the reason (the model class refused, or Algorithm 1's
    /// genericity assumptions failing on these data).
    public let weightedUnavailable: String?

    /// - Parameter digits: digits of irrational growth-time weights (deep products).
    public init(model: ExpressionModel, data: FlowData, digits: Int = 30) throws(ModelAnalysisError) {
        do {
            switch data {
            case let .classification(z):
                isClassification = true
                l2 = try LimitProblem(kind: .l2Margin, classificationRows: z).solve()
                l1 = try LimitProblem(kind: .l1Margin, classificationRows: z).solve()
                saddles = nil
                weightedUnavailable = nil
            case let .regression(x, y):
                isClassification = false
                l2 = try LimitProblem(kind: .l2Interpolation, regressionRows: x, targets: y).solve()
                l1 = try LimitProblem(kind: .l1Interpolation, regressionRows: x, targets: y).solve()
                do {
                    saddles = try ModelSaddleAnalysis.analyze(model: model, x: x, y: y, digits: digits)
                    weightedUnavailable = nil
                } catch {
                    saddles = nil
                    weightedUnavailable = error.description
                }
            }
        } catch { throw ModelAnalysisError("reference limits: \(error)") }
    }

    /// The weighted-ℓ1 limit ŵ_t, when it exists.
    public var weightedLimit: [Rational]? { saddles?.limit.k }

    /// "general two-layer" or "deep product, L = n" when the weighted limit exists.
    public var modelClass: String? {
        switch saddles?.weights.modelClass {
        case .twoLayer: return "general two-layer"
        case let .deep(layers): return "deep product, L = \(layers)"
        case nil: return nil
        }
    }
}
