/// Transition points on a grid of depths and α, with the scaling-law fits (Codable: a sweep can
/// store it; every number a decimal string with its verified digits).
public struct TransitionReport: Codable, Sendable, Equatable {
    public var data: String
    public var rule: RegimeRule
    public var horizon: String
    public var digits: Int
    public var points: [TransitionPoint] = []
    public var fits: [ScalingLawFit] = []

    public init(data: String, rule: RegimeRule, horizon: String, digits: Int) {
        self.data = data
        self.rule = rule
        self.horizon = horizon
        self.digits = digits
    }
}
