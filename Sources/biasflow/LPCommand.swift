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

    @Option(
        help: "LP CSV file: header (variable names, then rhs), the objective row c (last field 0), then one row a_i, b_i per constraint.")
    var data: String

    @Option(parsing: .unconditional, help: "Comma-separated entropic strengths λ > 0 (decimal, exact), e.g. 0.5,0.2,0.1.")
    var lambda: String

    @Option(
        parsing: .unconditional,
        help: "Digits: the flow runs until ‖Ax − b‖∞ ≤ 10^-digits and figures carry the digits verified against dual Newton.")
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
        let output = LinearProgramFlowOutput(data: data, program: program, report: report)
        switch format {
        case .json: print(output.json())
        case .table: print(output.table())
        }
    }
}
