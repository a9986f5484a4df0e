/// The implicit algorithm: s-stage Radau IIA collocation (order 2s − 1, stage order s,
/// L-stable and stiffly accurate), for stiff systems. Adaptive steps use the embedded estimate
/// ‖y_s − y_{s−2}‖ (the (s − 2)-stage Radau IIA solution of the same step, order 2s − 5), so
/// they need s ≥ 3; fixed steps take any s ≥ 1. The stage equations are solved by simplified
/// Newton iterations (binary64 or MPFR factors, Newton's method proper when slow: `RadauStepper`).
///
/// Dense output: the collocation polynomial of each step (degree s; error O(h^{s+1}) inside a
/// step, the full order 2s − 1 at the step ends).
public struct RadauIIA: Sendable, Equatable {
    /// The stage count s; nil chooses it from the tolerance (`stages(log10Tolerance:)`).
    public var stages: Int?
    /// The order policy s = clamp(⌈stagesPerDigit · d⌉ + extraStages, minimumStages, maximumStages),
    /// d = −log10(tolerance): the order 2s − 1 grows with the digits asked for (DESIGN.md §2.3).
    public var stagesPerDigit = 0.6
    public var extraStages = 3
    public var minimumStages = 5
    public var maximumStages = 40
    /// The depth of the Anderson acceleration (`AndersonAcceleration`) of the simplified Newton
    /// iterations solved through the Schur form (n ≥ 40), whose rate is set by the one Jacobian
    /// of the step; 0 turns it off. Measured on `builtin:woodworth` (n = 100, s = 17, one run to
    /// τ = 10, 50 at 18 digits, α = 0.01, one thread): 55.0 s without, 48.0 s with depth 4.
    public var accelerationDepth = RadauIIA.defaultAccelerationDepth
    public static let defaultAccelerationDepth = 4

    public init(stages: Int? = nil) { self.stages = stages }

    /// The stage count used at local tolerance 10^log10Tolerance.
    public func stages(log10Tolerance: Double) -> Int {
        if let stages { return stages }
        let digits = max(0, -log10Tolerance)
        return min(maximumStages, max(minimumStages, Int((digits * stagesPerDigit).rounded(.up)) + extraStages))
    }
}
