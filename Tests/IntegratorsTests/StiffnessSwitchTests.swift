import Integrators
import Multiprecision
import Testing

/// The stiffness switch on its own (its rule on given step sizes and Jacobian norms), and in a
/// solve: on Prothero–Robinson with λ = −10⁴ the explicit phase hands over to Radau IIA, whose
/// result is still cos t; on a problem with a zero Jacobian it never switches.
@Suite("Stiffness switch")
struct StiffnessSwitchTests {
    @Test("three stability-bound steps in a row switch; a non-bound step resets the count")
    func rule() {
        var monitor = StiffnessSwitch.Monitor(rule: StiffnessSwitch())
        do {
            let stiff = monitor.observe(stepSize: 0.01, jacobianNorm: 30)
            #expect(!stiff)
        }  // h‖J‖ = 0.3
        do {
            let stiff = monitor.observe(stepSize: 0.01, jacobianNorm: 30)
            #expect(!stiff)
        }
        do {
            let stiff = monitor.observe(stepSize: 0.001, jacobianNorm: 30)
            #expect(!stiff)
        }  // 0.03: reset
        #expect(monitor.count == 0)
        do {
            let stiff = monitor.observe(stepSize: 0.01, jacobianNorm: 25)
            #expect(!stiff)
        }  // 0.25: at the threshold counts
        do {
            let stiff = monitor.observe(stepSize: 0.01, jacobianNorm: 25)
            #expect(!stiff)
        }
        do {
            let stiff = monitor.observe(stepSize: 0.01, jacobianNorm: 25)
            #expect(stiff)
        }
        // One-way: later non-stiff steps do not switch back.
        do {
            let stiff = monitor.observe(stepSize: 1e-9, jacobianNorm: 1)
            #expect(stiff)
        }
    }

    @Test("with a quiet-change condition only stability-bound steps that barely move the solution count")
    func quietChange() {
        var monitor = StiffnessSwitch.Monitor(rule: StiffnessSwitch(largestQuietChange: -6))
        var asked = 0
        func observe(_ h: Double, _ change: Double) -> Bool {
            monitor.observe(stepSize: h, jacobianNorm: 100) {
                asked += 1
                return change
            }
        }
        // h‖J‖ = 1, but a transient moving θ by 1e-3 per step: never counted.
        for _ in 0..<5 {
            let stiff = observe(0.01, -3)
            #expect(!stiff)
        }
        #expect(monitor.count == 0)
        let below = observe(0.001, -20)
        #expect(!below)
        #expect(asked == 5)  // below the threshold the change is not asked for
        let first = observe(0.01, -7), second = observe(0.01, -6), third = observe(0.01, -30)
        #expect(!first && !second && third)
    }

    @Test("the rule's constants are the value's own")
    func tuning() {
        var rule = StiffnessSwitch()
        rule.threshold = 2
        rule.consecutiveSteps = 1
        var monitor = StiffnessSwitch.Monitor(rule: rule)
        do {
            let stiff = monitor.observe(stepSize: 0.1, jacobianNorm: 19)
            #expect(!stiff)
        }
        do {
            let stiff = monitor.observe(stepSize: 0.1, jacobianNorm: 20)
            #expect(stiff)
        }
    }

    @Test("Prothero–Robinson (λ = −10⁴): explicit first, then Radau IIA, y = cos t to the tolerance")
    func switchesOnStiffProblem() throws {
        let p = 200
        let problem = ODEProblem(
            system: ProtheroRobinson(lambda: -10_000), start: Rational(0), initialState: [Rational(1)],
            targets: [Rational(1), Rational(5)], precision: p, log10Tolerance: -40)
        let solution = try problem.solve(.automatic)
        #expect(solution.statistics.explicitSteps > 0)
        #expect(solution.statistics.implicitSteps > 0)
        #expect(solution.statistics.switchedToImplicitAt != nil)
        for (t, y) in zip(solution.targets, solution.targetStates) {
            let exact = BigFloat.cos(BigFloat(t, precision: p))
            #expect(AgreedDigits.scalar(y[0], exact) >= 38, "t = \(t): \(y[0]) against \(exact)")
        }
    }

    /// y′ = cos t: ∂f/∂y = 0, never stiff.
    struct Quadrature: ODESystem {
        var dimension: Int { 1 }
        func derivative(at t: BigFloat, _ y: BigVector) -> BigVector? { BigVector([BigFloat.cos(t)], precision: y.precision) }
    }

    @Test("a zero Jacobian never switches, and y = sin t")
    func staysExplicit() throws {
        let p = 200
        let problem = ODEProblem(
            system: Quadrature(), start: Rational(0), initialState: [Rational(0)], end: Rational(3),
            precision: p, log10Tolerance: -40)
        let solution = try problem.solve(.automatic)
        #expect(solution.statistics.implicitSteps == 0)
        #expect(solution.statistics.switchedToImplicitAt == nil)
        #expect(AgreedDigits.scalar(solution.targetStates[0][0], BigFloat.sin(BigFloat(3, precision: p)), floor: 1) >= 38)
    }
}
