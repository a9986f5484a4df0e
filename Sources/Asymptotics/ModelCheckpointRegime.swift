/// The analysis of one checkpoint of a model of the user's own (`ModelRegimeAnalysis`): the
/// predictor k, the loss, the distances to the reference limits that apply, and, on regression
/// data with a weighted-ℓ1 limit, the regime label; every number with its verified digits.
///
/// Encoded as `CheckpointRegime` is (DESIGN.md §4): numbers are decimal strings carrying only
/// verified digits, `distance` maps `ReferenceKind` keys to decimal strings, and
/// `verified_digits` repeats the structure with the digit counts, plus `theta`, the normwise
/// two-run digits of the flow's state θ from which the error bounds are propagated.
public struct ModelCheckpointRegime: Codable, Sendable, Equatable {
    /// The physical time t, exact (shortest decimal or "p/q").
    public var time: String
    public var loss: VerifiedDecimal
    /// Classification: τ = −ln L and the margin γ = min_n z_nᵀk.
    public var tau: VerifiedDecimal?
    public var gamma: VerifiedDecimal?
    /// Regression with a weighted-ℓ1 limit: the label of `RegimeRule.modelText` (nil otherwise).
    public var regime: Regime?
    public var labelCertain: Bool?
    public var distance: [ReferenceKind: VerifiedDecimal]
    /// The predictor k.
    public var w: [VerifiedDecimal]
    /// Classification with γ > 0: w̃ = k/γ (the normalization `biasflow analyze` compares with ŵ₁, ŵ₂).
    public var wNormalized: [VerifiedDecimal]?
    /// Normwise digits of θ on which the flow's two runs agree.
    public var thetaDigits: Int

    public init(
        time: String, loss: VerifiedDecimal, tau: VerifiedDecimal?, gamma: VerifiedDecimal?, regime: Regime?, labelCertain: Bool?,
        distance: [ReferenceKind: VerifiedDecimal], w: [VerifiedDecimal], wNormalized: [VerifiedDecimal]?, thetaDigits: Int
    ) {
        self.time = time
        self.loss = loss
        self.tau = tau
        self.gamma = gamma
        self.regime = regime
        self.labelCertain = labelCertain
        self.distance = distance
        self.w = w
        self.wNormalized = wNormalized
        self.thetaDigits = thetaDigits
    }

    enum CodingKeys: String, CodingKey {
        case time, loss, tau, gamma, regime
        case labelCertain = "label_certain"
        case distance, w
        case wNormalized = "w_normalized"
        case verifiedDigits = "verified_digits"
    }

    struct Digits: Codable, Equatable {
        var loss: Int
        var tau: Int?
        var gamma: Int?
        var distance: [String: Int]
        var w: [Int]
        var wNormalized: [Int]?
        var theta: Int
        enum CodingKeys: String, CodingKey {
            case loss, tau, gamma, distance, w
            case wNormalized = "w_normalized"
            case theta
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(time, forKey: .time)
        try c.encode(loss.value, forKey: .loss)
        try c.encodeIfPresent(tau?.value, forKey: .tau)
        try c.encodeIfPresent(gamma?.value, forKey: .gamma)
        try c.encodeIfPresent(regime, forKey: .regime)
        try c.encodeIfPresent(labelCertain, forKey: .labelCertain)
        try c.encode(distance.storedValues, forKey: .distance)
        try c.encode(w.map(\.value), forKey: .w)
        try c.encodeIfPresent(wNormalized?.map(\.value), forKey: .wNormalized)
        let digits = Digits(
            loss: loss.digits, tau: tau?.digits, gamma: gamma?.digits,
            distance: distance.storedDigits, w: w.map(\.digits),
            wNormalized: wNormalized?.map(\.digits), theta: thetaDigits)
        try c.encode(digits, forKey: .verifiedDigits)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let digits = try c.decode(Digits.self, forKey: .verifiedDigits)
        time = try c.decode(String.self, forKey: .time)
        loss = VerifiedDecimal(value: try c.decode(String.self, forKey: .loss), digits: digits.loss)
        tau = try c.decodeIfPresent(String.self, forKey: .tau).map { VerifiedDecimal(value: $0, digits: digits.tau ?? 0) }
        gamma = try c.decodeIfPresent(String.self, forKey: .gamma).map { VerifiedDecimal(value: $0, digits: digits.gamma ?? 0) }
        regime = try c.decodeIfPresent(Regime.self, forKey: .regime)
        labelCertain = try c.decodeIfPresent(Bool.self, forKey: .labelCertain)
        distance = try c.decodeDistances(forKey: .distance, digits: digits.distance)
        w = try c.decodeVerified(forKey: .w, digits: digits.w, name: "w")
        wNormalized = try c.decodeIfPresent([String].self, forKey: .wNormalized).map {
            try c.verified($0, digits: digits.wNormalized, forKey: .wNormalized, name: "w_normalized")
        }
        thetaDigits = digits.theta
    }
}
