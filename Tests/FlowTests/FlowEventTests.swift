import Flow
import Foundation
import Multiprecision
import Testing

/// Support-set events (|w_i| crossing the initialization scale (a₊a₋)^{D/2}) located inside the
/// integrator's steps, against closed forms of the single data point z = (1, 2) (MATH.md T4).
@Suite("Flow events")
struct FlowEventTests {
    static let z = [[Rational(1), Rational(2)]]

    /// D = 2, α = 1: w_i = 2 sinh(4 z_i g) along the flow and τ = −ln L = zᵀw. With a = arcsinh(1/2),
    /// |w_2| = 1 at 8g = a, where τ = 2 + 2 sinh(a/2); |w_1| = 1 at 4g = a, where w_2 = 2 sinh(2a) = √5
    /// and τ = 1 + 2√5.
    @Test("D = 2: support events at τ = 2 + 2 sinh(arcsinh(1/2)/2) and 1 + 2√5, 25 digits")
    func supportEventsMatchTheClosedForm() throws {
        let p = 256
        let half = BigFloat(1, precision: p) / 2
        let a = BigFloat.log(half + BigFloat.sqrt(half * half + 1))
        let sinhHalfA = (BigFloat.exp(a / 2) - BigFloat.exp(-a / 2)) / 2
        let second = 2 + 2 * sinhHalfA
        let first = 1 + 2 * BigFloat.sqrt(BigFloat(5, precision: p))
        let network = try DiagonalNetwork(depth: 2, alpha: Rational(1), dimension: 2)
        var problem = try FlowProblem(
            data: .classification(z: Self.z), network: network, loss: .exponential,
            checkpoints: [.tau("20")], digits: 30)
        problem.events = [.support]
        let events = try VerifiedFlowSolver(problem: problem).solve().events
        #expect(events.map(\.kind) == [.supportChange(coordinate: 1, entering: true), .supportChange(coordinate: 0, entering: true)])
        guard events.count == 2 else { return }
        for (event, exact) in zip(events, [second, first]) {
            #expect((event.verifiedDigits ?? 0) >= 25)
            let error = (BigFloat(event.tau, precision: p) - exact).magnitude / exact
            #expect(error.log10Magnitude ?? -Double.infinity < -25, "τ = \(event.tau) against \(exact)")
        }
    }

    /// D = 3, α = 1/2 (no closed form for τ(g)): at the located τ of each event, an independent run
    /// that stops there by a τ checkpoint has |w_i| = α^D = 1/8 to the digits asked for.
    @Test("D = 3, α = 1/2: at each located support event an independent run has |w_i| = 1/8")
    func supportEventsAreZerosOfTheirFunction() throws {
        let network = try DiagonalNetwork(depth: 3, alpha: Rational(fraction: "1/2"), dimension: 2)
        var problem = try FlowProblem(
            data: .classification(z: Self.z), network: network, loss: .exponential,
            checkpoints: [.tau("20")], digits: 20)
        problem.events = [.support]
        let events = try VerifiedFlowSolver(problem: problem).solve().events
        #expect(events.count == 2)
        for event in events {
            guard case let .supportChange(i, entering) = event.kind else {
                Issue.record("unexpected \(event.kind)")
                continue
            }
            #expect(entering)
            let text = event.tau.formatted(significantDigits: 24)
            let check = try FlowProblem(
                data: .classification(z: Self.z), network: network, loss: .exponential,
                checkpoints: [.tau(text)], digits: 20)
            let w = try VerifiedFlowSolver(problem: check).solve().checkpoints[0].checkpoint.w[i]
            let error = (w.magnitude * 8 - 1).magnitude
            #expect(error.log10Magnitude ?? -Double.infinity < -19, "8|w\(i + 1)| − 1 = \(error) at τ = \(text)")
        }
    }

    /// F1, D = 2, α = 1: w_3 and w_4 change sign before τ = 2 (MATH.md §9 data); at each located τ an
    /// independent run stopped there has w_i = 0 to the 16 digits asked for, relative to ‖w‖∞.
    @Test("F1: at each located sign change an independent run has w_i = 0")
    func signChangesAreZerosOfTheCoordinate() throws {
        let network = try DiagonalNetwork(depth: 2, alpha: Rational(1), dimension: 6)
        var problem = try FlowProblem(
            data: .classification(z: FlowFixtures.f1), network: network, loss: .exponential,
            checkpoints: [.tau("2")], digits: 16)
        problem.events = [.sign, .support]
        let changes = try VerifiedFlowSolver(problem: problem).solve().events.compactMap { event -> (Int, BigFloat)? in
            if case let .signChange(i) = event.kind { return (i, event.tau) } else { return nil }
        }
        #expect(changes.map(\.0) == [2, 3])
        for (i, tau) in changes {
            let text = tau.formatted(significantDigits: 20)
            let check = try FlowProblem(
                data: .classification(z: FlowFixtures.f1), network: network, loss: .exponential,
                checkpoints: [.tau(text)], digits: 16)
            let w = try VerifiedFlowSolver(problem: check).solve().checkpoints[0].checkpoint.w
            let relative = w[i].magnitude / w.map(\.magnitude).max()!
            #expect(relative.log10Magnitude ?? -Double.infinity < -15, "w\(i + 1)/‖w‖∞ = \(relative) at τ = \(text)")
        }
    }
}
