import Foundation
import Multiprecision

/// Integrates a non-stiff ODE y′ = f(x, y) with the explicit Gragg–Bulirsch–Stoer extrapolation
/// method (`ExtrapolationStepper`) from (x₀, y₀) to increasing clock values, landing on each
/// exactly, at one working precision and local tolerance.
///
/// Step control: `controller` (by default 0.8·(tol/err)^{1/(order+1)}, clamped to [0.2, 4] on
/// acceptance and [0.1, 0.9] on rejection); a step that leaves the domain shrinks by 4. Accuracy contract:
/// local errors below `log10Tolerance` in the system's error norm; the global error is measured,
/// not assumed (`GradientFlowSolver` compares two runs).
package struct ExplicitFlowIntegrator {
    package var columns: Int
    package var maximumSteps = 1_000_000
    package var controller = StepSizeController()

    package init(columns: Int) { self.columns = columns }

    /// The extrapolation columns matched to a tolerance (order 2·columns): the order policy of
    /// `GraggBulirschStoer`.
    package static func columns(log10Tolerance: Double) -> Int { GraggBulirschStoer().columns(log10Tolerance: log10Tolerance) }

    /// The states at each of `targets` (increasing, all after `start`) and the accepted steps.
    package func integrate(
        _ system: StiffSystem, from start: BigFloat, _ initial: BigVector, to targets: [BigFloat],
        log10Tolerance: Double
    ) throws(IntegrationError) -> (states: [BigVector], steps: Int) {
        let precision = system.precision
        var x = start, y = initial
        var h = BigFloat(1, precision: precision) / 64
        let stepper = ExtrapolationStepper(columns: columns)
        var states = [BigVector](), steps = 0
        for target in targets {
            guard target >= x else {
                throw .targetBehind(target: target.formatted(significantDigits: 12), position: x.formatted(significantDigits: 12))
            }
            while x < target {
                guard steps < maximumSteps else { throw .stepLimitReached(at: x.formatted(significantDigits: 10), limit: maximumSteps) }
                var step = h
                let landing = x + step >= target
                if landing { step = target - x }
                guard let f = system.derivative(at: x, y) else { throw .leftDomain(at: x.formatted(significantDigits: 10)) }
                switch stepper.step(system, from: x, y, size: step, initialDerivative: f, log10Tolerance: log10Tolerance) {
                case let .accepted(state, error):
                    y = state
                    x = landing ? target : x + step
                    steps += 1
                    let factor = controller.growth(log10Error: error, log10Tolerance: log10Tolerance, order: stepper.estimateOrder)
                    h = BigFloat.product(
                        landing ? BigFloat.maximum(h, step) : step, BigFloat(exactly: factor, precision: 53), precision: precision)
                case let .rejected(error):
                    let factor = controller.shrink(log10Error: error, log10Tolerance: log10Tolerance, order: stepper.estimateOrder)
                    h = BigFloat.product(step, BigFloat(exactly: factor, precision: 53), precision: precision)
                case .leftDomain:
                    h = h / 4
                }
                if let size = h.log10Magnitude, size < -Double(precision) * 0.3 {
                    throw .stepSizeCollapsed(at: x.formatted(significantDigits: 10))
                }
            }
            states.append(y)
        }
        return (states, steps)
    }
}
