import Integrators
import Multiprecision
import Testing

/// Events located on the dense output against closed-form roots: on the rotation y = (cos t,
/// sin t) the zeros of y₁ are π/2 and 3π/2, on y′ = −y² the crossing y = 1/π is at t = π − 1.
/// The located time is the root of g on the numerical solution to working precision (|g| at
/// the located state at the rounding level) and so the exact root to the solution's accuracy.
@Suite("Event location")
struct EventLocationTests {
    static let precision = 256

    @Test("zeros of cos t with Radau IIA and with extrapolation", arguments: [IntegrationAlgorithm.radauIIA(), .extrapolation()])
    func rotationZeros(algorithm: IntegrationAlgorithm) throws {
        let p = Self.precision
        let down = ODEEvent(name: "y1 falls through 0", direction: .decreasing) { _, y in y[0] }
        let up = ODEEvent(name: "y1 rises through 0", direction: .increasing) { _, y in y[0] }
        let problem = ODEProblem(
            system: Rotation(), start: Rational(0), initialState: [Rational(1), Rational(0)], end: Rational(6),
            precision: p, log10Tolerance: -60, events: [down, up])
        let solution = try problem.solve(algorithm)
        #expect(solution.events.map(\.index) == [0, 1])
        let pi = BigFloat.pi(precision: p)
        let roots = [pi / 2, 3 * pi / 2]
        for (event, root) in zip(solution.events, roots) {
            #expect(AgreedDigits.scalar(event.time, root) >= 56, "\(event.name): \(event.time) against \(root)")
            // The root of g on the numerical solution: |y₁| at the located state near the rounding level.
            #expect((event.state[0].log10Magnitude ?? -.infinity) < -70, "\(event.name): g = \(event.state[0])")
            // The state there is the solution's: (0, ∓1) to its accuracy.
            #expect(AgreedDigits.scalar(event.state[1].magnitude, BigFloat(1, precision: p)) >= 56)
        }
    }

    @Test(
        "a terminal event ends the solve there (y = 1/π on y′ = −y² at t = π − 1)",
        arguments: [IntegrationAlgorithm.radauIIA(), .extrapolation(), .automatic])
    func terminal(algorithm: IntegrationAlgorithm) throws {
        let p = Self.precision
        let level = ODEEvent(name: "y = 1/π", terminal: true) { _, y in y[0] - 1 / BigFloat.pi(precision: y.precision) }
        let problem = ODEProblem(
            system: Riccati(), start: Rational(0), initialState: [Rational(1)],
            targets: [Rational(1), Rational(4)], precision: p, log10Tolerance: -60, events: [level])
        let solution = try problem.solve(algorithm)
        let occurrence = try #require(solution.terminalEvent)
        let root = BigFloat.pi(precision: p) - 1
        #expect(AgreedDigits.scalar(occurrence.time, root) >= 56, "\(occurrence.time) against \(root)")
        #expect(solution.times.last.map { $0 == occurrence.time } == true)
        // Only the first target (t = 1 < π − 1) was reached.
        #expect(solution.targets == [Rational(1)])
        #expect(solution(at: BigFloat(Rational(7, 2), precision: p)) == nil)
    }
}
