import Integrators
import Multiprecision

/// The LP flow in its primal coordinates (MATH.md §6.2), for the cross-check of the closed form:
/// with x = u∘u, du/dt = −2u∘Aᵀ(Ax − b) gives
///
///     dx/dt = −4 x ∘ Aᵀ(Ax − b),   dθ/dt = Ax − b,   x(0) = exp(−c/λ), θ(0) = 0,
///
/// state (x, θ) (n + m entries). Integrated independently of `LinearProgramFlowField`, it must
/// satisfy x(t) = x₀ ∘ exp(−4Aᵀθ(t)) to the integration accuracy (MATH.md T14). Error norm: the
/// change of x relative to max(1, ‖x‖∞) and of θ relative to max(1, ‖θ‖∞).
final class LinearProgramPrimalField: StiffSystem {
    let precision: Int
    let constraints: Int
    let variables: Int
    private let matrix: BigMatrix
    private let rhs: BigVector
    let initialState: BigVector
    private let workspace: KernelWorkspace

    init(a: [[Rational]], b: [Rational], c: [Rational], lambda: Rational, precision: Int) throws(FlowError) {
        guard lambda.signum > 0 else { throw .invalidInitialization("λ must be positive, got \(lambda)") }
        self.precision = precision
        constraints = a.count
        variables = c.count
        do { matrix = try BigMatrix(a, precision: precision) } catch { throw .invalidInitialization("\(error)") }
        rhs = BigVector(b, precision: precision)
        var start = BigVector(count: variables + constraints, precision: precision)
        for j in 0..<variables { start[j] = BigFloat.exp(BigFloat(-c[j] / lambda, precision: precision)) }
        initialState = start
        workspace = KernelWorkspace(precision: precision)
    }

    var dimension: Int { variables + constraints }

    private func split(_ y: BigVector) -> (x: BigVector, residual: BigVector) {
        var x = BigVector(count: variables, precision: precision)
        for j in 0..<variables { x[j] = y[j] }
        var ax = BigVector(count: constraints, precision: precision)
        Kernels.multiply(matrix, x, into: &ax, workspace: workspace)
        for i in 0..<constraints { ax[i] = ax[i] - rhs[i] }
        return (x, ax)
    }

    func derivative(at t: BigFloat, _ y: BigVector) -> BigVector? {
        let (x, r) = split(y)
        var g = BigVector(count: variables, precision: precision)
        Kernels.multiplyTransposed(matrix, r, into: &g, workspace: workspace)
        var f = BigVector(count: variables + constraints, precision: precision)
        for j in 0..<variables { f[j] = -4 * (x[j] * g[j]) }
        for i in 0..<constraints { f[variables + i] = r[i] }
        return f
    }

    func jacobian(at t: BigFloat, _ y: BigVector) -> BigMatrix? {
        let (x, r) = split(y)
        var g = BigVector(count: variables, precision: precision)
        Kernels.multiplyTransposed(matrix, r, into: &g, workspace: workspace)
        let size = variables + constraints
        var jacobian = BigMatrix(rows: size, columns: size, precision: precision)
        for j in 0..<variables {
            for k in 0..<variables {
                // ∂/∂x_k of −4 x_j (AᵀA x − Aᵀb)_j
                var gram = BigFloat(precision: precision)
                for i in 0..<constraints { gram += matrix[i, j] * matrix[i, k] }
                var entry = -4 * (x[j] * gram)
                if j == k { entry = entry - 4 * g[j] }
                jacobian[j, k] = entry
            }
        }
        for i in 0..<constraints { for k in 0..<variables { jacobian[variables + i, k] = matrix[i, k] } }
        return jacobian
    }

    func jacobianGrowth(from x: BigFloat, to other: BigFloat) -> BigFloat { BigFloat(1, precision: precision) }

    func errorNorm(at y: BigVector) -> ((BigVector) -> Double)? {
        var xScale = BigFloat(1, precision: precision), thetaScale = BigFloat(1, precision: precision)
        for j in 0..<variables { xScale = BigFloat.maximum(xScale, y[j].magnitude) }
        for i in 0..<constraints { thetaScale = BigFloat.maximum(thetaScale, y[variables + i].magnitude) }
        let n = variables, m = constraints, p = precision
        return { difference in
            var worst = BigFloat(precision: p)
            for j in 0..<n { worst = BigFloat.maximum(worst, (difference[j] / xScale).magnitude) }
            for i in 0..<m { worst = BigFloat.maximum(worst, (difference[n + i] / thetaScale).magnitude) }
            if worst.isNaN { return .infinity }
            return worst.log10Magnitude ?? -Double.infinity
        }
    }
}
