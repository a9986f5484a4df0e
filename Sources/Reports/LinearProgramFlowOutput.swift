import Datasets
import Asymptotics
import Foundation
import Limits
import Multiprecision

/// The output of `biasflow lp` (Docs/lp.md): the exact LP optimum with its certificate, the
/// flow's entropic limits at each λ checked against dual Newton, and the fitted rates e^{−Δ/λ}.
///
/// JSON: `{"data", "variables", "optimum": {"x", "y", "reduced_costs", "objective", "basis",
/// "certificate_verified", "primal_unique", "gap", "pivots"}, "entropic": [{"lambda", "time",
/// "steps", "rejected_steps", "precision_bits", "verified_digits", "x", "multiplier", "kkt":
/// {"primal_residual", "stationarity_residual", "smallest_x"}, "reference": {"method",
/// "iterations", "relative_distance"}, "distance_to_optimum", "objective_gap"}, …], "rate_fits":
/// [{"lambda_pair", "fitted_gap"}, …]}`. Exact rationals as "p/q" strings, the entropic limits
/// with their verified digits, residuals and distances with 4 significant digits; numbers through
/// `JSONText.decimal` (never NaN, ±∞ or −0); basis indices, counts and flags as JSON literals.
public struct LinearProgramFlowOutput: Sendable {
    /// The LP file as the user named it.
    public let data: String
    public let program: LinearProgram
    public let report: LinearProgramFlowStudy.Report

    public init(data: String, program: LinearProgram, report: LinearProgramFlowStudy.Report) {
        self.data = data
        self.program = program
        self.report = report
    }

    private func exact(_ values: [Rational]) -> String { JSONText.decimals(values.map(\.description)) }
    private func decimals(_ values: [BigFloat], _ digits: Int) -> String {
        JSONText.decimals(values.map { $0.formatted(significantDigits: Swift.max(1, digits)) })
    }
    private func short(_ value: BigFloat) -> String { value.formatted(significantDigits: 4) }

    public func json() -> String {
        let o = report.optimum
        let optimum = JSONText.object([
            ("x", exact(o.x)), ("y", exact(o.y)), ("reduced_costs", exact(o.reducedCosts)),
            ("objective", JSONText.decimal(o.objective.description)), ("basis", "\(o.basis.map { $0 + 1 })"),
            ("certificate_verified", JSONText.bool(o.isVerified)), ("primal_unique", JSONText.bool(o.primalUnique)),
            ("gap", o.reducedCostGap.map { JSONText.decimal($0.description) } ?? "null"), ("pivots", "\(o.pivots)")
        ])
        let entries = report.entries.map { e in
            JSONText.object([
                ("lambda", JSONText.decimal(e.lambdaText)), ("time", JSONText.decimal(short(e.time))),
                ("steps", "\(e.steps)"), ("rejected_steps", "\(e.rejectedSteps)"), ("precision_bits", "\(e.precision)"),
                ("verified_digits", "\(e.verifiedDigits)"),
                ("x", decimals(e.x, e.verifiedDigits)), ("multiplier", decimals(e.multiplier, e.verifiedDigits)),
                (
                    "kkt",
                    JSONText.object([
                        ("primal_residual", JSONText.decimal(short(e.primalResidual))),
                        ("stationarity_residual", JSONText.decimal(short(e.stationarityResidual))),
                        ("smallest_x", JSONText.decimal(short(e.smallestEntry)))
                    ])
                ),
                (
                    "reference",
                    JSONText.object([
                        ("method", JSONText.string("dual Newton on the entropic LP")), ("iterations", "\(e.referenceIterations)"),
                        ("relative_distance", JSONText.decimal(short(e.referenceDistance)))
                    ])
                ),
                ("distance_to_optimum", JSONText.decimal(short(e.distanceToOptimum))),
                ("objective_gap", JSONText.decimal(short(e.objectiveGap)))
            ])
        }
        let fits = report.rateFits.map { f in
            JSONText.object([
                ("lambda_pair", exact([f.largerLambda, f.smallerLambda])), ("fitted_gap", JSONText.number(f.fittedGap))
            ])
        }
        return JSONText.object([
            ("data", JSONText.string(data)), ("variables", JSONText.strings(program.variableNames)),
            ("optimum", optimum), ("entropic", JSONText.array(entries)), ("rate_fits", JSONText.array(fits))
        ])
    }

    public func table() -> String {
        let o = report.optimum
        var lines = [
            "LP \(data): \(program.constraintCount) constraints, \(program.variableCount) variables; exact optimum (certificate verified: \(o.isVerified), unique: \(o.primalUnique), \(o.pivots) pivots)"
        ]
        lines.append(
            "  x* = (\(o.x.map(\.description).joined(separator: ", ")))   cᵀx* = \(o.objective)   y* = (\(o.y.map(\.description).joined(separator: ", ")))"
        )
        lines.append("  Δ = smallest reduced cost at zero = \(o.reducedCostGap.map(\.description) ?? "none")")
        lines.append("")
        lines.append("λ  t(limit)  steps  ‖Ax−b‖∞  ‖c+λ ln x+Aᵀμ‖∞  vs Newton (digits)  ‖x_λ−x*‖∞  cᵀx_λ−cᵀx*")
        for e in report.entries {
            lines.append(
                "\(e.lambdaText)  \(short(e.time))  \(e.steps)  \(short(e.primalResidual))  \(short(e.stationarityResidual))  \(short(e.referenceDistance)) (\(e.verifiedDigits))  \(short(e.distanceToOptimum))  \(short(e.objectiveGap))"
            )
        }
        if !report.rateFits.isEmpty {
            lines.append("")
            lines.append(
                "rate: ‖x_λ − x*‖∞ ≈ C e^{−Δ/λ}; fitted Δ between consecutive λ (exact Δ = \(o.reducedCostGap.map { ExactDecimal.format($0, significantDigits: 8) } ?? "none"))"
            )
            for f in report.rateFits {
                lines.append("  λ = \(f.largerLambda) → \(f.smallerLambda): Δ_fit = \(String(format: "%.6g", f.fittedGap))")
            }
        }
        return lines.joined(separator: "\n")
    }
}
