import Multiprecision

/// How a checkpoint is labelled kernel, transition or rich; the rule is printed with every report.
///
/// * **kernel** while ρ = ‖w‖∞/α^D = ‖w̃‖∞/μ < `kernelRatio` (default 1): every coordinate of w is
///   still below the scale α^D of the initialization, so h_D works near its linear range and the
///   flow is the kernel (l2) flow up to O(ρ²) (MATH.md §2.3 item 6; with w̃ ≈ ŵ₂ this puts the exit
///   at log(1/ε*) ≈ α^D/‖ŵ₂‖∞, MATH.md's transition threshold).
/// * **rich** once ‖w̃ − ŵ_rich‖₂ ≤ `richDistance` (default 1/10), with ŵ_rich chosen by
///   `richLimit` (`RichLimitChoice`, default `auto`): ŵ₁ for D = 2 (the fixed-α and joint limit),
///   and for D > 2 the l_{2/D} KKT point at the μ → 0 end of the sweep path (`RichLimit`), where the
///   flow at fixed α goes as τ → ∞ (MATH.md §2.3 item 5, T8: on F1 at D = 3 it is (500/323)e₁, 0.56
///   from ŵ₁, so measured against ŵ₁ the flow would never become rich). `l1` forces ŵ₁ at every
///   depth (the joint limit α → ∞, μ → 0).
/// * **transition** otherwise. A checkpoint that satisfies both (possible only for tiny δ-balls
///   around a ŵ₁ with small entries) is labelled rich.
///
/// Labels are decided on the computed values; when a verified error bound straddles a threshold
/// the report says so in `CheckpointRegime.labelCertain`.
public struct RegimeRule: Sendable, Codable, Equatable {
    /// ρ threshold below which a checkpoint is kernel (exact decimal).
    public private(set) var kernelRatio: String
    /// δ: distance to the rich limit at or below which a checkpoint is rich (exact decimal).
    public private(set) var richDistance: String
    /// Which rich limit (reports saved before this field existed used ŵ₁: they decode as `.l1`).
    public var richLimit: RichLimitChoice
    /// `kernelRatio` as its exact value.
    public private(set) var kernelRatioValue: Rational
    /// `richDistance` as its exact value.
    public private(set) var richDistanceValue: Rational

    enum CodingKeys: String, CodingKey { case kernelRatio, richDistance, richLimit }

    public init(kernelRatio: String = "1", richDistance: String = "0.1", richLimit: RichLimitChoice = .auto) throws(AnalysisError) {
        self.kernelRatio = kernelRatio
        self.richDistance = richDistance
        self.richLimit = richLimit
        kernelRatioValue = try Self.positive(kernelRatio, name: "kernel ratio")
        richDistanceValue = try Self.positive(richDistance, name: "rich distance")
    }

    /// Decodes a saved rule; thresholds that are not positive decimals are a data error.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kernelRatio = try c.decode(String.self, forKey: .kernelRatio)
        richDistance = try c.decode(String.self, forKey: .richDistance)
        richLimit = try c.decodeIfPresent(RichLimitChoice.self, forKey: .richLimit) ?? .l1
        do {
            kernelRatioValue = try Self.positive(kernelRatio, name: "kernel ratio")
            richDistanceValue = try Self.positive(richDistance, name: "rich distance")
        } catch {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: c.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kernelRatio, forKey: .kernelRatio)
        try c.encode(richDistance, forKey: .richDistance)
        try c.encode(richLimit, forKey: .richLimit)
    }

    private static func positive(_ text: String, name: String) throws(AnalysisError) -> Rational {
        guard let value = try? Rational(decimal: text), value.signum > 0 else {
            throw .invalidOption("the \(name) must be a positive decimal number, not '\(text)'")
        }
        return value
    }

    /// The rule in words for one depth (the rich limit depends on it under `auto`).
    public func text(depth: Int) -> String {
        "kernel if ρ = ‖w‖∞/α^D < \(kernelRatio); rich if \(richLimitPhrase(depth: depth)) ≤ \(richDistance); transition otherwise"
    }

    /// "‖w̃ − ŵ₁‖₂ (w̃ = w/γ, ŵ₁ the l1 max-margin limit)" or the l_{2/D} KKT counterpart.
    public func richLimitPhrase(depth: Int) -> String {
        "‖w̃ − \(richLimitSymbol(depth: depth))‖₂ (w̃ = w/γ, \(richLimitName(depth: depth)))"
    }

    /// "ŵ₁" or "ŵ_{2/D}".
    public func richLimitSymbol(depth: Int) -> String { richLimit.resolved(depth: depth) == .kkt ? "ŵ_{2/\(depth)}" : "ŵ₁" }

    /// "ŵ₁ the l1 max-margin limit" or "ŵ_{2/D} the l_{2/D} KKT point at the μ → 0 end of the sweep path".
    public func richLimitName(depth: Int) -> String {
        richLimit.resolved(depth: depth) == .kkt
            ? "ŵ_{2/\(depth)} the l_{2/\(depth)} KKT point at the μ → 0 end of the sweep path" : "ŵ₁ the l1 max-margin limit"
    }

    func kernelThreshold(precision: Int) -> BigFloat { BigFloat(kernelRatioValue, precision: precision) }
    func richThreshold(precision: Int) -> BigFloat { BigFloat(richDistanceValue, precision: precision) }

    /// The rule for a model of the user's own on regression data (`ModelRegimeAnalysis`). Its
    /// initialization has no α^D to measure ρ against, so the one threshold δ = `richDistance`
    /// marks both ends: kernel near the min-ℓ2 interpolator ŵ₂ (the large-s end), rich near the
    /// weighted-ℓ1 limit ŵ_t of the model's growth-time weights (the s → 0 limit, MATH.md §12.2);
    /// a checkpoint within δ of both is rich.
    public var modelText: String {
        "kernel if ‖k − ŵ₂‖₂ ≤ \(richDistance) (ŵ₂ the min-ℓ2 interpolator); rich if ‖k − ŵ_t‖₂ ≤ \(richDistance) "
            + "(ŵ_t the weighted-ℓ1 limit of the growth-time weights, s → 0; rich where both hold); transition otherwise"
    }

    /// The model rule's label (`modelText`) and whether the error bounds keep it off the threshold.
    func label(kernelDistance kernel: BoundedValue, richDistance rich: BoundedValue) -> (Regime, certain: Bool) {
        let r = richThreshold(precision: rich.value.precision)
        let richCertain = (rich.value - r).magnitude > rich.error
        if rich.value <= r { return (.rich, richCertain) }
        let kernelCertain = (kernel.value - BigFloat(r, precision: kernel.value.precision)).magnitude > kernel.error
        return (kernel.value <= BigFloat(r, precision: kernel.value.precision) ? .kernel : .transition, kernelCertain && richCertain)
    }

    /// The label and whether the error bounds keep it away from the thresholds.
    func label(rho: BoundedValue, richDistance distance: BoundedValue) -> (Regime, certain: Bool) {
        let p = rho.value.precision
        let k = kernelThreshold(precision: p), r = richThreshold(precision: p)
        let richCertain = (distance.value - r).magnitude > distance.error
        if distance.value <= r { return (.rich, richCertain) }
        let kernelCertain = (rho.value - k).magnitude > rho.error
        if rho.value < k { return (.kernel, kernelCertain && richCertain) }
        return (.transition, kernelCertain && richCertain)
    }
}
