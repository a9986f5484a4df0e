import Flow
import Foundation
import Multiprecision
import Testing

/// Issue 13, small initialization on the public F1 data (exponential loss): from α = 1e-20 and
/// 1e-50 (and 1e-100 for D = 3, where the escape approaches the closed form's pole to ~α) the flow crosses a plateau of length O(ln 1/α) (D = 2) or O(α^{-1}) (D = 3) in physical
/// time, then runs in the loss clock. Against an independent heyoka integration in physical time
/// then in τ (Fixtures/make_small_alpha_reference.py, two runs agreeing to ≥ 45 digits): γ, w̃,
/// ν and log10 t at τ = 10, 100, 1000 to 30 digits.
@Suite("Small initialization: F1 against heyoka")
struct SmallInitializationF1Tests {
    @Test("γ, w̃, ν, log10 t to 30 digits", arguments: [(2, "1e-20"), (2, "1e-50"), (3, "1e-20"), (3, "1e-50"), (3, "1e-100")])
    func matchesHeyoka(depth: Int, alpha: String) throws {
        let fixture = try FlowFixtures.json("small_alpha_reference")
        let cases = try #require(fixture["cases"] as? [[String: Any]])
        let reference = try #require(cases.first { $0["depth"] as? Int == depth && $0["alpha"] as? String == alpha })
        let checkpoints = try #require(reference["checkpoints"] as? [[String: Any]])
        let network = try DiagonalNetwork(depth: depth, alpha: Rational(decimal: alpha), dimension: 6)
        let problem = try FlowProblem(
            data: .classification(z: FlowFixtures.f1), network: network, loss: .exponential,
            checkpoints: checkpoints.map { .tau($0["tau"] as! String) }, digits: 30)
        let trajectory = try VerifiedFlowSolver(problem: problem).solve()
        #expect(trajectory.statistics.allSatisfy { $0.timeClockSteps > 0 })
        for (verified, expected) in zip(trajectory.checkpoints, checkpoints) {
            let c = verified.checkpoint, tau = expected["tau"] as! String
            #expect(verified.verifiedDigits >= 30)
            #expect(FlowFixtures.agreement(try #require(c.gamma), expected["gamma"] as! String) >= 30, "γ at τ = \(tau)")
            #expect(FlowFixtures.agreement(c.wNormalized, expected["w_normalized"] as! [String]) >= 30, "w̃ at τ = \(tau)")
            #expect(FlowFixtures.agreement(c.nu, expected["nu"] as! [String]) >= 30, "ν at τ = \(tau)")
            #expect(FlowFixtures.agreement(c.log10Time, expected["log10_time"] as! String) >= 30, "log10 t at τ = \(tau)")
        }
    }
}
