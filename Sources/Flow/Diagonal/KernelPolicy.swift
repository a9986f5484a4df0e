import Multiprecision

/// Which kernels K = Z diag(H) Zᵀ the Newton matrices of the dual flows (`DualFlowSystem`,
/// `MarginGapSystem`) are formed from. Those matrices only set the rate of iterations whose
/// residuals are exact, so binary64 kernels (`DualFlowField.approximateKernel`, N²d/2 binary64
/// operations) serve where their rounding does not slow the iterations, and exact ones
/// (`DualFlowField.kernelMatrix`, as many exact products) elsewhere.
enum KernelPolicy: Sendable {
    /// Exact kernels throughout.
    case exact
    /// Binary64 kernels wherever the system's own tests admit them (`admits`). They put a
    /// relative error of about κ(K)·N·2^-52 into the Jacobians.
    case binary64
    /// Binary64 from `binary64Samples` samples on, exact below.
    case automatic

    /// Below this many samples an exact kernel costs about what a field evaluation does, and the
    /// binary64 rounds' slower convergence loses more than it saves (F1 to τ = 1e100, one run at
    /// 30 digits: 7.7 s with them, 6.3 s without).
    static let binary64Samples = 16

    /// A Jacobian from binary64 kernels is used while its largest entry in the σ clock is below
    /// 2^jacobianExponent: the Newton matrices I − h(A ⊗ J) it enters have h‖J‖ of that order, and
    /// a relative error ε in J costs their iteration a rate of about h‖J‖·ε. (F1 to τ = 1e100 with
    /// binary64 kernels throughout: Newton's method failed from τ ≈ 1.5e10 on and the steps
    /// collapsed.)
    static let jacobianExponent = 24

    func usesBinary64(samples: Int) -> Bool {
        switch self {
        case .exact: false
        case .binary64: true
        case .automatic: samples >= Self.binary64Samples
        }
    }

    /// Whether a Jacobian from binary64 kernels may steer the Newton iterations: its largest entry
    /// times `sigmaScale` (the factor to the σ clock: 1 there, about max(1, |τ|) in the τ clock)
    /// is below 2^jacobianExponent.
    static func admits(_ jacobian: BigMatrix, sigmaScale: BigFloat) -> Bool {
        var largest = BigFloat(precision: jacobian.precision)
        for a in 0..<jacobian.rows { for b in 0..<jacobian.columns { largest = BigFloat.maximum(largest, jacobian[a, b].magnitude) } }
        return admits(entry: sigmaScale * largest)
    }

    /// Whether a σ-clock Jacobian entry of size `entry` is below 2^jacobianExponent.
    static func admits(entry: BigFloat) -> Bool {
        entry.magnitude < BigFloat.scaled(BigFloat(1, precision: entry.precision), byPowerOfTwo: jacobianExponent)
    }
}
