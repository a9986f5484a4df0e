import Foundation
import Integrators
import Testing

/// The step-size controller on its own: h′/h = safety·(tol/err)^{1/(q+1)}, clamped, against
/// the formula evaluated here, and its special cases.
@Suite("Step-size controller")
struct StepSizeControllerTests {
    let controller = StepSizeController()

    @Test("growth after an accepted step is 0.8·10^((tol − err)/(q + 1)) inside the clamps")
    func growthFormula() {
        // err = 10^-33 against tol = 10^-30 with q = 9: 0.8 · 10^(3/10) = 1.5962…
        let factor = controller.growth(log10Error: -33, log10Tolerance: -30, order: 9)
        #expect(abs(factor - 0.8 * 1.9952623149688795) < 1e-12)
        // An error at the tolerance: the safety factor alone.
        #expect(abs(controller.growth(log10Error: -30, log10Tolerance: -30, order: 5) - 0.8) < 1e-15)
    }

    @Test("growth is clamped to [0.2, 4]; a zero error takes the largest growth")
    func growthClamps() {
        #expect(controller.growth(log10Error: -80, log10Tolerance: -30, order: 3) == 4)
        #expect(controller.growth(log10Error: -.infinity, log10Tolerance: -30, order: 3) == 4)
        #expect(controller.growth(log10Error: -20, log10Tolerance: -30, order: 1) == 0.2)
    }

    @Test("shrink after a rejection is clamped to [0.1, 0.9]; a failed step shrinks by 1/4")
    func shrink() {
        // err = 10^-28 against 10^-30, q = 4: 0.8 · 10^(−2/5) = 0.3183…
        #expect(abs(controller.shrink(log10Error: -28, log10Tolerance: -30, order: 4) - 0.8 * 0.3981071705534972) < 1e-12)
        #expect(controller.shrink(log10Error: 10, log10Tolerance: -30, order: 4) == 0.1)
        #expect(controller.shrink(log10Error: .infinity, log10Tolerance: -30, order: 4) == 0.1)
        // Just above the tolerance with a high order: the proposal 0.8·10^(−0.1/41) ≈ 0.795 stays.
        #expect(abs(controller.shrink(log10Error: -29.9, log10Tolerance: -30, order: 40) - 0.8 * 0.9943996793887969) < 1e-12)
        // A proposal above 0.9 (safety 1: 0.9944) is clamped: a rejected step must shrink.
        #expect(StepSizeController(safety: 1).shrink(log10Error: -29.9, log10Tolerance: -30, order: 40) == 0.9)
        #expect(controller.shrink(log10Error: .nan, log10Tolerance: -30, order: 4) == 0.25)
    }

    @Test("the step after a rejection does not grow; smaller proposals and the lower clamp still apply")
    func growthAfterRejection() {
        #expect(controller.growth(log10Error: -80, log10Tolerance: -30, order: 3, afterRejection: true) == 1)
        #expect(controller.growth(log10Error: -.infinity, log10Tolerance: -30, order: 3, afterRejection: true) == 1)
        #expect(abs(controller.growth(log10Error: -30, log10Tolerance: -30, order: 5, afterRejection: true) - 0.8) < 1e-15)
        #expect(controller.growth(log10Error: -20, log10Tolerance: -30, order: 1, afterRejection: true) == 0.2)
        #expect(
            StepSizeController(growthAfterRejection: 2).growth(log10Error: -80, log10Tolerance: -30, order: 3, afterRejection: true) == 2)
    }

    @Test("predictive growth: the elementary factor while err/h^(q+1) is steady, faster when it falls, never slower")
    func predictiveGrowth() {
        let q = 19, tol = -14.0
        let doubling = 0.30102999566398120  // log10 2
        // The error constant φ = err/h^{q+1} unchanged (err grew by 2^{q+1} over a doubled step):
        // the predictive factor equals the elementary one.
        let steadyError = -20 + Double(q + 1) * doubling
        let elementary = controller.growth(log10Error: steadyError, log10Tolerance: tol, order: q)
        let steady = controller.growth(log10Error: steadyError, log10Tolerance: tol, order: q, previous: (doubling, -20))
        #expect(abs(steady - elementary) < 1e-12)
        // The same error over a doubled step: φ fell by 2^{q+1}, and the extrapolated φ doubles the
        // elementary factor: 0.8 · 10^{6/20} · 2 = 3.19….
        let falling = controller.growth(log10Error: -20, log10Tolerance: tol, order: q, previous: (doubling, -20))
        #expect(abs(falling - 0.8 * pow(10, 6.0 / 20) * 2) < 1e-12)
        #expect(falling > controller.growth(log10Error: -20, log10Tolerance: tol, order: q))
        // φ rising (the error grew a hundredfold over a step of the same size): the elementary
        // factor, not less.
        let rising = controller.growth(log10Error: -18, log10Tolerance: tol, order: q, previous: (0, -20))
        #expect(rising == controller.growth(log10Error: -18, log10Tolerance: tol, order: q))
        // Clamped to the largest growth; without a usable history, the elementary factor.
        #expect(controller.growth(log10Error: -20, log10Tolerance: tol, order: q, previous: (3 * doubling, -20)) == 4)
        #expect(
            controller.growth(log10Error: -20, log10Tolerance: tol, order: q, previous: (doubling, -.infinity))
                == controller.growth(log10Error: -20, log10Tolerance: tol, order: q))
        #expect(
            controller.growth(log10Error: -20, log10Tolerance: tol, order: q, previous: nil)
                == controller.growth(log10Error: -20, log10Tolerance: tol, order: q))
    }

    @Test("the tuning is the value's own")
    func tuning() {
        let custom = StepSizeController(safety: 0.9, largestGrowth: 2)
        #expect(custom.growth(log10Error: -80, log10Tolerance: -30, order: 3) == 2)
        #expect(abs(custom.growth(log10Error: -30, log10Tolerance: -30, order: 3) - 0.9) < 1e-15)
    }
}
