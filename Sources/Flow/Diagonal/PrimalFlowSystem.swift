import Integrators
import Multiprecision

/// The primal gradient flow on (u₊, u₋) ∈ R^{2d} of a diagonal network with the exponential loss,
/// in the loss clock τ (MATH.md §1.2-1.3): with p = softmax(−Zw), g = Zᵀp,
/// H_i = D²(u₊,ᵢ^{2D−2} + u₋,ᵢ^{2D−2}) and S = Σ H_i g_i²,
///
///     du₊/dτ = D u₊^{D−1} ∘ g / S,    du₋/dτ = −D u₋^{D−1} ∘ g / S.
///
/// It is the cross-check of the dual reduction (MATH.md T1-T2) and integrates with the explicit
/// extrapolation method only (no Jacobian), so it is meant for moderate τ. Error norm: the largest
/// relative change of any u±,ᵢ.
final class PrimalFlowSystem: StiffSystem {
    let depth: Int
    let precision: Int
    let features: Int
    private let matrix: BigMatrix
    private let workspace: KernelWorkspace

    init(z: [[Rational]], depth: Int, precision: Int) throws(FlowError) {
        self.depth = depth
        self.precision = precision
        features = z.first?.count ?? 0
        do { matrix = try BigMatrix(z, precision: precision) } catch { throw .invalidInitialization("\(error)") }
        workspace = KernelWorkspace(precision: precision)
    }

    var dimension: Int { 2 * features }

    /// w = u₊^D − u₋^D.
    func predictor(_ y: BigVector) -> BigVector {
        var w = BigVector(count: features, precision: precision)
        for i in 0..<features { w[i] = BigFloat.pow(y[i], depth) - BigFloat.pow(y[features + i], depth) }
        return w
    }

    /// τ = −ln L and the margins at state y.
    func lossClock(_ y: BigVector) -> (tau: BigFloat, margins: BigVector) {
        let w = predictor(y)
        var margins = BigVector(count: matrix.rows, precision: precision)
        Kernels.multiply(matrix, w, into: &margins, workspace: workspace)
        var logSum = BigFloat(precision: precision)
        Kernels.logSumExp(margins, negated: true, into: &logSum, workspace: workspace)
        return (-logSum, margins)
    }

    func derivative(at x: BigFloat, _ y: BigVector) -> BigVector? {
        let d = features, D = depth
        let (_, margins) = lossClock(y)
        var p = BigVector(count: matrix.rows, precision: precision)
        Kernels.softmax(margins, negated: true, into: &p, workspace: workspace)
        var g = BigVector(count: d, precision: precision)
        Kernels.multiplyTransposed(matrix, p, into: &g, workspace: workspace)
        var curvature = BigFloat(precision: precision)
        for i in 0..<d {
            let metric = D * D * (BigFloat.pow(y[i], 2 * D - 2) + BigFloat.pow(y[d + i], 2 * D - 2))
            curvature += metric * g[i] * g[i]
        }
        guard curvature.signum > 0 else { return nil }
        var result = BigVector(count: 2 * d, precision: precision)
        for i in 0..<d {
            result[i] = D * BigFloat.pow(y[i], D - 1) * g[i] / curvature
            result[d + i] = -(D * BigFloat.pow(y[d + i], D - 1) * g[i]) / curvature
        }
        return result
    }

    func jacobian(at x: BigFloat, _ y: BigVector) -> BigMatrix? { nil }

    func jacobianGrowth(from x: BigFloat, to other: BigFloat) -> BigFloat { BigFloat(1, precision: precision) }

    func errorNorm(at y: BigVector) -> ((BigVector) -> Double)? {
        let weights = (0..<dimension).map { 1 / y[$0].magnitude }
        let p = precision
        return { difference in
            var worst = BigFloat(precision: p)
            for k in 0..<difference.count { worst = BigFloat.maximum(worst, (weights[k] * difference[k]).magnitude) }
            return worst.log10Magnitude ?? -Double.infinity
        }
    }
}

/// Integrates `PrimalFlowSystem` from the initialization to given τ, landing on each exactly, with
/// the explicit extrapolation method at a fixed precision and tolerance (no verification: it is a
/// reference for the dual engine, compared in tests at a tolerance well below the digits asked).
public struct PrimalFlowSolver {
    public var z: [[Rational]]
    public var network: DiagonalNetwork
    public var precision: Int
    public var log10Tolerance: Double

    public init(z: [[Rational]], network: DiagonalNetwork, precision: Int, log10Tolerance: Double) {
        self.z = z
        self.network = network
        self.precision = precision
        self.log10Tolerance = log10Tolerance
    }

    /// The primal state at one τ.
    public struct State: Sendable {
        public var tau: BigFloat
        public var plus: [BigFloat]
        public var minus: [BigFloat]
        public var w: [BigFloat]
        public var gamma: BigFloat
    }

    /// The states at the given τ values (decimal literals, increasing, after τ(0) = −ln N).
    public func solve(taus: [String]) throws(FlowError) -> [State] {
        let system = try PrimalFlowSystem(z: z, depth: network.depth, precision: precision)
        let d = network.dimension
        var y = BigVector(count: 2 * d, precision: precision)
        for i in 0..<d {
            y[i] = BigFloat(network.initialPlus[i], precision: precision)
            y[d + i] = BigFloat(network.initialMinus[i], precision: precision)
        }
        let start = system.lossClock(y).tau
        var targets = [BigFloat]()
        for text in taus {
            let target: BigFloat
            do { target = try BigFloat(text, precision: precision) } catch { throw .invalidCheckpoint("τ = \(text): \(error)") }
            let previous = targets.last ?? start
            guard target > previous else {
                throw .invalidCheckpoint("τ = \(text) is not after τ = \(previous.formatted(significantDigits: 10))")
            }
            targets.append(target)
        }
        let integrator = ExplicitFlowIntegrator(columns: ExplicitFlowIntegrator.columns(log10Tolerance: log10Tolerance))
        let run: (states: [BigVector], steps: Int)
        do throws(IntegrationError) {
            run = try integrator.integrate(system, from: start, y, to: targets, log10Tolerance: log10Tolerance)
        } catch {
            throw FlowError(error, clock: "τ")
        }
        var states = [State]()
        for (tau, y) in zip(targets, run.states) {
            let w = system.predictor(y)
            let margins = system.lossClock(y).margins
            var gamma = margins[0]
            for k in 1..<margins.count { gamma = BigFloat.minimum(gamma, margins[k]) }
            states.append(State(tau: tau, plus: (0..<d).map { y[$0] }, minus: (0..<d).map { y[d + $0] }, w: w.elements, gamma: gamma))
        }
        return states
    }
}

import Foundation
