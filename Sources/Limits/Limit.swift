import Multiprecision

/// An exact reference limit: the optimal w, an optimal dual, the objective, and the verified
/// certificate that proves both optimal (see `Certificate`).
///
/// * `w`: ŵ₁ / ŵ₂ (classification, margin-normalised: min_n z_nᵀw = 1) or the min-l1 / min-l2
///   interpolator (regression). Exact rationals.
/// * `dual`: λ ≥ 0 over the samples (classification; for l2-margin the SVM dual, ŵ₂ = Zᵀλ) or ν
///   (regression). Exact rationals.
/// * `objective`: ‖w‖₁ (l1 kinds) or ½‖w‖₂² (l2 kinds), exact.
/// * `uniqueness`: what the exact optimal basis / support says about the solution set.
public struct Limit: Sendable {
    public let kind: LimitProblem.Kind
    public let w: [Rational]
    public let dual: [Rational]
    public let objective: Rational
    public let certificate: Certificate
    public let uniqueness: Uniqueness
    public let statistics: Statistics

    /// What is known about the set of optimal primal and dual solutions.
    public struct Uniqueness: Sendable {
        /// True when the primal optimum is proved unique.
        public let primalUnique: Bool
        /// True when the dual optimum is proved unique.
        public let dualUnique: Bool
        /// A description of the solution set when not proved unique (or how uniqueness was proved).
        public let note: String
    }

    /// How the answer was found: the floating warm start and the exact work.
    public struct Statistics: Sendable {
        /// Simplex pivots (LP) or active-set changes (QP) of the floating warm starts (Double, and
        /// MPFR at 256 bits when the Double choice did not verify).
        public var floatingIterations = 0
        /// Exact pivots or active-set changes after the warm start (0 when the floating choice was
        /// already exactly optimal).
        public var exactIterations = 0
        /// True when the floating basis / support set was accepted after exact re-solve.
        public var warmStartAccepted = false
        /// Size of the exact linear system(s) solved for the final basis / support.
        public var exactSystemSize = 0
        /// Wall time of the floating warm starts, seconds.
        public var floatingSeconds = 0.0
        /// Wall time of the exact re-solve, verification and any exact iterations, seconds.
        public var exactSeconds = 0.0
    }
}
