@testable import Flow
import Foundation
import Multiprecision
import Testing

/// The dual flow in the σ clock (`DualFlowSystem`) at F1's heyoka reference state at τ = 1e4: its
/// Jacobian against a central difference of the derivative, (f(y + εe_b) − f(y − εe_b))/(2ε) with
/// ε = 2^-100·|y_b| at 512 bits (truncation ≈ 1e-60 relative), from exact kernels to 50 digits and
/// from binary64 ones (`KernelPolicy.binary64`) to the accuracy they claim.
@Suite("Dual flow system")
struct DualFlowSystemTests {
    @Test("the Jacobian equals a central difference of the derivative", arguments: [true, false])
    func jacobian(exactKernels: Bool) throws {
        let (field, state, tau) = try MarginGapSystemTests.referenceState()
        let p = MarginGapSystemTests.precision
        let system = DualFlowSystem(field: field, clock: .logLoss, unit: BigFloat(1, precision: p))
        system.kernelPolicy = exactKernels ? .exact : .binary64
        let x = BigFloat.log(tau)
        let jacobian = try #require(system.jacobian(at: x, state))
        // From binary64 kernels: within about κ(K)·N·2^-52 of each row's largest entry (15.2 digits here).
        let digits = exactKernels ? 50.0 : 14
        try expectJacobianMatchesCentralDifference(system, at: x, state, jacobian, digits: digits)
    }
}
