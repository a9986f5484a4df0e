import Foundation
import Multiprecision

/// One step of the s-stage Radau IIA method with an embedded error estimate from the
/// (s − 2)-stage Radau IIA solution of the same step.
///
/// The stage equations are solved by simplified Newton iterations with the Jacobian at the step's
/// start, scaled per stage by the system's known clock growth: the iteration matrix is
/// I − h (A′ ⊗ J₀), A′_ij = a_ij · growth(x₀ → x₀ + c_j h), solved through the real Schur form of
/// A′ once n ≥ `kroneckerDimension` (`KroneckerStageSolver`), densely below; either way each
/// factorization is in binary64 while the matrix's entries are moderate, in MPFR otherwise and
/// whenever an iteration with binary64 factors gains less than a digit or leaves the domain
/// (`NewtonMatrixFactorization`). When an iteration gains fewer than four digits
/// the matrix is rebuilt from the Jacobians at the current stage values (Newton's method proper),
/// at most three times per solve. The returned solution is the s-stage one
/// (order 2s − 1, L-stable, stiffly accurate); the error estimate ‖y_s − y_{s−2}‖ is that of the
/// order-(2s − 5) solution, so steps are chosen conservatively.
package struct RadauStepper {
    /// Set BIASFLOW_TRACE=2 to print every Newton iteration and error estimate on stderr.
    package static let tracingNewton = ProcessInfo.processInfo.environment["BIASFLOW_TRACE"] == "2"
    package let high: RadauCoefficients
    package let low: RadauCoefficients
    /// The depth of the Anderson acceleration of the Schur form's simplified Newton iterations
    /// (`AndersonAcceleration`; 0: none).
    package let accelerationDepth: Int

    /// The barycentric weights 1/∏_{k≠j}(t_j − t_k) of the interpolation nodes t = (0, c_1 … c_s).
    private let barycentricWeights: [BigFloat]
    /// The Lagrange basis of those nodes at the low-order method's nodes (row k: ℓ_j(ĉ_k), j ≥ 1),
    /// fixed for the stepper: the low-order solve of every step starts from them.
    private let lowNodeBasis: [[BigFloat]]

    package init(stages: Int, precision: Int, accelerationDepth: Int = RadauIIA.defaultAccelerationDepth) {
        precondition(stages >= 3, "the embedded estimate needs at least 3 stages")
        precondition(accelerationDepth >= 0, "an acceleration depth of at least 0")
        self.accelerationDepth = accelerationDepth
        high = RadauCoefficients(stages: stages, precision: precision)
        low = RadauCoefficients(stages: stages - 2, precision: precision)
        let nodes = [BigFloat(precision: precision)] + high.nodes
        let weights = nodes.indices.map { j in
            var product = BigFloat(1, precision: precision)
            for k in nodes.indices where k != j { product = product * (nodes[j] - nodes[k]) }
            return 1 / product
        }
        barycentricWeights = weights
        lowNodeBasis = low.nodes.map { Self.lagrangeBasis(at: $0, nodes: nodes, weights: weights) }
    }

    /// ℓ_j(θ) for j = 1 … s (the basis function of node 0 is not needed: its increment is 0), by
    /// the first barycentric form ℓ_j(θ) = w_j/(θ − t_j) · ∏_k (θ − t_k); exact at the nodes.
    /// Accuracy: a few roundings relative per value, as the product form.
    private static func lagrangeBasis(at point: BigFloat, nodes: [BigFloat], weights: [BigFloat]) -> [BigFloat] {
        let p = point.precision
        if let hit = nodes.firstIndex(where: { $0 == point }) {
            return (1..<nodes.count).map { BigFloat($0 == hit ? 1 : 0, precision: p) }
        }
        var nodePolynomial = BigFloat(1, precision: p)
        for node in nodes { nodePolynomial = nodePolynomial * (point - node) }
        return (1..<nodes.count).map { j in nodePolynomial * weights[j] / (point - nodes[j]) }
    }

    package var stages: Int { high.stages }
    /// The order of the error estimate, which drives the step-size controller.
    package var estimateOrder: Int { 2 * low.stages - 1 }

    /// An accepted step's collocation polynomial: from (x, y) over length h with stage increments
    /// Z_j at the nodes c_j. The next step's Newton iterations start from its extrapolation.
    package struct History {
        package var x: BigFloat
        package var h: BigFloat
        package var y: BigVector
        package var increments: BigVector
        /// The precision the step was computed at (its clock is rounded to it).
        package var computedBits: Int

        /// The same polynomial at another precision (after a precision raise).
        package func converted(to precision: Int) -> History {
            History(
                x: BigFloat(x, precision: precision), h: BigFloat(h, precision: precision),
                y: BigVector(y.elements, precision: precision),
                increments: BigVector(increments.elements, precision: precision), computedBits: computedBits)
        }
    }

    /// Steps longer than this multiple of the previous one start from the slope predictor: the
    /// polynomial's extrapolation far beyond its interval is no better.
    package static let extrapolationReach = 4.5

    package enum Outcome {
        case accepted(state: BigVector, log10Error: Double, newtonIterations: Int, history: History)
        case rejected(log10Error: Double)
        case newtonFailed
    }

    /// One step from (x, y) of length h. `previous`, the history of the step that ended at x in
    /// the same coordinates and clock, gives the predictor when it reaches this far.
    package func step(
        _ system: StiffSystem, from x: BigFloat, _ y: BigVector, size h: BigFloat,
        jacobian: BigMatrix, log10Tolerance: Double, previous: History? = nil
    ) -> Outcome {
        var iterations = 0
        guard let norm = system.errorNorm(at: y), let slope = system.derivative(at: x, y) else { return .newtonFailed }
        // Predictor: Z_i = f(x₀, y₀)·∫₀^{c_i h} growth, exact for the part of the drift that only
        // scales with the clock (e^{c_i h} − 1 in σ, c_i h in τ).
        let n = system.dimension
        let extrapolated = previous.flatMap { extrapolatedStages($0, to: x, h, y) }
        let highGuess = extrapolated ?? predictedStages(system, high, x, h, slope)
        guard
            let (highSolution, highStages) = solveStages(
                system, high, x, y, h, jacobian, norm, log10Tolerance, highGuess,
                guessIsClose: extrapolated != nil, &iterations)
        else { return .newtonFailed }
        // The low-order solve starts from the high-order collocation polynomial at its own nodes.
        let lowGuess = collocationIncrements(highStages, dimension: n, basis: lowNodeBasis)
        guard
            let (lowSolution, _) = solveStages(
                system, low, x, y, h, jacobian, norm, log10Tolerance, lowGuess,
                guessIsClose: true, &iterations)
        else { return .newtonFailed }
        var difference = highSolution
        for k in 0..<difference.count { difference[k] = highSolution[k] - lowSolution[k] }
        let error = norm(difference)
        if RadauStepper.tracingNewton {
            FileHandle.standardError.write(
                "  estimate log10=\(error) y_s − y_(s−2)=\(difference.elements.map { $0.doubleValue })\n".data(using: .utf8)!)
        }
        if error > log10Tolerance { return .rejected(log10Error: error) }
        return .accepted(
            state: highSolution, log10Error: error, newtonIterations: iterations,
            history: History(x: x, h: h, y: y, increments: highStages, computedBits: y.precision))
    }

    /// A Newton iteration gaining fewer digits than this triggers a Jacobian refresh.
    package static let refreshBelowDigits = 4.0
    /// The smallest system dimension n for which the simplified-Newton matrix is solved through
    /// the Schur form of the stage matrix rather than factorized densely (and, for systems that
    /// refresh Jacobians below it, Newton's method proper). Measured on F1 (n = 5, s = 19): the Schur
    /// form's QR sweeps cost more than the dense (s·n)³/3 elimination (one run to τ = 1e3, idle:
    /// 13.9 s against 5.9 s). On random separable N × 10N data, one run to τ = 1e3 at 30 digits
    /// (s = 24, `FlowBenchmark --random NxD`), dense with refreshes against the Schur form:
    /// n = 11: 2.6 s against 4.1 s (84 Newton rounds against 321); n = 21: 8.5 s against 13.8 s;
    /// n = 31: 17.9 s against 19.5 s; n = 51: 71 s against 56 s.
    package static let kroneckerDimension = 40
    /// Refreshes per stage solve.
    package static let maximumRefreshes = 3
    /// log10 of the Newton correction at which a system that `settlesStiffModes` stops: the
    /// tolerance's 10^(log10Tolerance − 2) lowered by the digits of the stiffness h‖J‖∞, as far as
    /// the corrections' rounding (about 10^(stiffness − working digits)) leaves 6 digits above it.
    package static func settledNewtonTarget(log10Tolerance: Double, stiffness: Double, precision: Int) -> Double {
        let plain = log10Tolerance - 2
        guard stiffness.isFinite, stiffness > 0 else { return plain }
        let rounding = stiffness - Double(Precision.decimalDigits(forBits: precision)) + 6
        return min(plain, max(plain - stiffness, rounding))
    }
    /// The digits an accelerated Newton iterate must gain over the previous one to keep the
    /// acceleration's history (else it restarts from that iterate).
    package static let acceleratedGain = 0.5

    /// ∂f/∂y at every stage value y + Z_j, or nil if one is outside the domain.
    private func stageJacobians(_ system: StiffSystem, _ clocks: [BigFloat], _ y: BigVector, _ increments: BigVector) -> [BigMatrix]? {
        let n = system.dimension
        let states = clocks.indices.map { j in
            var stage = y
            for a in 0..<n { stage[a] = y[a] + increments[j * n + a] }
            return stage
        }
        let matrices = system.jacobians(at: clocks, states).compactMap { $0 }
        return matrices.count == clocks.count ? matrices : nil
    }

    /// The increments u(θ) − u(0) of the high-order collocation polynomial u with u(c_j) − u(0) =
    /// Z_j, at the points whose Lagrange basis rows are given, stacked.
    private func collocationIncrements(_ increments: BigVector, dimension n: Int, basis: [[BigFloat]]) -> BigVector {
        let p = increments.precision
        var result = BigVector(count: basis.count * n, precision: p)
        for (k, row) in basis.enumerated() {
            for (j, weight) in row.enumerated() where !weight.isZero {
                for a in 0..<n { result[k * n + a] = BigFloat.fusedMultiplyAdd(weight, increments[j * n + a], result[k * n + a]) }
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
            gap.isZero || (gap / h.magnitude).log10Magnitude ?? 0 < -Double(min(y.precision, previous.computedBits)) * 0.30103 + 10,
            (h / previous.h).doubleValue <= Self.extrapolationReach
        else { return nil }
        let points = high.nodes.map { (x + $0 * h - previous.x) / previous.h }
        let nodes = [BigFloat(precision: y.precision)] + high.nodes
        let basis = points.map { Self.lagrangeBasis(at: $0, nodes: nodes, weights: barycentricWeights) }
        var guess = collocationIncrements(previous.increments, dimension: n, basis: basis)
        for i in 0..<high.stages { for a in 0..<n { guess[i * n + a] = guess[i * n + a] + previous.y[a] - y[a] } }
        return guess
    }

    /// Stage increments predicted from the slope at the step's start.
    private func predictedStages(
        _ system: StiffSystem, _ method: RadauCoefficients, _ x: BigFloat, _ h: BigFloat,
        _ slope: BigVector
    ) -> BigVector {
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
    private func solveStages(
        _ system: StiffSystem, _ method: RadauCoefficients, _ x: BigFloat, _ y: BigVector,
        _ h: BigFloat, _ jacobian: BigMatrix, _ errorNorm: (BigVector) -> Double, _ log10Tolerance: Double,
        _ guess: BigVector, guessIsClose: Bool, _ iterations: inout Int
    ) -> (BigVector, BigVector)? {
        let n = system.dimension, s = method.stages, p = system.precision
        let size = n * s
        let stageClocks = method.nodes.map { x + $0 * h }
        let growth = stageClocks.map { system.jacobianGrowth(from: x, to: $0) }
        // The iteration matrix I − h (A ⊗ J) with a Jacobian per stage: J_j ≈ growth_j · J₀ at first,
        // the Jacobian at the current stage values after a refresh.
        func iterationMatrix(_ stageJacobians: [BigMatrix]) -> StageSystemSolver? {
            var iteration = BigMatrix(rows: size, columns: size, precision: p)
            for i in 0..<s {
                for j in 0..<s {
                    iteration.setBlock(
                        row: i * n, column: j * n, to: stageJacobians[j], scaledBy: -(h * method.matrix[i][j]),
                        addingIdentity: i == j)
                }
            }
            return StageSystemSolver.factoring(iteration, threads: system.threads)
        }
        // J_j = growth_j · J₀, materialized only for the dense factorization.
        func scaled() -> [BigMatrix] {
            (0..<s).map { j in
                var matrix = jacobian
                for a in 0..<n { for b in 0..<n { matrix[a, b] = growth[j] * jacobian[a, b] } }
                return matrix
            }
        }
        // A close guess (extrapolated, or the converged high-order polynomial for the low-order
        // solve) gives Jacobians at the stages good enough for Newton's method from the start.
        let atGuess = system.refreshesJacobian && guessIsClose ? stageJacobians(system, stageClocks, y, guess) : nil
        // With one Jacobian scaled per stage the matrix is I − h (A·diag(growth)) ⊗ J₀, solved
        // through the Schur form of the s × s stage matrix (KroneckerStageSolver) once n is large
        // enough for that to pay; stage Jacobians of their own need the dense factorization.
        var solver: StageSystemSolver
        if atGuess == nil, n >= Self.kroneckerDimension,
            let kronecker = KroneckerStageSolver(
                stageMatrix: (0..<s).map { i in (0..<s).map { j in method.matrix[i][j] * growth[j] } },
                h: h, jacobian: jacobian, binary64Blocks: true)
        {
            solver = .kronecker(kronecker)
        } else {
            guard let factored = iterationMatrix(atGuess ?? scaled()) else { return nil }
            solver = factored
        }
        // The error norm of a stacked stage vector: the largest over its stages (on the system's
        // threads; the maximum does not depend on the order).
        func stackedNorm(_ stacked: BigVector) -> Double {
            DataParallel.map(count: s, threads: system.threads) { i in
                var stage = BigVector(count: n, precision: p)
                for a in 0..<n { stage[a] = stacked[i * n + a] }
                return errorNorm(stage)
            }.reduce(-Double.infinity, max)
        }
        var increments = guess  // Z
        var previousNorm = Double.infinity
        var convergedBelow = log10Tolerance - 2
        if system.settlesStiffModes, case let size = jacobian.binary64InfinityNorm, size.isFinite, size > 0,
            let stiffness = (h.magnitude * BigFloat(exactly: size, precision: 53)).log10Magnitude
        {
            convergedBelow = Self.settledNewtonTarget(log10Tolerance: log10Tolerance, stiffness: stiffness, precision: p)
        }
        var refreshes = 0
        // The simplified iteration of the Schur form converges linearly (one Jacobian for the
        // whole step): accelerated unless `accelerationDepth` is 0. Newton's method proper (the
        // dense path's refreshes) is left alone.
        var acceleration = AndersonAcceleration(depth: max(1, accelerationDepth))
        var combined = false  // whether the current iterate is an accelerated one
        let maximumIterations = 10 + s
        for round in 0..<maximumIterations {
            iterations += 1
            let stageStates = (0..<s).map { j in
                var stage = y
                for a in 0..<n { stage[a] = y[a] + increments[j * n + a] }
                return stage
            }
            let derivatives = system.derivatives(at: stageClocks, stageStates).compactMap { $0 }
            // Outside the domain: start again from the guess with MPFR factors if the binary64
            // ones may have sent the iteration there, else give up.
            if derivatives.count < s {
                guard let exact = solver.exact() else { return nil }
                solver = exact
                increments = guess
                previousNorm = .infinity
                acceleration.reset()
                continue
            }
            // Stage i of the residual h Σ_j a_ij f_j − Z_i, the stages on the system's threads.
            let residualStages = DataParallel.map(count: s, threads: system.threads) { i in
                (0..<n).map { a in
                    var sum = BigFloat(precision: p)
                    for j in 0..<s { sum += method.matrix[i][j] * derivatives[j][a] }
                    return h * sum - increments[i * n + a]
                }
            }
            var residual = BigVector(count: size, precision: p)
            for i in 0..<s { for a in 0..<n { residual[i * n + a] = residualStages[i][a] } }
            solver.solve(&residual)
            let norm = stackedNorm(residual)
            // An accelerated iterate that gained less than `acceleratedGain`: forget the history and
            // go on plainly from it.
            let failedAcceleration = combined && norm > previousNorm - Self.acceleratedGain
            if failedAcceleration { acceleration.reset() }
            let converged = norm <= convergedBelow || norm == -Double.infinity
            if converged || accelerationDepth == 0 || solver.isDense {
                for k in 0..<size { increments[k] = increments[k] + residual[k] }
                combined = false
            } else {
                (increments, combined) = acceleration.next(increments, correction: residual)
            }
            if RadauStepper.tracingNewton {
                let last = (0..<n).map { residual[(s - 1) * n + $0].doubleValue }
                FileHandle.standardError.write("  newton s=\(s) round \(round) log10|Δ|=\(norm) last stage Δ=\(last)\n".data(using: .utf8)!)
            }
            if converged {
                var result = y
                for a in 0..<n { result[a] = y[a] + increments[(s - 1) * n + a] }
                return (result, increments)
            }
            // Gaining less than a digit on the binary64 factors: their rounding may be what limits
            // the rate (an ill-conditioned matrix), so continue with the matrix factored in MPFR.
            // Not in the Schur form: there that costs s/2 MPFR factorizations of 2n × 2n blocks, more
            // than the rounds it could save, as the rate is then set by the one Jacobian of the
            // simplified iteration (woodworth, α = 0.01, one run to τ = 10, 50 at 10 digits,
            // n = 100, s = 12: 45.0 s with the switch, 35.9 s without, 38 steps both).
            if norm > previousNorm - 1, solver.isDense, let exact = solver.exact() {
                solver = exact
                previousNorm = norm
                acceleration.reset()
                continue
            }
            if failedAcceleration {
                previousNorm = norm
                continue
            }
            // Diverging or stagnating: give up and let the controller shrink the step.
            if norm > previousNorm - 0.05 && round >= 2 + refreshes { return nil }
            // Slow (linear) convergence: the Jacobian varies across the step. Refresh it at the
            // current stage values, which makes the iteration Newton's method proper.
            if system.refreshesJacobian && norm > previousNorm - Self.refreshBelowDigits && refreshes < Self.maximumRefreshes,
                let stageJacobians = stageJacobians(system, stageClocks, y, increments), let refreshed = iterationMatrix(stageJacobians)
            {
                solver = refreshed
                refreshes += 1
                acceleration.reset()
            }
            previousNorm = norm
        }
        return nil
    }

    /// The factorized Newton matrix of a stage solve.
    package enum StageSystemSolver {
        /// The whole (s·n) × (s·n) matrix, factored in binary64 or MPFR.
        case dense(NewtonMatrixFactorization)
        /// Through the Schur form of the stage matrix, a factorization per diagonal block.
        case kronecker(KroneckerStageSolver)

        var isDense: Bool {
            if case .dense = self { return true }
            return false
        }

        /// The dense factorization of `matrix` (binary64 while its entries are moderate, on up to
        /// `threads` threads); nil when `matrix` is singular at working precision.
        package static func factoring(_ matrix: BigMatrix, threads: Int = 1) -> StageSystemSolver? {
            NewtonMatrixFactorization.factoring(matrix, threads: threads).map { .dense($0) }
        }

        /// The same matrix with every binary64 factorization in it replaced by an MPFR one; nil
        /// when it has none.
        package func exact() -> StageSystemSolver? {
            switch self {
            case let .dense(factorization): return factorization.exact().map { .dense($0) }
            case let .kronecker(solver): return solver.exact().map { .kronecker($0) }
            }
        }

        package func solve(_ r: inout BigVector) {
            switch self {
            case let .dense(factorization): factorization.solve(&r)
            case let .kronecker(solver): solver.solve(&r)
            }
        }
    }
}

// The pieces of a step that the public driver (`ODESolver`) uses beyond `step`: fixed steps
// with no error estimate (any s ≥ 1), the collocation polynomial as dense output, and a shorter
// step from a step's start (events polished to the method's full order).
extension RadauStepper {
    /// A stepper for fixed steps only: `step` is not to be called on it (its embedded
    /// low-order method is the high-order one, so its error estimate is 0); any s ≥ 1.
    package init(fixedStepStages stages: Int, precision: Int, accelerationDepth: Int = RadauIIA.defaultAccelerationDepth) {
        precondition(stages >= 1, "Radau IIA needs at least one stage")
        precondition(accelerationDepth >= 0, "an acceleration depth of at least 0")
        self.accelerationDepth = accelerationDepth
        high = RadauCoefficients(stages: stages, precision: precision)
        low = high
        let nodes = [BigFloat(precision: precision)] + high.nodes
        barycentricWeights = nodes.indices.map { j in
            var product = BigFloat(1, precision: precision)
            for k in nodes.indices where k != j { product = product * (nodes[j] - nodes[k]) }
            return 1 / product
        }
        lowNodeBasis = []
    }

    /// The s-stage collocation step from (x, y) of length h with its stage equations solved to
    /// 10^(log10Tolerance − 2) in the system's norm, and no error estimate; nil when Newton's
    /// method fails. `previous` (the step that ended at x) gives the starting guess when close.
    /// The iteration runs in passes to tolerances 10^−8, 10^−24, 10^−72 … (then the tolerance
    /// asked for), each started from the previous pass's stages with Jacobians at them (when the
    /// system refreshes Jacobians): a fixed step must reach the tolerance however long it is,
    /// and one Jacobian's rate h·‖ΔJ‖ is then that of the previous pass's error.
    package func collocationStep(
        _ system: StiffSystem, from x: BigFloat, _ y: BigVector, size h: BigFloat,
        jacobian: BigMatrix, log10Tolerance: Double, previous: History? = nil
    ) -> (state: BigVector, history: History)? {
        guard let norm = system.errorNorm(at: y), let slope = system.derivative(at: x, y) else { return nil }
        let guess = previous.flatMap { extrapolatedStages($0, to: x, h, y) } ?? predictedStages(system, high, x, h, slope)
        guard let (state, stages) = solveInPasses(system, x, y, h, jacobian, norm, log10Tolerance, guess) else { return nil }
        return (state, History(x: x, h: h, y: y, increments: stages, computedBits: y.precision))
    }

    /// `solveStages` of the high-order method in passes of tightening tolerance (see
    /// `collocationStep`).
    private func solveInPasses(
        _ system: StiffSystem, _ x: BigFloat, _ y: BigVector, _ h: BigFloat, _ jacobian: BigMatrix,
        _ norm: (BigVector) -> Double, _ log10Tolerance: Double, _ guess: BigVector
    ) -> (BigVector, BigVector)? {
        var iterations = 0
        var stages = guess
        var pass = -8.0
        while true {
            let target = max(pass, log10Tolerance)
            guard
                let (state, solved) = solveStages(
                    system, high, x, y, h, jacobian, norm, target, stages,
                    guessIsClose: true, &iterations)
            else { return nil }
            if target <= log10Tolerance { return (state, solved) }
            stages = solved
            pass *= 3
        }
    }

    /// The step's collocation polynomial u at clock value t (u(x) = y, u(x + c_j h) = y + Z_j):
    /// degree s, accurate to O(h^{s+1}) inside the step (the stage order plus one), exact at
    /// the nodes; defined (as an extrapolation) outside [x, x + h] too.
    package func denseState(_ history: History, at t: BigFloat) -> BigVector {
        let n = history.y.count
        let theta = (BigFloat(t, precision: history.y.precision) - history.x) / history.h
        let nodes = [BigFloat(precision: history.y.precision)] + high.nodes
        let basis = Self.lagrangeBasis(at: theta, nodes: nodes, weights: barycentricWeights)
        let increment = collocationIncrements(history.increments, dimension: n, basis: [basis])
        var result = history.y
        for a in 0..<n { result[a] = history.y[a] + increment[a] }
        return result
    }

    /// The collocation step from the start of `history`'s step to t (inside that step), started
    /// from the step's own polynomial: the value at t to the method's full order 2s − 1, where
    /// `denseState` has order s + 1. Nil when Newton's method fails.
    package func restartedState(
        _ system: StiffSystem, _ history: History, at t: BigFloat, jacobian: BigMatrix,
        log10Tolerance: Double
    ) -> BigVector? {
        let n = history.y.count, x = history.x, y = history.y
        let h = BigFloat(t, precision: y.precision) - x
        if h.isZero { return y }
        guard let norm = system.errorNorm(at: y) else { return nil }
        let nodes = [BigFloat(precision: y.precision)] + high.nodes
        let basis = high.nodes.map { Self.lagrangeBasis(at: $0 * h / history.h, nodes: nodes, weights: barycentricWeights) }
        let guess = collocationIncrements(history.increments, dimension: n, basis: basis)
        return solveInPasses(system, x, y, h, jacobian, norm, log10Tolerance, guess)?.0
    }
}
