import Flow
import Foundation
import Limits
import Multiprecision
import Testing

/// MATH.md T10 / §3.5: for regression with the squared loss, the t → ∞ limit of gradient flow is
/// argmin Q^D_α subject to Xw = y, computed independently by dual Newton (Limits).
@Suite("Regression limit equals argmin Q^D_α")
struct RegressionLimitTests {
    // The saddle-to-saddle fixture of MATH.md T11 (shared/data/T11.csv).
    static let x: [[Rational]] = [["1", "0.5", "0.7", "0"], ["0.5", "1", "0.1", "0.7"]].map { $0.map { try! Rational(decimal: $0) } }
    static let y = [Rational(1), Rational(0)]

    @Test("D = 2 and 3, α = 1 and 1/2: 30 digits", arguments: [(2, "1"), (3, "1"), (2, "0.5")])
    func limitMatchesDualNewton(depth: Int, alpha: String) throws {
        let a = try Rational(decimal: alpha)
        let network = try DiagonalNetwork(depth: depth, alpha: a, dimension: 4)
        // L = ½‖r‖² = e^{−τ}: at τ = 200 the residual is ~e^{−100}, far below 30 digits of w.
        let problem = try FlowProblem(
            data: .regression(x: Self.x, y: Self.y), network: network, loss: .squared,
            checkpoints: [.tau("200")], digits: 30)
        let flow = try VerifiedFlowSolver(problem: problem).solve().checkpoints[0]
        var mu = Rational(1)
        for _ in 0..<depth { mu = mu * a }
        let limit = try DualNewtonSolver(options: .init(precision: 256)).solve(
            RegularizedLimitProblem(regressionRows: Self.x, targets: Self.y, depth: depth, mu: mu))
        let scale = limit.w.map { $0.magnitude }.max()!.formatted(significantDigits: 50)
        for (value, reference) in zip(flow.checkpoint.w, limit.w) {
            #expect(FlowFixtures.agreement(value, reference.formatted(significantDigits: 50), scale: scale) >= 30)
        }
    }
}
