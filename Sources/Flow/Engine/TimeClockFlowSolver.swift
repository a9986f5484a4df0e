import Foundation
import Integrators
import Multiprecision

/// An adaptive integrator for an autonomous ODE y′ = f(y) in physical time t, landing exactly on
/// the times asked for: the driver of flows that are followed in t itself (regression saddle
/// dynamics, MATH.md §7.1; the LP flow, §6.2) rather than in the loss clock.
///
/// Methods, chosen by type: explicit Gragg–Bulirsch–Stoer extrapolation (`ExtrapolationStepper`,
/// order 2k) for non-stiff problems, and the s-stage Radau IIA method (`RadauStepper`, order
/// 2s − 1, L-stable) for stiff ones, with a fresh Jacobian at every step.
///
/// Accuracy contract: each accepted step's estimated local error, measured in the system's error
/// norm, is at most 10^log10Tolerance; the global error is not bounded by the integrator (callers
/// verify digits by a second run at a tighter tolerance and higher precision). Steps are
/// controlled by `controller`: h′ = h·0.9·(tol/err)^{1/(q+1)} with q the order of the error
/// estimate, limited to a factor in [0.2, 4] (a failed step shrinks by 0.2).
struct TimeClockFlowSolver {
    enum Method {
        case extrapolation(columns: Int)
        case radau(stages: Int)
    }

    let system: StiffSystem
    let log10Tolerance: Double
    private let extrapolation: ExtrapolationStepper?
    private let radau: RadauStepper?
    /// The current time and state.
    private(set) var time: BigFloat
    private(set) var state: BigVector
    /// The step size the controller proposes next.
    private(set) var step: BigFloat
    private(set) var acceptedSteps = 0
    private(set) var rejectedSteps = 0
    /// Accepted steps before giving up.
    var maximumSteps = 1_000_000
    var controller = StepSizeController(
        safety: 0.9, smallestGrowth: 0.2, largestGrowth: 4,
        smallestShrink: 0.2, largestShrink: 0.9, failureShrink: 0.2)

    init(system: StiffSystem, method: Method, initialState: BigVector, log10Tolerance: Double, initialStep: BigFloat) {
        self.system = system
        self.log10Tolerance = log10Tolerance
        switch method {
        case let .extrapolation(columns):
            extrapolation = ExtrapolationStepper(columns: columns)
            radau = nil
        case let .radau(stages):
            extrapolation = nil
            radau = RadauStepper(stages: stages, precision: system.precision)
        }
        time = BigFloat(precision: system.precision)
        state = initialState
        step = initialStep
    }

    private var estimateOrder: Int { extrapolation?.estimateOrder ?? radau!.estimateOrder }

    /// Integrates to `target` ≥ the current time, landing on it exactly.
    mutating func advance(to target: BigFloat) throws(FlowError) {
        let p = system.precision
        let target = BigFloat(target, precision: p)
        var shrinks = 0
        // The last accepted step not shortened to land (log10 size and error): the history of the
        // controller's predictive factor.
        var lastAccepted: (log10Size: Double, log10Error: Double)? = nil
        while time < target {
            guard acceptedSteps < maximumSteps else {
                throw .stepSizeCollapsed(clock: "t", at: "t = \(time.formatted(significantDigits: 8)) (\(maximumSteps) steps)")
            }
            let remaining = target - time
            let landing = step >= remaining
            let h = landing ? remaining : step
            let log10Error: Double
            var accepted: BigVector? = nil
            if let extrapolation {
                guard let slope = system.derivative(at: time, state) else {
                    throw .leftDomain("at t = \(time.formatted(significantDigits: 8))")
                }
                switch extrapolation.step(system, from: time, state, size: h, initialDerivative: slope, log10Tolerance: log10Tolerance) {
                case let .accepted(next, error):
                    accepted = next
                    log10Error = error
                case let .rejected(error): log10Error = error
                case .leftDomain: log10Error = .infinity
                }
            } else {
                guard let jacobian = system.jacobian(at: time, state) else {
                    throw .leftDomain("at t = \(time.formatted(significantDigits: 8))")
                }
                switch radau!.step(system, from: time, state, size: h, jacobian: jacobian, log10Tolerance: log10Tolerance) {
                case let .accepted(next, error, _, _):
                    accepted = next
                    log10Error = error
                case let .rejected(error): log10Error = error
                case .newtonFailed: log10Error = .infinity
                }
            }
            let size = h.log10Magnitude ?? -Double.infinity
            let history = lastAccepted.flatMap { landing ? nil : (size - $0.log10Size, $0.log10Error) }
            let factor =
                accepted == nil
                ? controller.shrink(log10Error: log10Error, log10Tolerance: log10Tolerance, order: estimateOrder)
                : controller.growth(log10Error: log10Error, log10Tolerance: log10Tolerance, order: estimateOrder, previous: history)
            lastAccepted = accepted == nil || landing ? nil : (size, log10Error)
            if let next = accepted {
                state = next
                time = landing ? target : time + h
                acceptedSteps += 1
                shrinks = 0
                // A landing step shorter than the proposal does not shrink the next proposal.
                if !landing || factor < 1 { step = h * BigFloat(exactly: factor, precision: p) }
                if landing && factor >= 1 && h > step { step = h }
            } else {
                rejectedSteps += 1
                shrinks += 1
                step = h * BigFloat(exactly: factor, precision: p)
                if shrinks > 60 || step.isZero {
                    throw .stepSizeCollapsed(clock: "t", at: "t = \(time.formatted(significantDigits: 8))")
                }
            }
        }
    }
}
