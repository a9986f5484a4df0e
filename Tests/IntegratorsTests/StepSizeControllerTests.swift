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

    @Test("the tuning is the value's own")
    func tuning() {
        let custom = StepSizeController(safety: 0.9, largestGrowth: 2)
        #expect(custom.growth(log10Error: -80, log10Tolerance: -30, order: 3) == 2)
        #expect(abs(custom.growth(log10Error: -30, log10Tolerance: -30, order: 3) - 0.9) < 1e-15)
    }
}
