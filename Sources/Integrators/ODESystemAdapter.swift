import Multiprecision

/// A user's `ODESystem` at one working precision, as the package-level steppers see it
/// (`StiffSystem`): autonomous clock growth, the system's own Jacobian or forward difference
/// quotients, and Newton's method proper (Jacobians at the stage values) when the simplified
/// iteration converges slowly.
package final class ODESystemAdapter: StiffSystem {
    package let system: any ODESystem
    package let precision: Int
    package var dimension: Int { system.dimension }
    /// f-evaluations made (including those of difference quotients).
    package private(set) var evaluations = 0

    package init(_ system: any ODESystem, precision: Int) {
        self.system = system
        self.precision = precision
    }

    package func derivative(at x: BigFloat, _ y: BigVector) -> BigVector? {
        evaluations += 1
        guard let f = system.derivative(at: x, y), f.count == dimension else { return nil }
        return f.precision == precision ? f : BigVector(f.elements, precision: precision)
    }

    /// The system's Jacobian, or column b = (f(y + δ e_b) − f(y))/δ with δ = 2^(−p/2)·max(|y_b|, 1).
    package func jacobian(at x: BigFloat, _ y: BigVector) -> BigMatrix? {
        let n = dimension
        if let given = system.jacobian(at: x, y) {
            guard given.rows == n, given.columns == n else { return nil }
            return given
        }
        guard let f = derivative(at: x, y) else { return nil }
        var matrix = BigMatrix(rows: n, columns: n, precision: precision)
        for b in 0..<n {
            let size = BigFloat.maximum(y[b].magnitude, BigFloat(1, precision: precision))
            let delta = BigFloat.scaled(size, byPowerOfTwo: -precision / 2)
            var shifted = y
            shifted[b] = y[b] + delta
            let actual = shifted[b] - y[b]
            guard !actual.isZero, let g = derivative(at: x, shifted) else { return nil }
            for a in 0..<n { matrix[a, b] = (g[a] - f[a]) / actual }
        }
        return matrix
    }

    package func jacobianGrowth(from x: BigFloat, to other: BigFloat) -> BigFloat { BigFloat(1, precision: precision) }

    package func errorNorm(at y: BigVector) -> ((BigVector) -> Double)? { system.errorNorm(at: y) }

    package var refreshesJacobian: Bool { true }

    package var settlesStiffModes: Bool { true }

    /// ‖J‖∞ at (x, y) in binary64 (the largest absolute row sum), for the stiffness switch; nil
    /// outside the domain.
    package func jacobianNorm(at x: BigFloat, _ y: BigVector) -> Double? {
        jacobian(at: x, y)?.binary64InfinityNorm
    }
}
