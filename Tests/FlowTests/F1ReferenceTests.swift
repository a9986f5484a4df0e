import Flow
import Foundation
import Multiprecision
import Testing

/// The engine on fixture F1 (MATH.md §9) against an independent high-precision computation: heyoka
/// (Taylor method on MPFR) at 256 and 384 bits, by Fixtures/make_f1_reference.py, whose two runs
/// agree to ≥ 44 digits. 30 digits are asked for and must be verified and correct.
@Suite("F1 against the heyoka reference")
struct F1ReferenceTests {
    @Test("D = 2 and D = 3, α = 1, τ = 10 … 1e4: 30 digits", arguments: [2, 3])
    func matchesReference(depth: Int) throws {
        let fixture = try FlowFixtures.json("f1_reference")
        let depths = try #require(fixture["depths"] as? [[String: Any]])
        let reference = try #require(depths.first { $0["depth"] as? Int == depth }?["checkpoints"] as? [[String: Any]])
        let taus = reference.map { $0["tau"] as! String }
        let network = try DiagonalNetwork(depth: depth, alpha: Rational(1), dimension: 6)
        let problem = try FlowProblem(
            data: .classification(z: FlowFixtures.f1), network: network, loss: .exponential,
            checkpoints: taus.map { .tau($0) }, digits: 30)
        let trajectory = try VerifiedFlowSolver(problem: problem).solve()
        for (verified, expected) in zip(trajectory.checkpoints, reference) {
            let c = verified.checkpoint
            #expect(verified.verifiedDigits >= 30)
            #expect(FlowFixtures.agreement(try #require(c.gamma), expected["gamma"] as! String) >= 30)
            #expect(FlowFixtures.agreement(c.wNormalized, expected["w_normalized"] as! [String]) >= 30)
            #expect(FlowFixtures.agreement(c.nu, expected["nu"] as! [String]) >= 30)
            #expect(FlowFixtures.agreement(c.log10Time, expected["log10_time"] as! String) >= 30)
            // MATH.md T3: τ recomputed from the state equals the clock.
            #expect(FlowFixtures.agreement(c.tauFromState, expected["tau"] as! String) >= 30)
            // Honest digits: every entry's claimed digits are correct against the reference (to the
            // reference's own ≥ 44 digits) and within what the fine run's tolerance delivers.
            let ceiling = VerifiedFlowSolver.deliverableDigits(log10Tolerance: VerifiedFlowSolver.runSettings(digits: 30)[1].log10Tolerance)
            for (name, values) in [("w_normalized", c.wNormalized), ("nu", c.nu)] {
                let claimed = try #require(verified.digitsByQuantity[name])
                let exact = expected[name] as! [String]
                for i in values.indices {
                    #expect(claimed[i] <= ceiling)
                    #expect(
                        Double(min(claimed[i], 43)) <= FlowFixtures.agreement(values[i], exact[i]),
                        "\(name)[\(i)] at τ = \(expected["tau"]!)")
                }
            }
        }
    }

    /// The double-precision figures printed in MATH.md T7 (D = 2) and T8 (D = 3), to their digits.
    @Test("MATH.md T7 and T8 reproduced")
    func printedValues() throws {
        let z = FlowFixtures.f1
        let two = try VerifiedFlowSolver(
            problem: FlowProblem(
                data: .classification(z: z), network: DiagonalNetwork(depth: 2, alpha: Rational(1), dimension: 6),
                loss: .exponential, checkpoints: ["10", "100", "1000", "10000"].map { .tau($0) }, digits: 12)
        ).solve()
        let gammas = ["11.0819", "100.3944", "1000.4082", "10000.4253"]
        for (checkpoint, printed) in zip(two.checkpoints, gammas) {
            let value = try #require(checkpoint.checkpoint.gamma)
            #expect(value.formatted(significantDigits: printed.count - 1) == printed)
        }
        // ‖w̃‖₁ column of T7.
        let norms = ["1.471425", "1.442979", "1.420326", "1.408469"]
        for (checkpoint, printed) in zip(two.checkpoints, norms) {
            var sum = BigFloat(precision: checkpoint.checkpoint.precisionBits)
            for value in checkpoint.checkpoint.wNormalized { sum += value.magnitude }
            #expect(sum.formatted(significantDigits: 7) == printed)
        }
        let three = try VerifiedFlowSolver(
            problem: FlowProblem(
                data: .classification(z: z), network: DiagonalNetwork(depth: 3, alpha: Rational(1), dimension: 6),
                loss: .exponential, checkpoints: ["100", "1000", "10000"].map { .tau($0) }, digits: 12)
        ).solve()
        for (checkpoint, printed) in zip(three.checkpoints, ["1.28933", "1.47065", "1.53324"]) {
            #expect(checkpoint.checkpoint.wNormalized[0].formatted(significantDigits: 6) == printed)
        }
    }
}
