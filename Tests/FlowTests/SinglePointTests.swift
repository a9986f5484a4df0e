import Flow
import Foundation
import Multiprecision
import Testing

/// MATH.md T4: one data point z = (1, 2). The flow's w̃ against the exact closed form solved in
/// mpmath at two precisions (Fixtures/make_single_point_reference.py, 50 agreed digits).
@Suite("Single data point (MATH.md T4)")
struct SinglePointTests {
    static let z = [[Rational(1), Rational(2)]]

    @Test("w̃ to 30 digits at τ = 10 … 1e100", arguments: [2, 3])
    func matchesClosedForm(depth: Int) throws {
        let fixture = try FlowFixtures.json("single_point_reference")
        let grid = try #require(fixture["grid"] as? [[String: Any]])
        let cases = grid.filter { $0["depth"] as? Int == depth && $0["alpha"] as? String == "1" }
        let taus = cases.map { $0["tau"] as! String }
        #expect(taus.count >= 5)
        let network = try DiagonalNetwork(depth: depth, alpha: Rational(1), dimension: 2)
        let problem = try FlowProblem(
            data: .classification(z: Self.z), network: network, loss: .exponential,
            checkpoints: taus.map { .tau($0) }, digits: 30)
        let trajectory = try VerifiedFlowSolver(problem: problem).solve()
        for (verified, expected) in zip(trajectory.checkpoints, cases) {
            #expect(verified.verifiedDigits >= 30)
            #expect(
                FlowFixtures.agreement(verified.checkpoint.wNormalized, expected["w_normalized"] as! [String]) >= 30,
                "τ = \(expected["tau"]!)")
            // With one sample γ = τ exactly (L = e^{−γ}).
            #expect(FlowFixtures.agreement(try #require(verified.checkpoint.gamma), expected["tau"] as! String) >= 30)
        }
    }

    /// Small initialization (issue 13): the flow first crosses a plateau on which the loss does not
    /// move (O(ln 1/α) long in t for D = 2, O(α^{-(D-2)}) for D = 3) in the physical-time clocks of
    /// `ClockRule`. Every coordinate of w̃, the tiny one (~α²) too, to 30 digits relative to itself,
    /// and log10 t, against the exact closed form (Fixtures/make_single_point_reference.py).
    @Test(
        "small α: w̃ componentwise and log10 t to 30 digits",
        arguments: [(2, "1e-30"), (2, "1e-100"), (2, "1e-300"), (3, "1e-30")])
    func smallInitialization(depth: Int, alpha: String) throws {
        let fixture = try FlowFixtures.json("single_point_reference")
        let grid = try #require(fixture["small_alpha_grid"] as? [[String: Any]])
        let cases = grid.filter { $0["depth"] as? Int == depth && $0["alpha"] as? String == alpha }
        #expect(cases.count == 2)
        let network = try DiagonalNetwork(depth: depth, alpha: Rational(decimal: alpha), dimension: 2)
        let problem = try FlowProblem(
            data: .classification(z: Self.z), network: network, loss: .exponential,
            checkpoints: cases.map { .tau($0["tau"] as! String) }, digits: 30)
        let trajectory = try VerifiedFlowSolver(problem: problem).solve()
        #expect(trajectory.statistics.allSatisfy { $0.timeClockSteps > 0 })
        for (verified, expected) in zip(trajectory.checkpoints, cases) {
            #expect(verified.verifiedDigits >= 30)
            let reference = expected["w_normalized"] as! [String]
            for (value, exact) in zip(verified.checkpoint.wNormalized, reference) {
                #expect(FlowFixtures.agreement(value, exact) >= 30, "w̃ at τ = \(expected["tau"]!): \(value) against \(exact)")
            }
            #expect(FlowFixtures.agreement(verified.checkpoint.log10Time, expected["log10_time"] as! String) >= 30)
        }
    }

    /// The μ = α^D/γ collapse: (α = 0.1, ε = 1e−10) and (α = 1, ε = 1e−1000) give the same w̃ for
    /// D = 2 (μ = 0.01/(10 ln 10) = 1/(1000 ln 10)), to 35 digits.
    @Test("μ-collapse to 35 digits")
    func muCollapse() throws {
        func normalized(alpha: String, log10Loss: String) throws -> [BigFloat] {
            let network = try DiagonalNetwork(depth: 2, alpha: Rational(decimal: alpha), dimension: 2)
            let problem = try FlowProblem(
                data: .classification(z: Self.z), network: network, loss: .exponential,
                checkpoints: [.log10Loss(log10Loss)], digits: 36)
            return try VerifiedFlowSolver(problem: problem).solve().checkpoints[0].checkpoint.wNormalized
        }
        let a = try normalized(alpha: "0.1", log10Loss: "-10")
        let b = try normalized(alpha: "1", log10Loss: "-1000")
        for (x, y) in zip(a, b) {
            #expect(FlowFixtures.agreement(x, y.formatted(significantDigits: 60)) >= 35)
        }
    }
}
