import Integrators
import Multiprecision

/// The LP flow of Wang, Ghosal & Mazumder (MATH.md §6.2): gradient flow of ½‖A(u∘u) − b‖² from
/// u₀ = exp(−c/(2λ)), followed in physical time through its closed form x = x₀ ∘ exp(−4Aᵀθ),
/// θ = ∫(Ax − b) (`LinearProgramFlowField`), by the Radau IIA method (the flow is stiff for
/// small λ: x spans e^{±max|c|/λ}).
///
/// If x(∞) is feasible it solves the entropic LP min cᵀx + λΣ(x_j ln x_j − x_j) s.t. Ax = b,
/// whose stationarity condition c + λ ln x + Aᵀμ = 0 holds along the whole flow with μ = 4λθ.
///
/// Accuracy contract: local errors below 10^−(digits + 3) in x relative to max(1, ‖x‖∞) and in θ;
/// working precision digits·log₂10 + 40 bits plus log₂(1 + max|c|/λ) bits for the exponents.
public struct LinearProgramFlow {
    private let field: LinearProgramFlowField
    private var solver: TimeClockFlowSolver
    public let lambda: Rational
    public let digits: Int
    private let rhsScale: BigFloat

    public init(a: [[Rational]], b: [Rational], c: [Rational], lambda: Rational, digits: Int) throws(FlowError) {
        guard Precision.decimalDigitRange.contains(digits) else {
            throw .invalidDigits(requested: digits, reason: "between 1 and \(Precision.maximumDecimalDigits) digits")
        }
        guard lambda.signum > 0 else { throw .invalidInitialization("λ must be positive, got \(ExactDecimal.brief(lambda))") }
        var largest = 0.0
        for value in c { largest = Swift.max(largest, BigFloat(value.magnitude / lambda, precision: 53).doubleValue) }
        let precision = Int((Double(digits) * 3.3219280948873626).rounded(.up)) + 40 + Int((1 + largest).exponent) + 1
        field = try LinearProgramFlowField(a: a, b: b, c: c, lambda: lambda, precision: precision)
        self.lambda = lambda
        self.digits = digits
        var scale = BigFloat(1, precision: precision)
        for value in b { scale = BigFloat.maximum(scale, BigFloat(value.magnitude, precision: precision)) }
        rhsScale = scale
        let log10Tolerance = -Double(digits + 3)
        solver = TimeClockFlowSolver(
            system: field, method: .radau(stages: RadauIIA().stages(log10Tolerance: log10Tolerance)),
            initialState: BigVector(count: a.count, precision: precision),
            log10Tolerance: log10Tolerance, initialStep: BigFloat(exactly: 1e-3, precision: precision))
    }

    public var precision: Int { field.precision }
    public var time: BigFloat { solver.time }
    /// θ(t) = ∫₀ᵗ (Ax − b).
    public var theta: [BigFloat] { solver.state.elements }
    /// x(t) = x₀ ∘ exp(−4Aᵀθ(t)).
    public var x: [BigFloat] { field.primal(solver.state).elements }
    /// Ax(t) − b.
    public var residual: [BigFloat] { field.residual(field.primal(solver.state)).elements }
    /// μ = 4λθ, the entropic LP's multiplier of Ax = b along the flow.
    public var multiplier: [BigFloat] {
        let factor = 4 * BigFloat(lambda, precision: precision)
        return theta.map { factor * $0 }
    }
    public var acceptedSteps: Int { solver.acceptedSteps }
    public var rejectedSteps: Int { solver.rejectedSteps }

    public mutating func advance(to t: BigFloat) throws(FlowError) { try solver.advance(to: t) }

    /// Follows the flow over t = 1, 2, 4, … until ‖Ax − b‖∞ ≤ 10^−digits · max(1, ‖b‖∞) and
    /// returns true, or returns false when t would pass `maximumTime` first.
    public mutating func runToLimit(maximumTime: Double = 1e12) throws(FlowError) -> Bool {
        let target = BigFloat.pow(BigFloat(10, precision: precision), -digits) * rhsScale
        var t = BigFloat(1, precision: precision)
        while t.doubleValue <= maximumTime {
            try solver.advance(to: t)
            if residual.allSatisfy({ $0.magnitude <= target }) { return true }
            t = 2 * t
        }
        return false
    }
}
