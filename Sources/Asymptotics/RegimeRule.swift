import Multiprecision

/// How a checkpoint is labelled kernel, transition or rich; the rule is printed with every report.
///
/// * **kernel** while ρ = ‖w‖∞/α^D = ‖w̃‖∞/μ < `kernelRatio` (default 1): every coordinate of w is
///   still below the scale α^D of the initialization, so h_D works near its linear range and the
///   flow is the kernel (l2) flow up to O(ρ²) (MATH.md §2.3 item 6; with w̃ ≈ ŵ₂ this puts the exit
///   at log(1/ε*) ≈ α^D/‖ŵ₂‖∞, MATH.md's transition threshold).
/// * **rich** once ‖w̃ − ŵ_rich‖₂ ≤ `richDistance` (default 1/10), ŵ_rich = ŵ₁ (the rich limit of
///   D = 2 and of the joint limit α → ∞ for every D; for D > 2 at fixed α the flow may instead go
///   to another l_{2/D} KKT point, and then never becomes rich by this rule: the report shows the
///   distance to the nearest such point separately).
/// * **transition** otherwise. A checkpoint that satisfies both (possible only for tiny δ-balls
///   around a ŵ₁ with small entries) is labelled rich.
///
/// Labels are decided on the computed values; when a verified error bound straddles a threshold
/// the report says so in `CheckpointRegime.labelCertain`.
public struct RegimeRule: Sendable, Codable, Equatable {
    /// ρ threshold below which a checkpoint is kernel (exact decimal).
    public var kernelRatio: String
    /// δ: distance to ŵ₁ at or below which a checkpoint is rich (exact decimal).
    public var richDistance: String

    public init(kernelRatio: String = "1", richDistance: String = "0.1") throws(AnalysisError) {
        for (name, text) in [("kernel ratio", kernelRatio), ("rich distance", richDistance)] {
            guard let value = try? Rational(decimal: text), value.signum > 0 else {
                throw .invalidOption("the \(name) must be a positive decimal number, not '\(text)'")
            }
        }
        self.kernelRatio = kernelRatio
        self.richDistance = richDistance
    }

    public var text: String {
        "kernel if ρ = ‖w‖∞/α^D < \(kernelRatio); rich if ‖w̃ − ŵ₁‖₂ ≤ \(richDistance) (w̃ = w/γ, ŵ₁ the l1 max-margin limit); "
            + "transition otherwise"
    }

    func kernelThreshold(precision: Int) -> BigFloat { BigFloat(try! Rational(decimal: kernelRatio), precision: precision) }
    func richThreshold(precision: Int) -> BigFloat { BigFloat(try! Rational(decimal: richDistance), precision: precision) }

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
