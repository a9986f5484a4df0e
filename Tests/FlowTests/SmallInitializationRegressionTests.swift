import Flow
import Foundation
import Multiprecision
import Testing

/// Issue 13, small initialization on T11 (MATH.md §7.1, §12.3): the squared-loss flow from
/// α = 1e-30 … 1e-300 crosses the plateaus of the saddle-to-saddle dynamics in physical time and
/// reaches its t → ∞ limit. References (Fixtures/make_regression_limit_reference.py): the limit
/// ν∞ with X w(Xᵀν∞) = y by dual Newton in mpmath at two precisions, and an independent heyoka
/// integration of dν/dt = y − X w(Xᵀν) at α = 1e-30 (D = 2) for the times at which the loss
/// crosses the midpoints between consecutive exact saddle losses and the state in the middle of
/// each plateau.
@Suite("Small initialization: T11 regression")
struct SmallInitializationRegressionTests {
    static let x: [[Rational]] = [["1", "0.5", "0.7", "0"], ["0.5", "1", "0.1", "0.7"]].map { $0.map { try! Rational(decimal: $0) } }
    static let y = [Rational(1), Rational(0)]

    static func problem(depth: Int, alpha: String, checkpoints: [CheckpointTarget]) throws -> FlowProblem {
        let network = try DiagonalNetwork(depth: depth, alpha: Rational(decimal: alpha), dimension: 4)
        return try FlowProblem(data: .regression(x: x, y: y), network: network, loss: .squared, checkpoints: checkpoints, digits: 30)
    }

    /// At L = 1e-80 the residual is ~1e-40, so w equals the limit w∞ to far more than 30 digits.
    @Test("the limit X w(Xᵀν∞) = y to 30 digits", arguments: [(2, "1e-30"), (2, "1e-300"), (3, "1e-30")])
    func limit(depth: Int, alpha: String) throws {
        let fixture = try FlowFixtures.json("regression_limit_reference")
        let limits = try #require(fixture["limits"] as? [[String: Any]])
        let reference = try #require(limits.first { $0["depth"] as? Int == depth && $0["alpha"] as? String == alpha })
        let trajectory = try VerifiedFlowSolver(problem: Self.problem(depth: depth, alpha: alpha, checkpoints: [.log10Loss("-80")])).solve()
        let flow = trajectory.checkpoints[0]
        #expect(flow.verifiedDigits >= 30)
        #expect(trajectory.statistics.allSatisfy { $0.timeClockSteps > 0 })
        #expect(FlowFixtures.agreement(flow.checkpoint.w, reference["w"] as! [String]) >= 30)
        #expect(FlowFixtures.agreement(flow.checkpoint.nu, reference["nu"] as! [String]) >= 30)
    }

    /// The plateaus sit at the exact saddles: the times at which the loss crosses the midpoints
    /// between saddle losses (1/2 → 1/10 → 1/100 → 0) and the states at the middle of each
    /// plateau (a time checkpoint), against heyoka, to 25 digits.
    @Test("α = 1e-30, D = 2: plateau crossing times and plateau states against heyoka")
    func plateaus() throws {
        let fixture = try FlowFixtures.json("regression_limit_reference")
        let flow = try #require(fixture["flow"] as? [String: Any])
        let crossings = try #require(flow["crossings"] as? [[String: Any]])
        let middles = try #require(flow["plateau_middles"] as? [[String: Any]])
        // τ = −ln L at each midpoint loss, as a decimal literal of 60 digits.
        let crossingTaus = try crossings.map { entry -> CheckpointTarget in
            let level = try Self.rational(entry["loss_level"] as! String)
            let tau = -BigFloat.log(BigFloat(level, precision: 256))
            return .tau(tau.formatted(significantDigits: 60))
        }
        let times = middles.map { CheckpointTarget.time($0["t"] as! String) }
        let trajectory = try VerifiedFlowSolver(problem: Self.problem(depth: 2, alpha: "1e-30", checkpoints: crossingTaus + times)).solve()
        for (checkpoint, entry) in zip(trajectory.checkpoints.prefix(crossings.count), crossings) {
            let ln10 = BigFloat.log(BigFloat(10, precision: 256))
            let reference = BigFloat.log(try BigFloat(entry["t"] as! String, precision: 256)) / ln10
            #expect(
                FlowFixtures.agreement(checkpoint.checkpoint.log10Time, reference.formatted(significantDigits: 60)) >= 25,
                "loss \(entry["loss_level"]!): log10 t = \(checkpoint.checkpoint.log10Time)")
        }
        for (checkpoint, entry) in zip(trajectory.checkpoints.dropFirst(crossings.count), middles) {
            let w = entry["w"] as! [String]
            let referenceDigits = (entry["agreed_digits"] as! [String: Any])["w"] as! [Int]
            // Normwise to 25 digits (the engine's error control is relative to ‖w‖∞), and every
            // entry, the tiny ones (1e-91 next to 1e-30) too, to the digits the engine itself
            // claims for it: the claim is honest.
            #expect(FlowFixtures.agreement(checkpoint.checkpoint.w, w) >= 25, "t = \(entry["t"]!)")
            let claimed = try #require(checkpoint.digitsByQuantity["w"])
            for (index, (value, exact)) in zip(checkpoint.checkpoint.w, w).enumerated() {
                #expect(
                    FlowFixtures.agreement(value, exact) >= Double(min(claimed[index], referenceDigits[index]) - 1),
                    "t = \(entry["t"]!), w\(index + 1) = \(value) (\(claimed[index]) digits claimed) against \(exact)")
            }
        }
    }

    static func rational(_ text: String) throws -> Rational {
        let parts = text.split(separator: "/")
        guard parts.count == 2 else { return try Rational(decimal: text) }
        return try Rational(decimal: String(parts[0])) / Rational(decimal: String(parts[1]))
    }
}
