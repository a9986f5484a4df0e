import Flow
import Foundation
import Multiprecision
import Testing

/// MATH.md T1-T2: the dual reduction (closed form in ν) against direct integration of the
/// 2d-dimensional primal flow on (u₊, u₋), and the conservation laws of the primal flow.
@Suite("Closed form against the primal flow (MATH.md T1-T2)")
struct PrimalCrossCheckTests {
    static let cases: [(depth: Int, alpha: String)] = [2, 3, 4].flatMap { d in ["1e-3", "1", "1e3"].map { (d, $0) } }

    @Test("w from ν equals w from (u₊, u₋) to 25 digits", arguments: PrimalCrossCheckTests.cases)
    func dualEqualsPrimal(depth: Int, alpha: String) throws {
        try compare(depth: depth, alpha: alpha)
    }

    private func compare(depth: Int, alpha: String) throws {
        let z = FlowFixtures.f1
        let a = try Rational(decimal: alpha)
        let network = try DiagonalNetwork(depth: depth, alpha: a, dimension: 6)
        let taus = ["0.5", "2"]
        let dual = try VerifiedFlowSolver(
            problem: FlowProblem(
                data: .classification(z: z), network: network, loss: .exponential,
                checkpoints: taus.map { .tau($0) }, digits: 26)
        ).solve()
        // The primal state needs the bits the subtraction u₊^D − u₋^D cancels (log2 α^D/|w|).
        // and a tolerance tightened by the same number of decades, so that w itself keeps 34 digits.
        let cancellation = max(0, Double(depth) * log10(BigFloat(a, precision: 64).doubleValue))
        let primal = try PrimalFlowSolver(z: z, network: network, precision: 448, log10Tolerance: -34 - cancellation).solve(taus: taus)
        for (verified, state) in zip(dual.checkpoints, primal) {
            let w = verified.checkpoint.w
            let largest = w.map { $0.magnitude }.max()!
            for (x, y) in zip(w, state.w) {
                #expect(
                    FlowFixtures.agreement(y, x.formatted(significantDigits: 40), scale: largest.formatted(significantDigits: 40)) >= 25)
            }
            // T2: u₊u₋ = α² (D = 2); u₊^{2−D} + u₋^{2−D} = 2α^{2−D} (D > 2), to the primal run's accuracy.
            let p = state.plus[0].precision
            let alphaValue = BigFloat(a, precision: p)
            for (plus, minus) in zip(state.plus, state.minus) {
                let invariant = depth == 2 ? plus * minus : BigFloat.pow(plus, 2 - depth) + BigFloat.pow(minus, 2 - depth)
                let expected = depth == 2 ? alphaValue * alphaValue : 2 * BigFloat.pow(alphaValue, 2 - depth)
                #expect(FlowFixtures.agreement(invariant, expected.formatted(significantDigits: 60)) >= 28)
            }
        }
    }
}
