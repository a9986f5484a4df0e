import ArgumentParser
import Asymptotics
import Flow
import Foundation
import Limits
import Multiprecision
import Reports

/// `biasflow lp`: linear programming with a diagonal network (Wang, Ghosal & Mazumder 2023;
/// MATH.md §6.2, T14). Solves min cᵀx s.t. Ax = b, x ≥ 0 exactly (with its certificate), then for
/// each λ follows the flow of x = u∘u from x₀ = exp(−c/λ) to its limit, checks the entropic-LP
/// KKT conditions there against an independent dual-Newton solve, and measures the convergence to
/// the LP optimum as λ → 0 (rate e^{−Δ/λ}, Δ exact). File format: Docs/lp.md.
struct LPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lp",
        abstract: "Linear programming by the diagonal-network flow: exact LP, entropic limits, λ → 0 rate."
    )

    enum Format: String, ExpressibleByArgument { case json, table }

    @Option(help: "LP CSV file: header (variable names, then rhs), the objective row c (last field 0), then one row a_i, b_i per constraint.")
    var data: String

    @Option(parsing: .unconditional, help: "Comma-separated entropic strengths λ > 0 (decimal, exact), e.g. 0.5,0.2,0.1.")
    var lambda: String

    @Option(parsing: .unconditional, help: "Digits: the flow runs until ‖Ax − b‖∞ ≤ 10^-digits and figures carry the digits verified against dual Newton.")
    var digits: Int = 30

    @Option(help: "Output format: json or table.")
    var format: Format = .json

    func validate() throws {
        try DataLoading.requireDigits(digits)
    }

    func run() throws {
        let program: LinearProgram
        do { program = try LinearProgram(contentsOfFile: data) } catch { throw CLIError("\(error)") }
        let lambdas = try DataLoading.decimalList(lambda, option: "--lambda")
        let report: LinearProgramFlowStudy.Report
        do {
            report = try LinearProgramFlowStudy(program: program, lambdas: lambdas, digits: digits).solve()
        } catch let error as LinearProgramError {
            throw CLIError("\(data): \(error)")
        } catch {
            throw CLIError("\(data): \(error)")
        }
        switch format {
        case .json: print(json(program, report))
        case .table: print(table(program, report))
        }
    }

    private func exact(_ values: [Rational]) -> String { JSONText.decimals(values.map(\.description)) }
    private func decimals(_ values: [BigFloat], _ digits: Int) -> String {
        JSONText.decimals(values.map { $0.formatted(significantDigits: Swift.max(1, digits)) })
    }
    private func short(_ value: BigFloat) -> String { value.formatted(significantDigits: 4) }

    private func json(_ program: LinearProgram, _ report: LinearProgramFlowStudy.Report) -> String {
        let o = report.optimum
        let optimum = JSONText.object([
            ("x", exact(o.x)), ("y", exact(o.y)), ("reduced_costs", exact(o.reducedCosts)),
            ("objective", JSONText.string(o.objective.description)), ("basis", "\(o.basis.map { $0 + 1 })"),
            ("certificate_verified", "\(o.isVerified)"), ("primal_unique", "\(o.primalUnique)"),
            ("gap", o.reducedCostGap.map { JSONText.string($0.description) } ?? "null"), ("pivots", "\(o.pivots)"),
        ])
        let entries = report.entries.map { e in
            JSONText.object([
                ("lambda", JSONText.string(e.lambdaText)), ("time", JSONText.string(short(e.time))),
                ("steps", "\(e.steps)"), ("rejected_steps", "\(e.rejectedSteps)"), ("precision_bits", "\(e.precision)"),
                ("verified_digits", "\(e.verifiedDigits)"),
                ("x", decimals(e.x, e.verifiedDigits)), ("multiplier", decimals(e.multiplier, e.verifiedDigits)),
                ("kkt", JSONText.object([
                    ("primal_residual", JSONText.string(short(e.primalResidual))),
                    ("stationarity_residual", JSONText.string(short(e.stationarityResidual))),
                    ("smallest_x", JSONText.string(short(e.smallestEntry))),
                ])),
                ("reference", JSONText.object([
                    ("method", JSONText.string("dual Newton on the entropic LP")), ("iterations", "\(e.referenceIterations)"),
                    ("relative_distance", JSONText.string(short(e.referenceDistance))),
                ])),
                ("distance_to_optimum", JSONText.string(short(e.distanceToOptimum))),
                ("objective_gap", JSONText.string(short(e.objectiveGap))),
            ])
        }
        let fits = report.rateFits.map { f in
            JSONText.object([
                ("lambda_pair", exact([f.largerLambda, f.smallerLambda])), ("fitted_gap", JSONText.number(f.fittedGap)),
            ])
        }
        return JSONText.object([
            ("data", JSONText.string(data)), ("variables", JSONText.strings(program.variableNames)),
            ("optimum", optimum), ("entropic", JSONText.array(entries)), ("rate_fits", JSONText.array(fits)),
        ])
    }

    private func table(_ program: LinearProgram, _ report: LinearProgramFlowStudy.Report) -> String {
        let o = report.optimum
        var lines = ["LP \(data): \(program.constraintCount) constraints, \(program.variableCount) variables; exact optimum (certificate verified: \(o.isVerified), unique: \(o.primalUnique), \(o.pivots) pivots)"]
        lines.append("  x* = (\(o.x.map(\.description).joined(separator: ", ")))   cᵀx* = \(o.objective)   y* = (\(o.y.map(\.description).joined(separator: ", ")))")
        lines.append("  Δ = smallest reduced cost at zero = \(o.reducedCostGap.map(\.description) ?? "none")")
        lines.append("")
        lines.append("λ  t(limit)  steps  ‖Ax−b‖∞  ‖c+λ ln x+Aᵀμ‖∞  vs Newton (digits)  ‖x_λ−x*‖∞  cᵀx_λ−cᵀx*")
        for e in report.entries {
            lines.append("\(e.lambdaText)  \(short(e.time))  \(e.steps)  \(short(e.primalResidual))  \(short(e.stationarityResidual))  \(short(e.referenceDistance)) (\(e.verifiedDigits))  \(short(e.distanceToOptimum))  \(short(e.objectiveGap))")
        }
        if !report.rateFits.isEmpty {
            lines.append("")
            lines.append("rate: ‖x_λ − x*‖∞ ≈ C e^{−Δ/λ}; fitted Δ between consecutive λ (exact Δ = \(o.reducedCostGap.map { ExactDecimal.format($0, significantDigits: 8) } ?? "none"))")
            for f in report.rateFits {
                lines.append("  λ = \(f.largerLambda) → \(f.smallerLambda): Δ_fit = \(String(format: "%.6g", f.fittedGap))")
            }
        }
        return lines.joined(separator: "\n")
    }
}
