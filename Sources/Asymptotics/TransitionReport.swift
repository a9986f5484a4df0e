/// Transition points on a grid of depths and α, with the scaling-law fits (Codable: a sweep can
/// store it; every number a decimal string with its verified digits).
public struct TransitionReport: Codable, Sendable, Equatable {
    public var data: String
    public var rule: RegimeRule
    public var horizon: String
    public var digits: Int
    public var points: [TransitionPoint] = []
    public var fits: [ScalingLawFit] = []
    /// The rich limit used at each depth (absent in reports saved before it was recorded: ŵ₁).
    public var richLimits: [RichLimitRecord]?

    enum CodingKeys: String, CodingKey {
        case data, rule, horizon, digits, points, fits
        case richLimits = "rich_limits"
    }

    public init(data: String, rule: RegimeRule, horizon: String, digits: Int) {
        self.data = data
        self.rule = rule
        self.horizon = horizon
        self.digits = digits
    }
}
