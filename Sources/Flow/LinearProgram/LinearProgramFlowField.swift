import Integrators
import Multiprecision

/// The LP flow of Wang, Ghosal & Mazumder (MATH.md §6.2) in its dual form: gradient flow of
/// f(u) = ½‖A(u∘u) − b‖² from u₀ = exp(−c/(2λ)) gives x = u∘u = x₀ ∘ exp(−4Aᵀθ), x₀ = exp(−c/λ),
/// with θ(t) = ∫₀ᵗ (Ax − b), so
///
///     dθ/dt = A x(θ) − b,   x_j(θ) = exp(−c_j/λ − 4(Aᵀθ)_j),   θ(0) = 0,
///
/// at one working precision. x is evaluated by one exp per coordinate (relative accuracy a few
/// ulps times the size of the exponent). Jacobian: −4 A diag(x) Aᵀ (symmetric negative
/// semidefinite; stiff when x spans many orders of magnitude, as it does for small λ). Error norm:
/// the larger of the induced change of x relative to max(1, ‖x‖∞), max_j 4x_j|(AᵀΔθ)_j| / scale,
/// and the change of θ relative to max(1, ‖θ‖∞).
final class LinearProgramFlowField: StiffSystem {
    let precision: Int
    let constraints: Int
    let variables: Int
    private let matrix: BigMatrix
    private let rhs: BigVector
    /// −c/λ.
    private let initialLog: [BigFloat]
    private let workspace: KernelWorkspace

    init(a: [[Rational]], b: [Rational], c: [Rational], lambda: Rational, precision: Int) throws(FlowError) {
        guard lambda.signum > 0 else { throw .invalidInitialization("λ must be positive, got \(lambda)") }
        guard let first = a.first, !first.isEmpty, a.allSatisfy({ $0.count == first.count }), first.count == c.count, b.count == a.count
        else {
            throw .invalidInitialization("A, b and c do not fit together")
        }
        self.precision = precision
        constraints = a.count
        variables = c.count
        do { matrix = try BigMatrix(a, precision: precision) } catch { throw .invalidInitialization("\(error)") }
        rhs = BigVector(b, precision: precision)
        initialLog = c.map { BigFloat(-$0 / lambda, precision: precision) }
        workspace = KernelWorkspace(precision: precision)
    }

    var dimension: Int { constraints }

    /// x(θ).
    func primal(_ theta: BigVector) -> BigVector {
        var image = BigVector(count: variables, precision: precision)
        Kernels.multiplyTransposed(matrix, theta, into: &image, workspace: workspace)
        var x = BigVector(count: variables, precision: precision)
        for j in 0..<variables { x[j] = BigFloat.exp(initialLog[j] - 4 * image[j]) }
        return x
    }

    /// A x − b.
    func residual(_ x: BigVector) -> BigVector {
        var ax = BigVector(count: constraints, precision: precision)
        Kernels.multiply(matrix, x, into: &ax, workspace: workspace)
        for i in 0..<constraints { ax[i] = ax[i] - rhs[i] }
        return ax
    }

    /// Aᵀv.
    func transposedProduct(_ v: BigVector) -> BigVector {
        var result = BigVector(count: variables, precision: precision)
        Kernels.multiplyTransposed(matrix, v, into: &result, workspace: workspace)
        return result
    }

    func derivative(at x: BigFloat, _ y: BigVector) -> BigVector? { residual(primal(y)) }

    func jacobian(at x: BigFloat, _ y: BigVector) -> BigMatrix? {
        let x = primal(y)
        var jacobian = BigMatrix(rows: constraints, columns: constraints, precision: precision)
        for a in 0..<constraints {
            for b in a..<constraints {
                var sum = BigFloat(precision: precision)
                for j in 0..<variables where !matrix[a, j].isZero && !matrix[b, j].isZero { sum += matrix[a, j] * x[j] * matrix[b, j] }
                jacobian[a, b] = -4 * sum
                jacobian[b, a] = -4 * sum
            }
        }
        return jacobian
    }

    func jacobianGrowth(from x: BigFloat, to other: BigFloat) -> BigFloat { BigFloat(1, precision: precision) }

    func errorNorm(at y: BigVector) -> ((BigVector) -> Double)? {
        let x = primal(y)
        var scale = BigFloat(1, precision: precision)
        for j in 0..<variables { scale = BigFloat.maximum(scale, x[j]) }
        let weights = (0..<variables).map { 4 * x[$0] / scale }
        var thetaScale = BigFloat(1, precision: precision)
        for i in 0..<constraints { thetaScale = BigFloat.maximum(thetaScale, y[i].magnitude) }
        let thetaWeight = 1 / thetaScale
        let p = precision, n = variables, m = constraints
        return { [self] difference in
            let change = transposedProduct(difference)
            var worst = BigFloat(precision: p)
            for j in 0..<n { worst = BigFloat.maximum(worst, (weights[j] * change[j]).magnitude) }
            for i in 0..<m { worst = BigFloat.maximum(worst, (thetaWeight * difference[i]).magnitude) }
            if worst.isNaN { return .infinity }
            return worst.log10Magnitude ?? -Double.infinity
        }
    }
}
