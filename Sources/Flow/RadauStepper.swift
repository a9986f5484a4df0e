import Foundation
import Multiprecision

/// One step of the s-stage Radau IIA method with an embedded error estimate from the
/// (s − 2)-stage Radau IIA solution of the same step.
///
/// The stage equations are solved by simplified Newton iterations with the Jacobian at the step's
/// start, scaled per stage by the system's known clock growth: the iteration matrix is
/// I − h (A′ ⊗ J₀), A′_ij = a_ij · growth(x₀ → x₀ + c_j h). When an iteration gains fewer than
/// four digits the matrix is rebuilt from the Jacobians at the current stage values (Newton's
/// method proper), at most three times per solve. The returned solution is the s-stage one
/// (order 2s − 1, L-stable, stiffly accurate); the error estimate ‖y_s − y_{s−2}‖ is that of the
/// order-(2s − 5) solution, so steps are chosen conservatively.
struct RadauStepper {
    /// Set BIASFLOW_TRACE=2 to print every Newton iteration on stderr.
    static let tracingNewton = ProcessInfo.processInfo.environment["BIASFLOW_TRACE"] == "2"
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

    /// An accepted step's collocation polynomial: from (x, y) over length h with stage increments
    /// Z_j at the nodes c_j. The next step's Newton iterations start from its extrapolation.
    struct History {
        var x: BigFloat
        var h: BigFloat
        var y: BigVector
        var increments: BigVector
    }

    /// Steps longer than this multiple of the previous one start from the slope predictor: the
    /// polynomial's extrapolation far beyond its interval is no better.
    static let extrapolationReach = 4.5

    enum Outcome {
        case accepted(state: BigVector, log10Error: Double, newtonIterations: Int, history: History)
        case rejected(log10Error: Double)
        case newtonFailed
    }

    /// One step from (x, y) of length h. `previous`, the history of the step that ended at x in
    /// the same coordinates and clock, gives the predictor when it reaches this far.
    func step(_ system: StiffSystem, from x: BigFloat, _ y: BigVector, size h: BigFloat,
              jacobian: BigMatrix, log10Tolerance: Double, previous: History? = nil) -> Outcome {
        var iterations = 0
        guard let norm = system.errorNorm(at: y), let slope = system.derivative(at: x, y) else { return .newtonFailed }
        // Predictor: Z_i = f(x₀, y₀)·∫₀^{c_i h} growth, exact for the part of the drift that only
        // scales with the clock (e^{c_i h} − 1 in σ, c_i h in τ).
        let n = system.dimension
        let extrapolated = previous.flatMap { extrapolatedStages($0, to: x, h, y) }
        let highGuess = extrapolated ?? predictedStages(system, high, x, h, slope)
        guard let (highSolution, highStages) = solveStages(system, high, x, y, h, jacobian, norm, log10Tolerance, highGuess,
                                                           guessIsClose: extrapolated != nil, &iterations)
        else { return .newtonFailed }
        // The low-order solve starts from the high-order collocation polynomial at its own nodes.
        let lowGuess = collocationIncrements(highStages, dimension: n, at: low.nodes)
        guard let (lowSolution, _) = solveStages(system, low, x, y, h, jacobian, norm, log10Tolerance, lowGuess,
                                                 guessIsClose: true, &iterations)
        else { return .newtonFailed }
        var difference = highSolution
        for k in 0..<difference.count { difference[k] = highSolution[k] - lowSolution[k] }
        let error = norm(difference)
        if error > log10Tolerance { return .rejected(log10Error: error) }
        return .accepted(state: highSolution, log10Error: error, newtonIterations: iterations,
                         history: History(x: x, h: h, y: y, increments: highStages))
    }

    /// A Newton iteration gaining fewer digits than this triggers a Jacobian refresh.
    static let refreshBelowDigits = 4.0
    /// Refreshes per stage solve.
    static let maximumRefreshes = 3

    /// ∂f/∂y at every stage value y + Z_j, or nil if one is outside the domain.
    private func stageJacobians(_ system: StiffSystem, _ clocks: [BigFloat], _ y: BigVector, _ increments: BigVector) -> [BigMatrix]? {
        let n = system.dimension
        var result = [BigMatrix]()
        for (j, clock) in clocks.enumerated() {
            var stage = y
            for a in 0..<n { stage[a] = y[a] + increments[j * n + a] }
            guard let matrix = system.jacobian(at: clock, stage) else { return nil }
            result.append(matrix)
        }
        return result
    }

    /// The increments u(θ) − u(0) of the high-order collocation polynomial u with u(c_j) − u(0) =
    /// Z_j, at the points θ (in units of the step), stacked.
    private func collocationIncrements(_ increments: BigVector, dimension n: Int, at points: [BigFloat]) -> BigVector {
        let p = increments.precision
        var result = BigVector(count: points.count * n, precision: p)
        let nodes = [BigFloat(precision: p)] + high.nodes
        for (k, point) in points.enumerated() {
            for j in 1..<nodes.count {
                var weight = BigFloat(1, precision: p)
                for m in 0..<nodes.count where m != j { weight = weight * (point - nodes[m]) / (nodes[j] - nodes[m]) }
                for a in 0..<n { result[k * n + a] = result[k * n + a] + weight * increments[(j - 1) * n + a] }
            }
        }
        return result
    }

    /// Stage increments from the previous step's collocation polynomial, or nil when it does not
    /// end at x or this step reaches too far beyond it.
    private func extrapolatedStages(_ previous: History, to x: BigFloat, _ h: BigFloat, _ y: BigVector) -> BigVector? {
        let n = y.count
        let gap = (previous.x + previous.h - x).magnitude
        guard previous.increments.count == high.stages * n, previous.y.count == n,
              gap.isZero || (gap / h.magnitude).log10Magnitude ?? 0 < -Double(y.precision) * 0.30103 + 10,
              (h / previous.h).doubleValue <= Self.extrapolationReach else { return nil }
        let points = high.nodes.map { (x + $0 * h - previous.x) / previous.h }
        var guess = collocationIncrements(previous.increments, dimension: n, at: points)
        for i in 0..<high.stages { for a in 0..<n { guess[i * n + a] = guess[i * n + a] + previous.y[a] - y[a] } }
        return guess
    }

    /// Stage increments predicted from the slope at the step's start.
    private func predictedStages(_ system: StiffSystem, _ method: RadauCoefficients, _ x: BigFloat, _ h: BigFloat,
                                 _ slope: BigVector) -> BigVector {
        let n = system.dimension
        var guess = BigVector(count: method.stages * n, precision: system.precision)
        guard system.predictsFromSlope else { return guess }
        for (i, c) in method.nodes.enumerated() {
            let growth = system.jacobianGrowth(from: x, to: x + c * h)
            let weight = growth == BigFloat(1, precision: system.precision) ? c * h : growth - 1
            for a in 0..<n { guess[i * n + a] = weight * slope[a] }
        }
        return guess
    }

    /// Solves the collocation equations of `method` and returns y₁ = y₀ + Z_s, or nil when
    /// Newton's method diverges or leaves the domain.
    private func solveStages(_ system: StiffSystem, _ method: RadauCoefficients, _ x: BigFloat, _ y: BigVector,
                             _ h: BigFloat, _ jacobian: BigMatrix, _ errorNorm: (BigVector) -> Double, _ log10Tolerance: Double,
                             _ guess: BigVector, guessIsClose: Bool, _ iterations: inout Int) -> (BigVector, BigVector)? {
        let n = system.dimension, s = method.stages, p = system.precision
        let size = n * s
        let stageClocks = method.nodes.map { x + $0 * h }
        let growth = stageClocks.map { system.jacobianGrowth(from: x, to: $0) }
        // The iteration matrix I − h (A ⊗ J) with a Jacobian per stage: J_j ≈ growth_j · J₀ at first,
        // the Jacobian at the current stage values after a refresh.
        func iterationMatrix(_ stageJacobians: [BigMatrix]) -> LUFactorization? {
            var iteration = BigMatrix(rows: size, columns: size, precision: p)
            for i in 0..<s {
                for j in 0..<s {
                    let factor = h * method.matrix[i][j]
                    for a in 0..<n {
                        for b in 0..<n {
                            var entry = -(factor * stageJacobians[j][a, b])
                            if i == j && a == b { entry = entry + 1 }
                            iteration[i * n + a, j * n + b] = entry
                        }
                    }
                }
            }
            return LUFactorization(iteration)
        }
        let scaled = (0..<s).map { j in
            var matrix = jacobian
            for a in 0..<n { for b in 0..<n { matrix[a, b] = growth[j] * jacobian[a, b] } }
            return matrix
        }
        // A close guess (extrapolated, or the converged high-order polynomial for the low-order
        // solve) gives Jacobians at the stages good enough for Newton's method from the start.
        let atGuess = system.refreshesJacobian && guessIsClose ? stageJacobians(system, stageClocks, y, guess) : nil
        guard var lu = iterationMatrix(atGuess ?? scaled) else { return nil }
        var increments = guess  // Z
        var previousNorm = Double.infinity
        var refreshes = 0
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
            if RadauStepper.tracingNewton {
                FileHandle.standardError.write("  newton s=\(s) round \(round) log10|Δ|=\(norm)\n".data(using: .utf8)!)
            }
            if norm <= log10Tolerance - 2 || norm == -Double.infinity {
                var result = y
                for a in 0..<n { result[a] = y[a] + increments[(s - 1) * n + a] }
                return (result, increments)
            }
            // Diverging or stagnating: give up and let the controller shrink the step.
            if norm > previousNorm - 0.05 && round >= 2 + refreshes { return nil }
            // Slow (linear) convergence: the Jacobian varies across the step. Refresh it at the
            // current stage values, which makes the iteration Newton's method proper.
            if system.refreshesJacobian && norm > previousNorm - Self.refreshBelowDigits && refreshes < Self.maximumRefreshes,
               let stageJacobians = stageJacobians(system, stageClocks, y, increments), let refreshed = iterationMatrix(stageJacobians) {
                lu = refreshed
                refreshes += 1
            }
            previousNorm = norm
        }
        return nil
    }
}
