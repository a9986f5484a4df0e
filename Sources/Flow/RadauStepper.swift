import Multiprecision

/// One step of the s-stage Radau IIA method with an embedded error estimate from the
/// (s − 2)-stage Radau IIA solution of the same step.
///
/// The stage equations are solved by simplified Newton iterations with the Jacobian at the step's
/// start, scaled per stage by the system's known clock growth: the iteration matrix is
/// I − h (A′ ⊗ J₀), A′_ij = a_ij · growth(x₀ → x₀ + c_j h). The returned solution is the s-stage one
/// (order 2s − 1, L-stable, stiffly accurate); the error estimate ‖y_s − y_{s−2}‖ is that of the
/// order-(2s − 5) solution, so steps are chosen conservatively.
struct RadauStepper {
    let high: RadauCoefficients
    let low: RadauCoefficients

    init(stages: Int, precision: Int) {
        precondition(stages >= 3, "the embedded estimate needs at least 3 stages")
        high = RadauCoefficients(stages: stages, precision: precision)
        low = RadauCoefficients(stages: stages - 2, precision: precision)
    }

    var stages: Int { high.stages }
    /// The order of the error estimate, which drives the step-size controller.
    var estimateOrder: Int { 2 * low.stages - 1 }

    enum Outcome {
        case accepted(state: BigVector, log10Error: Double, newtonIterations: Int)
        case rejected(log10Error: Double)
        case newtonFailed
    }

    func step(_ system: StiffSystem, from x: BigFloat, _ y: BigVector, size h: BigFloat,
              jacobian: BigMatrix, log10Tolerance: Double) -> Outcome {
        var iterations = 0
        guard let norm = system.errorNorm(at: y),
              let highSolution = solveStages(system, high, x, y, h, jacobian, norm, log10Tolerance, &iterations),
              let lowSolution = solveStages(system, low, x, y, h, jacobian, norm, log10Tolerance, &iterations)
        else { return .newtonFailed }
        var difference = highSolution
        for k in 0..<difference.count { difference[k] = highSolution[k] - lowSolution[k] }
        let error = norm(difference)
        if error > log10Tolerance { return .rejected(log10Error: error) }
        return .accepted(state: highSolution, log10Error: error, newtonIterations: iterations)
    }

    /// Solves the collocation equations of `method` and returns y₁ = y₀ + Z_s, or nil when
    /// Newton's method diverges or leaves the domain.
    private func solveStages(_ system: StiffSystem, _ method: RadauCoefficients, _ x: BigFloat, _ y: BigVector,
                             _ h: BigFloat, _ jacobian: BigMatrix, _ errorNorm: (BigVector) -> Double, _ log10Tolerance: Double,
                             _ iterations: inout Int) -> BigVector? {
        let n = system.dimension, s = method.stages, p = system.precision
        let size = n * s
        let stageClocks = method.nodes.map { x + $0 * h }
        let growth = stageClocks.map { system.jacobianGrowth(from: x, to: $0) }
        var iteration = BigMatrix(rows: size, columns: size, precision: p)
        for i in 0..<s {
            for j in 0..<s {
                let factor = h * method.matrix[i][j] * growth[j]
                for a in 0..<n {
                    for b in 0..<n {
                        var entry = -(factor * jacobian[a, b])
                        if i == j && a == b { entry = entry + 1 }
                        iteration[i * n + a, j * n + b] = entry
                    }
                }
            }
        }
        guard let lu = LUFactorization(iteration) else { return nil }
        var increments = BigVector(count: size, precision: p)  // Z
        var previousNorm = Double.infinity
        let maximumIterations = 10 + s
        for round in 0..<maximumIterations {
            iterations += 1
            var derivatives = [BigVector]()
            derivatives.reserveCapacity(s)
            for j in 0..<s {
                var stage = y
                for a in 0..<n { stage[a] = y[a] + increments[j * n + a] }
                guard let f = system.derivative(at: stageClocks[j], stage) else { return nil }
                derivatives.append(f)
            }
            var residual = BigVector(count: size, precision: p)
            for i in 0..<s {
                for a in 0..<n {
                    var sum = BigFloat(precision: p)
                    for j in 0..<s { sum += method.matrix[i][j] * derivatives[j][a] }
                    residual[i * n + a] = h * sum - increments[i * n + a]
                }
            }
            lu.solve(&residual)
            var norm = -Double.infinity
            for i in 0..<s {
                var stageDelta = BigVector(count: n, precision: p)
                for a in 0..<n { stageDelta[a] = residual[i * n + a] }
                norm = max(norm, errorNorm(stageDelta))
            }
            for k in 0..<size { increments[k] = increments[k] + residual[k] }
            if norm <= log10Tolerance - 2 || norm == -Double.infinity {
                var result = y
                for a in 0..<n { result[a] = y[a] + increments[(s - 1) * n + a] }
                return result
            }
            // Diverging or stagnating: give up and let the controller shrink the step.
            if norm > previousNorm - 0.05 && round >= 2 { return nil }
            previousNorm = norm
        }
        return nil
    }
}
