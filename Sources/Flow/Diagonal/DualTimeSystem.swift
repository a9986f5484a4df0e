import Integrators
import Multiprecision

/// `DualFlowField` in physical time (MATH.md (1.2)): dν/dt = r(ν), r the samples' negative loss
/// derivatives (`DualFlowField.physicalRates`), in the clock t or s = ln t (dν/ds = t·r). The
/// clock of plateaus (DESIGN.md §2.7): while the loss barely moves, ν moves at an O(1) rate in t,
/// where in the loss clock it moves at a rate ~ α^{-2}.
///
/// State: ν (N entries; the time variable is the clock itself). Jacobian: −diag(q) K, exact, with
/// K = Z diag(H) Zᵀ, times t in the ln t clock. Error norm of a difference δν: the larger of
/// max_i |H_i (Zᵀδν)_i| / (‖w‖_∞ + u), the relative change it causes in w (u the
/// initialization's own scale), and ‖δν‖_∞ / (1 + ‖ν‖_∞) — the norm `DualFlowSystem` uses for ν.
final class DualTimeSystem: StiffSystem {
    /// The independent variable: t itself, or s = ln t (t > 0).
    enum Clock: String {
        case time = "t"
        case logTime = "ln t"
    }

    let field: DualFlowField
    let clock: Clock
    let unit: BigFloat
    private var recent = RecentStateCache<(rates: BigVector, slopes: [BigFloat], point: DualFlowField.ModelPoint)>()

    init(field: DualFlowField, clock: Clock, unit: BigFloat) {
        self.field = field
        self.clock = clock
        self.unit = BigFloat(unit, precision: field.precision)
    }

    var dimension: Int { field.samples }
    var precision: Int { field.precision }
    var refreshesJacobian: Bool { field.samples + 1 < RadauStepper.kroneckerDimension }

    /// The rates at y, kept for the most recent states.
    private func rates(_ y: BigVector) -> (rates: BigVector, slopes: [BigFloat], point: DualFlowField.ModelPoint)? {
        recent.value(for: y) { field.physicalRates($0) }
    }

    /// dt/dx at clock value x: 1 in t, t = e^x in ln t.
    func timeRate(at x: BigFloat) -> BigFloat { clock == .logTime ? BigFloat.exp(x) : BigFloat(1, precision: precision) }

    func derivative(at x: BigFloat, _ y: BigVector) -> BigVector? {
        guard var result = rates(y)?.rates else { return nil }
        guard clock == .logTime else { return result }
        let t = BigFloat.exp(x)
        for k in 0..<result.count { result[k] = t * result[k] }
        return result
    }

    func jacobian(at x: BigFloat, _ y: BigVector) -> BigMatrix? {
        guard let value = rates(y) else { return nil }
        var jacobian = field.kernelMatrix(metric: value.point.metric)
        let scale = -timeRate(at: x)
        for a in 0..<jacobian.rows {
            let factor = scale * value.slopes[a]
            for b in 0..<jacobian.columns { jacobian[a, b] = factor * jacobian[a, b] }
        }
        return jacobian
    }

    func jacobianGrowth(from x: BigFloat, to other: BigFloat) -> BigFloat {
        clock == .logTime ? BigFloat.exp(other - x) : BigFloat(1, precision: precision)
    }

    /// On a plateau ν moves linearly in t while w grows like e^{4G}: the Euler predictor is then
    /// the flow itself, and the step is bounded by where the rates change, not by w's growth. A
    /// predictor is admitted when the rates at y + change differ from those at y by at most
    /// ‖r(y)‖_∞: a step cannot reach past a transient (the escape from a plateau changes the rates
    /// by O(1)) without its predictor seeing it.
    func admitsPredictor(from y: BigVector, change: BigVector, norm: (BigVector) -> Double) -> Bool {
        guard let start = rates(y)?.rates else { return false }
        var probe = y
        for k in 0..<probe.count { probe[k] = y[k] + change[k] }
        guard let end = field.physicalRates(probe)?.rates else { return false }
        var scale = BigFloat(precision: precision), difference = BigFloat(precision: precision)
        for k in 0..<start.count {
            scale = BigFloat.maximum(scale, start[k].magnitude)
            difference = BigFloat.maximum(difference, (end[k] - start[k]).magnitude)
        }
        return !difference.isNaN && difference <= scale
    }

    func errorNorm(at y: BigVector) -> ((BigVector) -> Double)? {
        guard let point = rates(y)?.point else { return nil }
        return field.errorNorm(nu: y, w: point.w, metric: point.metric, unit: unit, time: nil)
    }
}
