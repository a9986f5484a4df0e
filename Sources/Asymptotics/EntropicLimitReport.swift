import Multiprecision

/// The LP flow's limit at one λ (MATH.md §6.2, T14): the entropic-LP KKT residuals of the flow's
/// final state, its agreement with the entropic LP solved independently by dual Newton, and its
/// distance to the exact LP optimum.
public struct EntropicLimitReport: Sendable {
    public let lambdaText: String
    public let lambda: Rational
    /// The physical time at which ‖Ax − b‖∞ ≤ 10^−digits·max(1, ‖b‖∞) first held on the grid
    /// t = 1, 2, 4, …; accepted and rejected Radau steps; working precision (bits).
    public let time: BigFloat
    public let steps: Int
    public let rejectedSteps: Int
    public let precision: Int
    /// x(t) and μ = 4λθ(t) at that time.
    public let x: [BigFloat]
    public let multiplier: [BigFloat]
    /// KKT of the entropic LP at the flow's final state: ‖Ax − b‖∞, ‖c + λ ln x + Aᵀμ‖∞ and
    /// min_j x_j (> 0 by construction).
    public let primalResidual: BigFloat
    public let stationarityResidual: BigFloat
    public let smallestEntry: BigFloat
    /// The entropic LP by dual Newton (`EntropicLinearProgram`): x, iterations.
    public let referenceX: [BigFloat]
    public let referenceIterations: Int
    /// max_j |x_j − x_ref,j| / max(1, ‖x_ref‖∞), and the significant digits it leaves verified.
    public let referenceDistance: BigFloat
    public let verifiedDigits: Int
    /// ‖x_λ − x*‖∞ and cᵀx_λ − cᵀx* against the exact LP optimum x*.
    public let distanceToOptimum: BigFloat
    public let objectiveGap: BigFloat
}
