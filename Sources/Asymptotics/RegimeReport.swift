/// What `RegimeAnalyzer` returns and `biasflow analyze` prints: the set-up, the rule the labels
/// follow, the exact classical limits, and one `CheckpointRegime` per checkpoint in the order asked.
///
/// Codable; the JSON form is DESIGN.md §4's `{"checkpoints": [{"tau", "gamma", "mu", "regime",
/// "distance": {"l1_margin", "l2_margin", …}}]}` with the rule, the limits and the verified digits
/// beside it. Every number is a decimal string with only verified digits (exact values "p/q").
public struct RegimeReport: Codable, Sendable, Equatable {
    public var data: String
    public var depth: Int
    /// α as given (exact decimal) and α^D as an exact rational.
    public var alpha: String
    public var alphaToDepth: String
    /// Digits requested of the flow.
    public var digits: Int
    public var rule: RegimeRule
    public var ruleText: String
    public var limits: [String: ExactLimitRecord]
    public var checkpoints: [CheckpointRegime]
    /// D = 2: the limit 1/‖ŵ₁‖₁ of the Lyu–Li margin γ̃ = ln(1/L)/‖u‖₂^D, exact "p/q" (MATH.md T9);
    /// nil for D > 2 (the limit is at the l_{2/D} point the flow goes to, see `StationaryPointRecord`)
    /// and in reports saved before it was added.
    public var lyuLiLimit: String?
    /// The rich limit the labels used (absent in reports saved before it was recorded: ŵ₁).
    public var richLimit: RichLimitRecord?

    enum CodingKeys: String, CodingKey {
        case data, depth, alpha
        case alphaToDepth = "alpha_to_depth"
        case digits, rule
        case ruleText = "rule_text"
        case limits, checkpoints
        case lyuLiLimit = "lyu_li_limit"
        case richLimit = "rich_limit"
    }

    public init(
        data: String, depth: Int, alpha: String, alphaToDepth: String, digits: Int, rule: RegimeRule,
        limits: [String: ExactLimitRecord], checkpoints: [CheckpointRegime], richLimit: RichLimitRecord? = nil
    ) {
        self.data = data
        self.depth = depth
        self.alpha = alpha
        self.alphaToDepth = alphaToDepth
        self.digits = digits
        self.rule = rule
        ruleText = rule.text(depth: depth)
        self.limits = limits
        self.checkpoints = checkpoints
        self.richLimit = richLimit
    }
}
