import Flow
import Foundation
import Multiprecision
import Testing

/// Checkpoints defined by the state (`CheckpointTarget.level`), located by root-finding inside the
/// integrator's step, against the heyoka reference of F1 (Fixtures/make_f1_reference.py).
@Suite("Level-crossing checkpoints")
struct LevelCrossingTests {
    static func reference(depth: Int, tau: String) throws -> [String: Any] {
        let fixture = try FlowFixtures.json("f1_reference")
        let depths = try #require(fixture["depths"] as? [[String: Any]])
        let checkpoints = try #require(depths.first { $0["depth"] as? Int == depth }?["checkpoints"] as? [[String: Any]])
        return try #require(checkpoints.first { $0["tau"] as? String == tau })
    }

    /// The reference γ at τ = 100 is reached exactly at τ = 100: root-finding on γ(τ) − γ_ref from
    /// the state must land on the reference's clock value and state to the digits asked for.
    @Test("γ(τ) = γ_ref(τ = 100) is located at τ = 100, D = 2, 25 digits")
    func marginLevelLandsOnReferenceClock() throws {
        let expected = try Self.reference(depth: 2, tau: "100")
        let gammaText = expected["gamma"] as! String
        let crossing = LevelCrossing(name: "γ − γ_ref", horizon: "1000") { checkpoint in
            let target = try! BigFloat(gammaText, precision: checkpoint.precisionBits)
            return checkpoint.gamma! - target
        }
        let problem = try FlowProblem(
            data: .classification(z: FlowFixtures.f1), network: DiagonalNetwork(depth: 2, alpha: Rational(1), dimension: 6),
            loss: .exponential, checkpoints: [.tau("10"), .level(crossing)], digits: 25)
        let trajectory = try VerifiedFlowSolver(problem: problem).solve()
        let located = trajectory.checkpoints[1]
        #expect(located.verifiedDigits >= 25)
        #expect(FlowFixtures.agreement(located.checkpoint.tau, "100") >= 25)
        #expect(FlowFixtures.agreement(located.checkpoint.wNormalized, expected["w_normalized"] as! [String]) >= 25)
        #expect(FlowFixtures.agreement(located.checkpoint.nu, expected["nu"] as! [String]) >= 25)
    }

    @Test("a level that does not cross before its horizon is an error naming it")
    func uncrossedLevelIsRefused() throws {
        let crossing = LevelCrossing(name: "γ + 1", horizon: "20") { $0.gamma! + 1 }
        let problem = try FlowProblem(
            data: .classification(z: FlowFixtures.f1), network: DiagonalNetwork(depth: 2, alpha: Rational(1), dimension: 6),
            loss: .exponential, checkpoints: [.level(crossing)], digits: 10)
        #expect(throws: FlowError.levelNotCrossed(name: "γ + 1", horizon: "20")) { try VerifiedFlowSolver(problem: problem).solve() }
    }
}
