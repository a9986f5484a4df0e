import Multiprecision

/// An exact optimal solution of min cᵀx s.t. Ax = b, x ≥ 0, with its certificate.
///
/// The certificate is checked from A, b, c, x and y alone, in exact arithmetic: x ≥ 0, Ax = b
/// (primal feasible), d = c − Aᵀy ≥ 0 (dual feasible), x_j d_j = 0 (complementary slackness), so
/// cᵀx = bᵀy and both are optimal.
public struct LinearProgramSolution: Sendable {
    public let x: [Rational]
    /// The optimal dual y of the equality constraints.
    public let y: [Rational]
    /// d = c − Aᵀy.
    public let reducedCosts: [Rational]
    public let objective: Rational
    /// The optimal basis (0-based structural columns; rows found redundant are left out).
    public let basis: [Int]
    public let primalFeasible: Bool
    public let dualFeasible: Bool
    public let complementarySlackness: Bool
    public let pivots: Int

    public var isVerified: Bool { primalFeasible && dualFeasible && complementarySlackness }

    /// True when every variable at zero has a positive reduced cost: then x is the unique optimum.
    public var primalUnique: Bool { zip(x, reducedCosts).allSatisfy { !$0.isZero || $1.signum > 0 } }

    /// Δ = min { d_j : x_j = 0 }, the smallest reduced cost of a variable at zero (nil when every
    /// variable is positive). For a unique, non-degenerate optimum the entropic LP at strength λ
    /// approaches x like e^{−Δ/λ} (MATH.md §6.2).
    public var reducedCostGap: Rational? {
        zip(x, reducedCosts).filter { $0.0.isZero }.map(\.1).min()
    }
}
