import Integrators
import Multiprecision

/// Gradient flow θ′ = −∇L(θ) of a `GradientModel` (or the modified flow with step η, see
/// `GradientFlowSystem`) from θ(0) to given physical times, with verified digits.
///
/// Method: explicit extrapolation (`ExplicitFlowIntegrator`) in physical time, meant for the
/// non-stiff, moderate horizons of these models (squared loss: the residual decays exponentially
/// and nothing stiffens). Verification as in `VerifiedFlowSolver`: a run at precision p and local
/// tolerance tol and one at about 1.5p and a much tighter tolerance; each state carries the
/// normwise digits on which they agree, and fewer than `digits` is an error.
public struct GradientFlowSolver: Sendable {
    public var model: any GradientModel
    /// Physical times, exact, non-negative and increasing.
    public var times: [Rational]
    public var digits: Int
    /// η for the modified flow L + (η/4)‖∇L‖²; nil for gradient flow.
    public var modifiedStep: Rational?

    public init(model: any GradientModel, times: [Rational], digits: Int = 30, modifiedStep: Rational? = nil) throws(FlowError) {
        guard !times.isEmpty else { throw .invalidCheckpoint("no time was given") }
        guard times.allSatisfy({ $0.signum >= 0 }) else { throw .invalidCheckpoint("times must be ≥ 0") }
        guard zip(times, times.dropFirst()).allSatisfy({ $0.0 < $0.1 }) else { throw .invalidCheckpoint("times must increase") }
        guard digits >= 1, digits <= 2000 else { throw .invalidDigits(requested: digits, reason: "ask for 1 to 2000 digits") }
        if let modifiedStep, modifiedStep.signum <= 0 { throw .invalidCheckpoint("the step η must be positive, got \(modifiedStep)") }
        self.model = model
        self.times = times
        self.digits = digits
        self.modifiedStep = modifiedStep
    }

    /// The verified states.
    public struct Solution: Sendable {
        public var times: [Rational]
        /// θ at each time, from the more accurate run.
        public var parameters: [BigVector]
        /// Normwise digits on which the two runs agree at each time.
        public var verifiedDigits: [Int]
        /// Bits of the more accurate run, and its accepted steps to the last time.
        public var precisionBits: Int
        public var steps: [Int]
    }

    /// One unverified run at `precision` bits and local tolerance 10^`log10Tolerance`.
    public func run(precision: Int, log10Tolerance: Double) throws(FlowError) -> (states: [BigVector], steps: Int) {
        let system = GradientFlowSystem(model: model, precision: precision, modifiedStep: modifiedStep)
        let targets = times.map { BigFloat($0, precision: precision) }
        let integrator = ExplicitFlowIntegrator(columns: ExplicitFlowIntegrator.columns(log10Tolerance: log10Tolerance))
        do throws(IntegrationError) {
            return try integrator.integrate(system, from: BigFloat(precision: precision), model.initialParameters(precision: precision),
                                            to: targets, log10Tolerance: log10Tolerance)
        } catch { throw FlowError(error, clock: "t") }
    }

    public func solve() throws(FlowError) -> Solution {
        let settings = VerifiedFlowSolver.runSettings(digits: digits)
        let coarse = try run(precision: settings[0].precision, log10Tolerance: settings[0].log10Tolerance)
        let fine = try run(precision: settings[1].precision, log10Tolerance: settings[1].log10Tolerance)
        var agreed = [Int]()
        for (a, b) in zip(coarse.states, fine.states) {
            let value = VerifiedFlowSolver.normwiseAgreement(a.elements, b.elements)
            if value < digits { throw .digitsNotDelivered(requested: digits, delivered: value, at: "t = \(times[agreed.count])") }
            agreed.append(value)
        }
        return Solution(times: times, parameters: fine.states, verifiedDigits: agreed, precisionBits: settings[1].precision,
                        steps: [coarse.steps, fine.steps])
    }
}
