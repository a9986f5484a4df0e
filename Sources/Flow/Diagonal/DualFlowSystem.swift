import Integrators
import Multiprecision

/// `DualFlowField` as a `StiffSystem` in the τ or σ = ln τ clock, with the error norm that
/// measures what a step's error does to the reported quantities.
///
/// Error norm of a state difference (δν, δT): the largest of
/// * max_i |H_i (Zᵀδν)_i| / (‖w‖_∞ + u): the relative change it causes in w, with u the
///   initialization's own scale (so w ≈ 0 at the start is measured against u);
/// * ‖δν‖_∞ / (1 + ‖ν‖_∞);
/// * |δT| / |T| (the time variable, relative; absolute while T = 0).
final class DualFlowSystem: StiffSystem, @unchecked Sendable {
    let field: DualFlowField
    let clock: FlowClock
    let unit: BigFloat
    let threads: Int

    init(field: DualFlowField, clock: FlowClock, unit: BigFloat, threads: Int = 1) {
        self.field = field
        self.clock = clock
        self.unit = BigFloat(unit, precision: field.precision)
        self.threads = max(1, threads)
    }

    /// Newton's method proper (stage Jacobians) below the Schur-form dimension: with the Newton
    /// matrix factored in binary64, a refresh costs little next to the rounds it saves (F1 to
    /// τ = 1e6 at 30 digits: about 11 rounds per step become 4; 5.96 s → 4.93 s). From
    /// `RadauStepper.kroneckerDimension` on, the stage matrix's Schur form is kept instead.
    var refreshesJacobian: Bool { field.dimension < RadauStepper.kroneckerDimension }
    var dimension: Int { field.dimension }
    var precision: Int { field.precision }

    /// The field's evaluations at the most recent states.
    private var recentEvaluations = RecentStateCache<DualFlowField.Evaluation>()

    private func evaluate(_ y: BigVector) -> DualFlowField.Evaluation? {
        recentEvaluations.value(for: y) { field.evaluate($0) }
    }

    func derivative(at x: BigFloat, _ y: BigVector) -> BigVector? {
        guard let evaluation = evaluate(y) else { return nil }
        return derivative(at: x, evaluation)
    }

    /// dy/dx from the field's evaluation: dy/dτ, times τ in the σ clock.
    private func derivative(at x: BigFloat, _ evaluation: DualFlowField.Evaluation) -> BigVector {
        guard clock == .logLoss else { return evaluation.derivative }
        var derivative = evaluation.derivative
        let tau = BigFloat.exp(x)
        for k in 0..<derivative.count { derivative[k] = tau * derivative[k] }
        return derivative
    }

    /// The states not evaluated recently are evaluated on `threads` threads (the field is
    /// thread-safe and each evaluation depends on its state alone), then kept in order.
    func derivatives(at clocks: [BigFloat], _ states: [BigVector]) -> [BigVector?] {
        zip(clocks, evaluations(states)).map { x, evaluation in evaluation.map { derivative(at: x, $0) } }
    }

    /// The field at each state: kept ones as they were, the others on `threads` threads.
    private func evaluations(_ states: [BigVector]) -> [DualFlowField.Evaluation?] {
        let known = states.map { recentEvaluations.kept(for: $0) }
        let missing = known.indices.filter { known[$0] == nil }
        let field = self.field
        let computed = DataParallel.map(count: missing.count, threads: threads) { field.evaluate(states[missing[$0]]) }
        var evaluations = known
        for (slot, index) in missing.enumerated() {
            evaluations[index] = computed[slot]
            if let evaluation = computed[slot] { recentEvaluations.keep(evaluation, for: states[index]) }
        }
        return evaluations
    }

    func jacobian(at x: BigFloat, _ y: BigVector) -> BigMatrix? {
        evaluate(y).map { jacobian(at: x, $0) }
    }

    /// The stage Jacobians on `threads` threads (after the evaluations, kept as `derivatives`
    /// keeps them).
    func jacobians(at clocks: [BigFloat], _ states: [BigVector]) -> [BigMatrix?] {
        let evaluations = evaluations(states)
        return DataParallel.map(count: states.count, threads: threads) { j in evaluations[j].map { self.jacobian(at: clocks[j], $0) } }
    }

    /// Which kernels the Jacobians are formed from (binary64 ones while `KernelPolicy.admits` them).
    var kernelPolicy = KernelPolicy.automatic

    /// ∂f/∂y from the field's evaluation.
    private func jacobian(at x: BigFloat, _ evaluation: DualFlowField.Evaluation) -> BigMatrix {
        let tau = clock == .logLoss ? BigFloat.exp(x) : BigFloat(1, precision: precision)
        func scaled(_ jacobian: BigMatrix) -> BigMatrix {
            guard clock == .logLoss else { return jacobian }
            var jacobian = jacobian
            for a in 0..<jacobian.rows { for b in 0..<jacobian.columns { jacobian[a, b] = tau * jacobian[a, b] } }
            return jacobian
        }
        // The τ clock's steps are about max(1, |τ|) times the σ clock's.
        let one = BigFloat(1, precision: precision)
        let sigmaScale = clock == .logLoss ? one : BigFloat.maximum(one, evaluation.tau.magnitude)
        if kernelPolicy.usesBinary64(samples: field.samples) {
            let approximate = scaled(field.jacobian(evaluation, binary64Kernel: true))
            if KernelPolicy.admits(approximate, sigmaScale: sigmaScale) { return approximate }
        }
        return scaled(field.jacobian(evaluation))
    }

    func jacobianGrowth(from x: BigFloat, to other: BigFloat) -> BigFloat {
        clock == .logLoss ? BigFloat.exp(other - x) : BigFloat(1, precision: precision)
    }

    func errorNorm(at y: BigVector) -> ((BigVector) -> Double)? {
        guard let evaluation = evaluate(y) else { return nil }
        return field.errorNorm(nu: y, w: evaluation.w, metric: evaluation.metric, unit: unit, time: y[field.samples])
    }
}
