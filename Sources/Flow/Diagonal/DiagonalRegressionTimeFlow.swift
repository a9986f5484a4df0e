import Multiprecision

/// Gradient flow of a diagonal network on the squared loss, followed in physical time t
/// (MATH.md §3.2; the saddle-to-saddle regime of §7.1 at tiny α): the state is the dual variable
/// η = ∫(y − Xw), w comes from the closed form, and `advance(to:)` lands exactly on each time.
///
/// Accuracy contract: local errors below 10^−(digits + 5) in the absolute change of w (and in η
/// relative to max(1, ‖η‖∞)), at a working precision of digits·log₂10 + 40 bits plus the bits the
/// closed form loses to its argument (log₂ of 4·t·‖y‖₂·max_i‖x_i‖₂ at the horizon, a bound on
/// |κG_i| since ‖dη/dt‖ = ‖y − Xw‖ ≤ ‖y‖ along the flow). This is a per-step tolerance:
/// verified digits come from comparing two runs (`digitsAgreeing`).
///
/// The saddle dynamics are not stiff in t: on a plateau the Jacobian −X diag(H) Xᵀ has
/// eigenvalues of the size of the saddle's entries (H_i ≈ 4|w_i| for D = 2), so the explicit
/// extrapolation method is used.
public struct DiagonalRegressionTimeFlow {
    private let field: DiagonalRegressionTimeField
    private var solver: TimeClockFlowSolver
    public let digits: Int

    /// - Parameters:
    ///   - horizon: the largest time that will be asked for (sizes the precision).
    public init(x: [[Rational]], y: [Rational], network: DiagonalNetwork, digits: Int, horizon: Double) throws(FlowError) {
        guard Precision.decimalDigitRange.contains(digits) else {
            throw .invalidDigits(requested: digits, reason: "between 1 and \(Precision.maximumDecimalDigits) digits")
        }
        var yNorm = 0.0, xNorm = 0.0
        for value in y {
            let v = BigFloat(value, precision: 53).doubleValue
            yNorm += v * v
        }
        for j in 0..<(x.first?.count ?? 0) {
            var column = 0.0
            for row in x {
                let v = BigFloat(row[j], precision: 53).doubleValue
                column += v * v
            }
            xNorm = Swift.max(xNorm, column)
        }
        let argumentBound = 4 * Swift.max(horizon, 1) * (yNorm.squareRoot() + 1) * (xNorm.squareRoot() + 1)
        let precision = Int((Double(digits) * 3.3219280948873626).rounded(.up)) + 40 + Int(argumentBound.magnitude.exponent) + 1
        field = try DiagonalRegressionTimeField(x: x, y: y, network: network, precision: precision)
        self.digits = digits
        let columns = Swift.min(24, Swift.max(6, digits / 4 + 4))
        solver = TimeClockFlowSolver(
            system: field, method: .extrapolation(columns: columns),
            initialState: BigVector(count: x.count, precision: precision),
            log10Tolerance: -Double(digits + 5), initialStep: BigFloat(exactly: 1e-3, precision: precision))
    }

    public var precision: Int { field.precision }
    public var time: BigFloat { solver.time }
    /// η(t).
    public var eta: [BigFloat] { solver.state.elements }
    /// w(t) (the regression predictor β).
    public var predictor: [BigFloat] { field.predictor(solver.state)!.w.elements }
    /// L(t) = ½‖Xw − y‖².
    public var loss: BigFloat {
        let r = field.residual(field.predictor(solver.state)!.w)
        var sum = BigFloat(precision: precision)
        for n in 0..<r.count { sum += r[n] * r[n] }
        return sum / 2
    }
    public var acceptedSteps: Int { solver.acceptedSteps }
    public var rejectedSteps: Int { solver.rejectedSteps }

    /// Integrates to time `t` (≥ the current time).
    public mutating func advance(to t: BigFloat) throws(FlowError) {
        try solver.advance(to: t)
    }
}
