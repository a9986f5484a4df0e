import Datasets
import Flow
import Foundation
import Multiprecision

/// The output of `biasflow flow --model two-layer` with one width (Docs/models.md, MATH.md T13):
/// at each time the residual ‖E‖_F against the imbalance rate bound, the imbalance and P⊥U drifts,
/// Θ = UVᵀ, the gap Θ − Θ* to the exact minimum-norm solution beside its prediction P⊥U(0)V(t)ᵀ,
/// and the identity residual with its bound.
///
/// JSON: `{"model": "two-layer", "width", "inputs", "outputs", "seed", "alpha", "rate_bound",
/// "initial_residual_norm", "min_norm_solution", "checkpoints": [{"time", "residual_norm",
/// "within_rate_bound", "imbalance_drift", "null_space_drift", "theta", "gap", "predicted_gap",
/// "gap_norm", "identity_residual", "identity_bound", "verified_digits", "precision_bits"}, …]}`.
/// Θ and the gaps carry the verified digits of their checkpoint, drifts and residuals 3
/// significant digits; numbers through `JSONText.decimal` (never NaN, ±∞ or −0).
public struct TwoLayerFlowOutput {
    public let network: TwoLayerLinearNetwork
    public let solution: GradientFlowSolver.Solution
    public let analysis: TwoLayerAnalysis
    public let seed: UInt64
    /// The initialization scale α as the user wrote it.
    public let alpha: String

    public init(
        network: TwoLayerLinearNetwork, solution: GradientFlowSolver.Solution, analysis: TwoLayerAnalysis, seed: UInt64, alpha: String
    ) {
        self.network = network
        self.solution = solution
        self.analysis = analysis
        self.seed = seed
        self.alpha = alpha
    }

    private struct Row {
        var time: Rational
        var digits: Int
        var report: TwoLayerAnalysis.StateReport
        var theta: [BigFloat]
        var withinBound: Bool
    }

    private var bound: TwoLayerAnalysis.RateBound { analysis.rateBound() }
    private var start: TwoLayerAnalysis.StateReport { analysis.report(network.initialParameters(precision: solution.precisionBits)) }

    private func rows(bound: TwoLayerAnalysis.RateBound, start: TwoLayerAnalysis.StateReport) -> [Row] {
        solution.parameters.enumerated().map { index, theta in
            let report = analysis.report(theta)
            let t = BigFloat(solution.times[index], precision: solution.precisionBits)
            let withinBound = report.residualNorm <= start.residualNorm * BigFloat.exp(-(bound.rate * t))
            return Row(
                time: solution.times[index], digits: solution.verifiedDigits[index], report: report, theta: network.product(theta),
                withinBound: withinBound)
        }
    }

    private static func number(_ value: BigFloat, digits: Int) -> String {
        JSONText.decimal(value.formatted(significantDigits: Swift.max(1, digits)))
    }
    private static func numbers(_ values: [BigFloat], digits: Int) -> String { JSONText.array(values.map { number($0, digits: digits) }) }
    private static func small(_ value: BigFloat) -> String { JSONText.decimal(value.formatted(significantDigits: 3)) }

    public func json() -> String {
        let bound = self.bound, start = self.start
        let star = analysis.minimumNorm.solution.flatMap { $0 }
        let checkpoints = rows(bound: bound, start: start).map { row in
            JSONText.object([
                ("time", JSONText.decimal(row.time.description)),
                ("residual_norm", Self.small(row.report.residualNorm)),
                ("within_rate_bound", JSONText.bool(row.withinBound)),
                ("imbalance_drift", Self.small(row.report.imbalanceDrift)),
                ("null_space_drift", Self.small(row.report.nullSpaceDrift)),
                ("theta", Self.numbers(row.theta, digits: row.digits)),
                ("gap", Self.numbers(row.report.gap, digits: row.digits)),
                ("predicted_gap", Self.numbers(row.report.predictedGap, digits: row.digits)),
                ("gap_norm", Self.number(row.report.gapNorm, digits: row.digits)),
                ("identity_residual", Self.small(row.report.identityResidual)),
                ("identity_bound", Self.small(row.report.identityBound)),
                ("verified_digits", JSONText.integer(row.digits)),
                ("precision_bits", JSONText.integer(solution.precisionBits))
            ])
        }
        return JSONText.object(
            [
                ("model", JSONText.string("two-layer")), ("width", JSONText.integer(network.width)),
                ("inputs", JSONText.integer(network.inputs)), ("outputs", JSONText.integer(network.outputs)), ("seed", "\(seed)"),
                ("alpha", JSONText.string(alpha)), ("rate_bound", Self.number(bound.rate, digits: 12)),
                ("initial_residual_norm", Self.number(start.residualNorm, digits: 12)),
                ("min_norm_solution", JSONText.decimals(star.map(\.description)))
            ], rows: "checkpoints", checkpoints)
    }

    public func csv() -> String {
        var lines = [
            "time,residual_norm,within_rate_bound,imbalance_drift,null_space_drift,gap_norm,identity_residual,identity_bound,verified_digits"
        ]
        for row in rows(bound: bound, start: start) {
            let report = row.report
            lines.append(
                [
                    row.time.description, report.residualNorm.formatted(significantDigits: 3), row.withinBound ? "true" : "false",
                    report.imbalanceDrift.formatted(significantDigits: 3), report.nullSpaceDrift.formatted(significantDigits: 3),
                    report.gapNorm.formatted(significantDigits: Swift.max(1, row.digits)),
                    report.identityResidual.formatted(significantDigits: 3),
                    report.identityBound.formatted(significantDigits: 3), "\(row.digits)"
                ].joined(separator: ","))
        }
        return lines.joined(separator: "\n")
    }

    public func table() -> String {
        let bound = self.bound, start = self.start
        var out = [
            "two-layer linear network: D_in = \(network.inputs), m = \(network.outputs), h = \(network.width), α = \(alpha), seed \(seed)",
            "rate bound from the imbalance: ‖E(t)‖ ≤ ‖E(0)‖·e^(−c t), c = \(bound.rate.formatted(significantDigits: 8)) (‖E(0)‖ = \(start.residualNorm.formatted(significantDigits: 8)))"
        ]
        for row in rows(bound: bound, start: start) {
            let report = row.report
            out.append("t = \(row.time)   (\(row.digits) digits verified, \(solution.precisionBits) bits)")
            out.append(
                "  ‖E‖_F               \(report.residualNorm.formatted(significantDigits: 6))\(row.withinBound ? "" : "   ABOVE THE RATE BOUND")"
            )
            out.append("  imbalance drift     \(report.imbalanceDrift.formatted(significantDigits: 3))")
            out.append("  P⊥U drift           \(report.nullSpaceDrift.formatted(significantDigits: 3))")
            out.append("  ‖Θ − Θ*‖_F          \(report.gapNorm.formatted(significantDigits: Swift.max(1, row.digits)))")
            out.append(
                "  ‖Θ − Θ* − P⊥U(0)Vᵀ‖ \(report.identityResidual.formatted(significantDigits: 3))  (bound ‖X⁺‖‖E‖ = \(report.identityBound.formatted(significantDigits: 3)))"
            )
        }
        return out.joined(separator: "\n")
    }
}
