@testable import Flow
import Foundation
import Multiprecision
import Testing

/// The margin-gap coordinates of the late phase (`MarginGapSystem`) at F1's heyoka reference state
/// at τ = 1e4 (D = 2, α = 1), where two samples are off the support and carry δ_n/τ:
/// - the gap state and the ν-state it came from convert into each other (the inner solve);
/// - the Jacobian from exact kernels, row and column scaling of the normalized coordinates
///   included, equals a central difference of the derivative, (f(y + εe_b) − f(y − εe_b))/(2ε) with ε = 2^-100·|y_b|
///   at 512 bits (truncation O(ε²) ≈ 1e-60 relative, rounding ≈ 2^-512/ε ≈ 1e-124): an independent
///   check of every term, in both clocks; from binary64 kernels, to their accuracy.
@Suite("Margin-gap coordinates")
struct MarginGapSystemTests {
    static let precision = 512

    /// The field and the ν-state (ν, T) of the reference checkpoint τ = 1e4 (T is not in the
    /// fixture; any positive value serves the checks).
    static func referenceState() throws -> (DualFlowField, BigVector, tau: BigFloat) {
        let fixture = try FlowFixtures.json("f1_reference")
        let depths = try #require(fixture["depths"] as? [[String: Any]])
        let depth2 = try #require(depths.first { $0["depth"] as? Int == 2 })
        let checkpoints = try #require(depth2["checkpoints"] as? [[String: Any]])
        let last = try #require(checkpoints.first { $0["tau"] as? String == "10000" })
        let nu = try #require(last["nu"] as? [String])
        let p = precision
        let network = try DiagonalNetwork(depth: 2, alpha: Rational(1), dimension: 6)
        let field = try DualFlowField(data: .classification(z: FlowFixtures.f1), network: network, loss: .exponential, precision: p)
        var state = BigVector(count: nu.count + 1, precision: p)
        for (k, text) in nu.enumerated() { state[k] = try BigFloat(text, precision: p) }
        state[nu.count] = try BigFloat("3.5e-5", precision: p)
        return (field, state, try BigFloat("10000", precision: p))
    }

    @Test("gap state ↔ ν-state, and which samples are normalized", arguments: [true, false])
    func conversions(exactKernels: Bool) throws {
        let (field, state, tau) = try Self.referenceState()
        let n = state.count - 1
        let x = BigFloat.log(tau)
        let system = try #require(MarginGapSystem(field: field, clock: .logLoss, state: state, at: x))
        // The inner solve's Newton rounds on binary64 kernels reach working precision too.
        system.kernelPolicy = exactKernels ? .exact : .binary64
        // F1 at τ = 1e4: the support is samples 1 and 2; 3 and 4 have gaps ≈ 600 and 2500.
        #expect(system.normalized == [false, false, true, true])
        // The start state is the converted state: converting it back gives the ν-state.
        let back = try #require(system.nuState(fromGapState: system.start, at: x))
        for k in 0...n {
            let error = ((back[k] - state[k]) / state[k]).magnitude.log10Magnitude ?? -Double.infinity
            #expect(error < -140, "component \(k): relative error 1e\(error)")
        }
    }

    @Test("the Jacobian equals a central difference of the derivative", arguments: [FlowClock.logLoss, .loss], [true, false])
    func jacobian(clock: FlowClock, exactKernels: Bool) throws {
        let (field, state, tau) = try Self.referenceState()
        let x = clock == .logLoss ? BigFloat.log(tau) : tau
        let system = try #require(MarginGapSystem(field: field, clock: clock, state: state, at: x))
        system.kernelPolicy = exactKernels ? .exact : .binary64
        // From binary64 kernels: within about κ(K)·N·2^-52 (12.8 digits of each row here).
        let digits = exactKernels ? 50.0 : 12
        let y = system.start
        let jacobian = try #require(system.jacobian(at: x, y))
        try expectJacobianMatchesCentralDifference(system, at: x, y, jacobian, digits: digits)
    }
}
