import Flow
import Multiprecision
import Testing

/// Bad input is refused with an error that says what is wrong.
@Suite("Flow input validation")
struct FlowInputValidationTests {
    static let z = [[Rational(1), Rational(2)]]

    @Test func depthBelowTwo() {
        #expect(throws: FlowError.invalidDepth(1)) { try DiagonalNetwork(depth: 1, alpha: Rational(1), dimension: 2) }
    }

    @Test("α ≤ 0 is refused", arguments: [0, -1])
    func nonPositiveAlpha(alpha: Int) {
        #expect(throws: FlowError.self) { try DiagonalNetwork(depth: 2, alpha: Rational(alpha), dimension: 2) }
    }

    @Test func digitsOutOfRange() throws {
        let network = try DiagonalNetwork(depth: 2, alpha: Rational(1), dimension: 2)
        #expect(throws: FlowError.self) {
            try FlowProblem(data: .classification(z: Self.z), network: network, loss: .exponential, checkpoints: [.tau("10")], digits: 0)
        }
    }

    @Test("digits beyond the allowed precision are refused before any work")
    func digitsBeyondPrecision() throws {
        let network = try DiagonalNetwork(depth: 2, alpha: Rational(1), dimension: 2)
        let problem = try FlowProblem(
            data: .classification(z: Self.z), network: network, loss: .exponential,
            checkpoints: [.tau("10")], digits: 100)
        #expect(throws: FlowError.self) { try VerifiedFlowSolver(problem: problem, precisionLimit: 128).solve() }
    }

    @Test("a checkpoint before the start is refused")
    func checkpointBeforeStart() throws {
        let network = try DiagonalNetwork(depth: 2, alpha: Rational(1), dimension: 2)
        // τ(0) = −ln 1 = 0 for one sample.
        let problem = try FlowProblem(
            data: .classification(z: Self.z), network: network, loss: .exponential,
            checkpoints: [.tau("-5")], digits: 10)
        #expect(throws: FlowError.self) { try VerifiedFlowSolver(problem: problem).solve() }
    }

    @Test("the squared loss on classification data is refused")
    func lossDataMismatch() throws {
        let network = try DiagonalNetwork(depth: 2, alpha: Rational(1), dimension: 2)
        let problem = try FlowProblem(
            data: .classification(z: Self.z), network: network, loss: .squared,
            checkpoints: [.tau("10")], digits: 10)
        #expect(throws: FlowError.self) { try VerifiedFlowSolver(problem: problem).solve() }
    }
}
