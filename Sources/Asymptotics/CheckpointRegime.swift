/// The analysis of one checkpoint: where the flow is (τ, γ, μ = α^D/γ, ρ = ‖w‖∞/α^D, w̃), how far
/// it is from each reference limit, and its regime label, every number with its verified digits.
///
/// Encoded (JSON, and so in sweep stores) as DESIGN.md §4 prescribes: numbers are decimal strings
/// carrying only verified digits, `distance` maps each `ReferenceKind` key to a decimal string, and
/// `verified_digits` repeats the structure with the digit counts.
public struct CheckpointRegime: Codable, Sendable, Equatable {
    public var target: String
    public var tau: VerifiedDecimal
    public var log10Loss: VerifiedDecimal
    public var gamma: VerifiedDecimal
    public var mu: VerifiedDecimal
    public var rho: VerifiedDecimal
    public var regime: Regime
    /// False when the error bound of ρ or of the rich distance straddles a threshold of the rule.
    public var labelCertain: Bool
    public var distance: [ReferenceKind: VerifiedDecimal]
    public var wNormalized: [VerifiedDecimal]
    /// D > 2: the KKT point found (see `StationaryPointSearch`), else nil.
    public var stationaryPoint: StationaryPointRecord?
    /// The Lyu–Li normalized margin γ̃ = ln(1/L)/‖u‖₂^D (MATH.md T9, `LyuLiMargin`); nil in reports
    /// saved before it was added.
    public var lyuLiMargin: VerifiedDecimal?

    public init(
        target: String, tau: VerifiedDecimal, log10Loss: VerifiedDecimal, gamma: VerifiedDecimal, mu: VerifiedDecimal,
        rho: VerifiedDecimal, regime: Regime, labelCertain: Bool, distance: [ReferenceKind: VerifiedDecimal],
        wNormalized: [VerifiedDecimal], stationaryPoint: StationaryPointRecord?, lyuLiMargin: VerifiedDecimal? = nil
    ) {
        self.target = target
        self.tau = tau
        self.log10Loss = log10Loss
        self.gamma = gamma
        self.mu = mu
        self.rho = rho
        self.regime = regime
        self.labelCertain = labelCertain
        self.distance = distance
        self.wNormalized = wNormalized
        self.stationaryPoint = stationaryPoint
        self.lyuLiMargin = lyuLiMargin
    }

    enum CodingKeys: String, CodingKey {
        case target, tau
        case log10Loss = "log10_loss"
        case gamma, mu, rho, regime
        case labelCertain = "label_certain"
        case distance
        case wNormalized = "w_normalized"
        case stationaryPoint = "l2d_stationary_point"
        case verifiedDigits = "verified_digits"
        case lyuLiMargin = "lyu_li_margin"
    }

    struct Digits: Codable, Equatable {
        var tau: Int
        var log10Loss: Int
        var gamma: Int
        var mu: Int
        var rho: Int
        var distance: [String: Int]
        var wNormalized: [Int]
        var lyuLiMargin: Int?
        enum CodingKeys: String, CodingKey {
            case tau
            case log10Loss = "log10_loss"
            case gamma, mu, rho, distance
            case wNormalized = "w_normalized"
            case lyuLiMargin = "lyu_li_margin"
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(target, forKey: .target)
        try c.encode(tau.value, forKey: .tau)
        try c.encode(log10Loss.value, forKey: .log10Loss)
        try c.encode(gamma.value, forKey: .gamma)
        try c.encode(mu.value, forKey: .mu)
        try c.encode(rho.value, forKey: .rho)
        try c.encode(regime, forKey: .regime)
        try c.encode(labelCertain, forKey: .labelCertain)
        try c.encode(distance.storedValues, forKey: .distance)
        try c.encode(wNormalized.map(\.value), forKey: .wNormalized)
        try c.encodeIfPresent(stationaryPoint, forKey: .stationaryPoint)
        try c.encodeIfPresent(lyuLiMargin?.value, forKey: .lyuLiMargin)
        let digits = Digits(
            tau: tau.digits, log10Loss: log10Loss.digits, gamma: gamma.digits, mu: mu.digits, rho: rho.digits,
            distance: distance.storedDigits,
            wNormalized: wNormalized.map(\.digits), lyuLiMargin: lyuLiMargin?.digits)
        try c.encode(digits, forKey: .verifiedDigits)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let digits = try c.decode(Digits.self, forKey: .verifiedDigits)
        target = try c.decode(String.self, forKey: .target)
        tau = VerifiedDecimal(value: try c.decode(String.self, forKey: .tau), digits: digits.tau)
        log10Loss = VerifiedDecimal(value: try c.decode(String.self, forKey: .log10Loss), digits: digits.log10Loss)
        gamma = VerifiedDecimal(value: try c.decode(String.self, forKey: .gamma), digits: digits.gamma)
        mu = VerifiedDecimal(value: try c.decode(String.self, forKey: .mu), digits: digits.mu)
        rho = VerifiedDecimal(value: try c.decode(String.self, forKey: .rho), digits: digits.rho)
        regime = try c.decode(Regime.self, forKey: .regime)
        labelCertain = try c.decode(Bool.self, forKey: .labelCertain)
        distance = try c.decodeDistances(forKey: .distance, digits: digits.distance)
        wNormalized = try c.decodeVerified(forKey: .wNormalized, digits: digits.wNormalized, name: "w_normalized")
        stationaryPoint = try c.decodeIfPresent(StationaryPointRecord.self, forKey: .stationaryPoint)
        lyuLiMargin = try c.decodeIfPresent(String.self, forKey: .lyuLiMargin).map {
            VerifiedDecimal(value: $0, digits: digits.lyuLiMargin ?? 0)
        }
    }
}
