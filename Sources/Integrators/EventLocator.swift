import Multiprecision

/// Locates a root of an event function g inside one accepted step, between two samples where g
/// changed sign.
///
/// Method: the Illinois variant of regula falsi on G(t) = g(t, u(t)), u the step's dense output,
/// until the bracket is a few ulps of t wide; then, for a Radau IIA step, whose collocation
/// polynomial has order s + 1 only, Newton's method on g(t, y(t)) with y(t) the full-order value
/// of a collocation step from the step's start to t (`RadauStepper.restartedState`) and the
/// slope of G along the polynomial (a secant over 2^(−p/2)), until the correction is below
/// a few ulps. Accuracy: the root of g on the numerical solution to working precision, as far as
/// g's own evaluation allows; its distance from the exact root is the solution's error there
/// divided by |dg/dt|.
struct EventLocator {
    let event: ODEEvent
    let system: ODESystemAdapter
    let step: DenseStep
    let tolerance: Double

    /// Illinois iterations at most (each halves the bracket at worst, so this covers any precision
    /// used with a margin for g's rounding).
    static let maximumIterations = 4096
    /// Newton polish iterations at most.
    static let maximumPolish = 12

    /// The root between samples a and b (g(a) = ga and g(b) = gb of opposite signs, or gb = 0),
    /// with `stateB` the state at b.
    func locate(between a: BigFloat, _ ga: BigFloat, and b: BigFloat, _ gb: BigFloat, stateAtB: BigVector) -> (
        time: BigFloat, state: BigVector
    ) {
        let p = a.precision
        var left = a, right = b, fLeft = ga, fRight = gb
        var side = 0
        var root = b, rootState = stateAtB
        if !gb.isZero {
            for _ in 0..<Self.maximumIterations {
                let width = right - left
                let scale = BigFloat.maximum(BigFloat.maximum(left.magnitude, right.magnitude), BigFloat(1, precision: p))
                if width <= BigFloat.scaled(scale, byPowerOfTwo: 4 - p) { break }
                var middle = right - fRight * width / (fRight - fLeft)
                if !(middle > left && middle < right) { middle = BigFloat.scaled(left + right, byPowerOfTwo: -1) }
                guard let state = step.state(at: middle, system: system) else { break }
                let value = event.function(middle, state)
                root = middle
                rootState = state
                if value.isZero { break }
                if (value.signum < 0) == (fRight.signum < 0) {
                    right = middle
                    fRight = value
                    if side == 1 { fLeft = BigFloat.scaled(fLeft, byPowerOfTwo: -1) }
                    side = 1
                } else {
                    left = middle
                    fLeft = value
                    if side == -1 { fRight = BigFloat.scaled(fRight, byPowerOfTwo: -1) }
                    side = -1
                }
            }
        }
        guard case let .collocation(stepper, history) = step else { return (root, rootState) }
        return polish(root, stepper, history, bracket: (a, b))
    }

    /// The Newton tolerance of the full-order values: ten digits below the step's tolerance, but
    /// above the working precision's floor (where the stage iteration could not converge).
    private func polishTolerance(_ p: Int) -> Double {
        min(tolerance, max(tolerance - 10, -Double(p) * 0.30103 + 6))
    }

    private func polish(
        _ start: BigFloat, _ stepper: RadauStepper, _ history: RadauStepper.History,
        bracket: (BigFloat, BigFloat)
    ) -> (time: BigFloat, state: BigVector) {
        let p = start.precision
        let fallback = (start, stepper.denseState(history, at: start))
        guard let jacobian = system.jacobian(at: history.x, history.y) else { return fallback }
        // The slope of G along the polynomial: a central difference over δ = 2^(−p/2)·scale.
        let scale = BigFloat.maximum(start.magnitude, BigFloat(1, precision: p))
        let delta = BigFloat.scaled(scale, byPowerOfTwo: -p / 2)
        let slope =
            (event.function(start + delta, stepper.denseState(history, at: start + delta))
                - event.function(start - delta, stepper.denseState(history, at: start - delta))) / (2 * delta)
        guard !slope.isZero, slope.isFinite else { return fallback }
        var t = start
        var best = fallback
        for _ in 0..<Self.maximumPolish {
            guard t > bracket.0, t <= bracket.1,
                let state = stepper.restartedState(system, history, at: t, jacobian: jacobian, log10Tolerance: polishTolerance(p))
            else { break }
            best = (t, state)
            let value = event.function(t, state)
            if value.isZero { break }
            let correction = value / slope
            t = t - correction
            if correction.magnitude <= BigFloat.scaled(scale, byPowerOfTwo: 4 - p) {
                if t > bracket.0, t <= bracket.1,
                    let final = stepper.restartedState(system, history, at: t, jacobian: jacobian, log10Tolerance: polishTolerance(p))
                {
                    best = (t, final)
                }
                break
            }
        }
        return best
    }
}
