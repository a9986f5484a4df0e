/// One located transition: where along the trajectory of (D, α) the level of `kind` is crossed,
/// as the accuracy log10(1/ε*) = τ*/ln 10 (ε* = L at the crossing) and the margin and μ there, each
/// with its verified digits; `reached` is false when the crossing did not happen before the horizon.
public struct TransitionPoint: Codable, Sendable, Equatable {
    public var kind: TransitionKind
    public var depth: Int
    public var alpha: String
    /// α^D, exact.
    public var alphaToDepth: String
    public var horizon: String
    public var reached: Bool
    public var tau: VerifiedDecimal?
    public var log10InverseLoss: VerifiedDecimal?
    public var gamma: VerifiedDecimal?
    public var mu: VerifiedDecimal?

    enum CodingKeys: String, CodingKey {
        case kind, depth, alpha
        case alphaToDepth = "alpha_to_depth"
        case horizon, reached, tau
        case log10InverseLoss = "log10_inverse_loss"
        case gamma, mu
    }

    public init(
        kind: TransitionKind, depth: Int, alpha: String, alphaToDepth: String, horizon: String, reached: Bool,
        tau: VerifiedDecimal? = nil, log10InverseLoss: VerifiedDecimal? = nil, gamma: VerifiedDecimal? = nil,
        mu: VerifiedDecimal? = nil
    ) {
        self.kind = kind
        self.depth = depth
        self.alpha = alpha
        self.alphaToDepth = alphaToDepth
        self.horizon = horizon
        self.reached = reached
        self.tau = tau
        self.log10InverseLoss = log10InverseLoss
        self.gamma = gamma
        self.mu = mu
    }
}
