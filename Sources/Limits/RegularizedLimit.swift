import Multiprecision

/// argmin Q^D_μ (or the sweep path point T(μ)) computed in MPFR with verified digits.
///
/// Contract: `w`, `dual` and the objectives are the results of the run at the higher of two
/// precisions; `verifiedDigits` is the number of significant decimal digits on which that run and
/// an independent run at a lower precision (and looser stopping tolerance) agree, taken as the
/// minimum over all components of w and of the dual relative to their largest magnitude. Print
/// numbers with `formatted(_:)` to show exactly those digits.
public struct RegularizedLimit: Sendable {
    public let depth: Int
    public let mu: Rational
    /// w = μ h_D(Zᵀλ) (classification) or μ h_D(Xᵀν) (regression).
    public let w: [BigFloat]
    /// λ ≥ 0 (classification) or ν (regression): the dual maximiser / the sweep's multipliers.
    public let dual: [BigFloat]
    /// Q^D_μ(w) = Σ_i (w_i s_i − μ q_D^*(s_i)) (Fenchel equality, s = Zᵀλ).
    public let objective: BigFloat
    /// 1ᵀλ − μ Σ q_D^*(s_i) (or yᵀν − …); equals `objective` up to λᵀ(Zw − 1).
    public let dualObjective: BigFloat
    public let verifiedDigits: Int
    public let residuals: Residuals
    /// The working precision (bits) of the reported run at the target μ, and of the check run.
    public let precision: Int
    public let checkPrecision: Int
    /// Newton iterations of the reported run (all continuation steps).
    public let newtonIterations: Int

    /// KKT residuals of the reported run (absolute, in the units of the margins).
    public struct Residuals: Sendable {
        /// max_n max(0, 1 − m_n) (classification) or max_n |(Xw − y)_n| (regression).
        public let primalInfeasibility: BigFloat
        /// max_n max(0, ℓ_n − λ_n) (0 for regression): ℓ = 0, or the sweep's previous multipliers.
        public let dualInfeasibility: BigFloat
        /// max_n |λ_n − ℓ_n|·|m_n − 1| (0 for regression).
        public let complementarity: BigFloat
        /// ‖projected gradient‖∞ of the dual at the end.
        public let projectedGradient: BigFloat
    }

    /// `x` with `verifiedDigits` significant digits (at least 1).
    public func formatted(_ x: BigFloat) -> String { x.formatted(significantDigits: Swift.max(1, verifiedDigits)) }
}
