import Foundation
import LinearAlgebra
import Multiprecision

/// The distance ‖Θ(∞) − Θ*‖_F of a `TwoLayerLinearNetwork` to the minimum-norm solution as the
/// width h grows, with the seed-fixed random initialization of scale α (Min et al.: O(h^{−1/2})).
///
/// For each width and each seed the flow runs to the horizon T (one run at `precision` bits and
/// local tolerance 10^`log10Tolerance`: the gap needs a few digits, not thirty), the gap is
/// taken as P⊥U(0)V(T)ᵀ (exactly Θ(∞) − Θ* in the limit; `identityResidual` bounds what T leaves),
/// averaged as a root mean square over the seeds, and the exponent fitted by least squares on
/// log gap against log h.
public struct TwoLayerWidthSweep: Sendable {
    public var x: [[Rational]]
    public var y: [[Rational]]
    public var widths: [Int]
    public var seeds: [UInt64]
    public var alpha: Rational
    public var horizon: Rational
    public var precision = 96
    public var log10Tolerance = -14.0

    public init(x: [[Rational]], y: [[Rational]], widths: [Int], seeds: [UInt64], alpha: Rational, horizon: Rational) throws(FlowError) {
        guard widths.count >= 2, widths.allSatisfy({ $0 >= 1 }) else {
            throw .invalidInitialization("a width sweep needs at least two widths ≥ 1")
        }
        guard !seeds.isEmpty else { throw .invalidInitialization("a width sweep needs at least one seed") }
        guard horizon.signum > 0 else { throw .invalidCheckpoint("the horizon must be positive") }
        self.x = x
        self.y = y
        self.widths = widths
        self.seeds = seeds
        self.alpha = alpha
        self.horizon = horizon
    }

    public struct Row: Sendable {
        public var width: Int
        /// √(mean over seeds of ‖P⊥U(0)V(T)ᵀ‖_F²).
        public var gap: Double
        /// The largest ‖Θ(T) − Θ* − P⊥U(0)V(T)ᵀ‖_F over the seeds (what the finite T leaves).
        public var identityResidual: Double
        /// The largest ‖E(T)‖_F over the seeds.
        public var residualNorm: Double
    }

    public struct Result: Sendable {
        public var rows: [Row]
        /// The least-squares slope of log gap against log h.
        public var exponent: Double
    }

    public func run() throws(FlowError) -> Result {
        var rows = [Row]()
        for width in widths {
            var sumSquares = 0.0, worstIdentity = 0.0, worstResidual = 0.0
            for seed in seeds {
                let network = try TwoLayerLinearNetwork.random(x: x, y: y, width: width, alpha: alpha, seed: seed)
                let flow = try GradientFlowSolver(model: network, times: [horizon], digits: 1)
                let state = try flow.run(precision: precision, log10Tolerance: log10Tolerance).states[0]
                let report = try TwoLayerAnalysis(network: network, precision: precision).report(state)
                let gap = DenseAlgebra.frobeniusNorm(report.predictedGap, precision: precision).doubleValue
                sumSquares += gap * gap
                worstIdentity = max(worstIdentity, report.identityResidual.doubleValue)
                worstResidual = max(worstResidual, report.residualNorm.doubleValue)
            }
            rows.append(
                Row(
                    width: width, gap: (sumSquares / Double(seeds.count)).squareRoot(),
                    identityResidual: worstIdentity, residualNorm: worstResidual))
        }
        let exponent = StepSizeComparison.slope(rows.map { log(Double($0.width)) }, rows.map { log($0.gap) })
        return Result(rows: rows, exponent: exponent)
    }
}
