/// What `ModelRegimeAnalysis` returns and `biasflow analyze --model-file` prints: the set-up, the
/// exact reference limits that apply, the rule (where the regime analysis applies) and one
/// `ModelCheckpointRegime` per checkpoint in the order asked.
///
/// Codable, in the layout of `RegimeReport`: `{"model_file", "data", "model_class", "scale",
/// "loss", "digits", "precision_bits", "steps", "limits": {KEY: {"w", "decimal",
/// "certificate_verified"}}, "weights"?, "weighted_l1_unavailable"?, "rich_distance"?, "rule_text"?,
/// "checkpoints": […]}`. Limit keys: `l2_interpolation`, `l1_interpolation`, `weighted_l1`
/// (regression), `l2_margin`, `l1_margin` (classification), as the `distance` keys.
public struct ModelRegimeReport: Codable, Sendable, Equatable {
    public var modelFile: String
    public var data: String
    /// "general two-layer", "deep product, L = 3"; nil when the model is neither (or on classification data).
    public var modelClass: String?
    /// s as given (exact decimal).
    public var scale: String
    public var loss: String
    /// Digits requested of the flow.
    public var digits: Int
    public var precisionBits: Int
    /// Accepted steps of the flow's two runs.
    public var steps: [Int]
    public var limits: [String: ExactLimitRecord]
    /// The growth-time weights [t⁺, t⁻] per coordinate the weighted-ℓ1 limit was solved with ("p/q"
    /// when exact, else their rational approximations as decimals).
    public var weights: [[String]]?
    /// Regression without a weighted-ℓ1 limit: why it does not exist (or could not be computed).
    public var weightedL1Unavailable: String?
    /// Regression with a weighted-ℓ1 limit: the rule's δ (exact decimal) and the rule the labels
    /// follow (`RegimeRule.modelText`).
    public var richDistance: String?
    public var ruleText: String?
    public var checkpoints: [ModelCheckpointRegime]

    enum CodingKeys: String, CodingKey {
        case modelFile = "model_file"
        case data
        case modelClass = "model_class"
        case scale, loss, digits
        case precisionBits = "precision_bits"
        case steps, limits, weights
        case weightedL1Unavailable = "weighted_l1_unavailable"
        case richDistance = "rich_distance"
        case ruleText = "rule_text"
        case checkpoints
    }

    public init(
        modelFile: String, data: String, modelClass: String?, scale: String, loss: String, digits: Int, precisionBits: Int,
        steps: [Int], limits: [String: ExactLimitRecord], weights: [[String]]?, weightedL1Unavailable: String?, rule: RegimeRule?,
        checkpoints: [ModelCheckpointRegime]
    ) {
        self.modelFile = modelFile
        self.data = data
        self.modelClass = modelClass
        self.scale = scale
        self.loss = loss
        self.digits = digits
        self.precisionBits = precisionBits
        self.steps = steps
        self.limits = limits
        self.weights = weights
        self.weightedL1Unavailable = weightedL1Unavailable
        richDistance = rule?.richDistance
        ruleText = rule?.modelText
        self.checkpoints = checkpoints
    }
}
