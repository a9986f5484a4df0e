import Datasets
import Limits
import Multiprecision

/// The JSON contract of a reference limit (DESIGN.md §4, `biasflow limits --format json`):
/// `{"kind", "w", "dual", "objective", "exact", "certificate", …}`. Exact limits print their
/// rationals as "p/q" strings (`exact`) or as correctly rounded decimals of `digits` significant
/// digits; regularized limits (Q^D_μ, the sweep path) print every verified digit. Numbers are
/// decimal strings (`JSONText.decimal`); counts, bit sizes and flags are JSON integers and literals.
public enum LimitJSON {
    /// An exact limit of the kind named `kind` with its exactly verified certificate.
    public static func render(_ limit: Limit, kind: String, exact: Bool, digits: Int) -> String {
        let text: (Rational) -> String = exact ? { $0.description } : { ExactDecimal.format($0, significantDigits: Swift.max(1, digits)) }
        let c = limit.certificate
        let certificate = JSONText.object([
            ("verified", JSONText.bool(c.isVerified)),
            ("primal_feasible", JSONText.bool(c.primalFeasible)), ("dual_feasible", JSONText.bool(c.dualFeasible)),
            ("complementary_slackness", JSONText.bool(c.complementarySlackness)), ("stationarity", JSONText.bool(c.stationarity)),
            ("objectives_equal", JSONText.bool(c.objectivesEqual)),
            ("primal_objective", JSONText.decimal(text(c.primalObjective))), ("dual_objective", JSONText.decimal(text(c.dualObjective))),
            (limit.kind.isClassification ? "min_margin" : "max_residual", JSONText.decimal(text(c.constraintExtreme))),
            ("primal_unique", JSONText.bool(limit.uniqueness.primalUnique)), ("dual_unique", JSONText.bool(limit.uniqueness.dualUnique)),
            ("solution_set", JSONText.string(limit.uniqueness.note))
        ])
        let st = limit.statistics
        let solver = JSONText.object([
            ("floating_iterations", JSONText.integer(st.floatingIterations)), ("exact_iterations", JSONText.integer(st.exactIterations)),
            ("warm_start_accepted", JSONText.bool(st.warmStartAccepted)), ("exact_system_size", JSONText.integer(st.exactSystemSize)),
            ("floating_seconds", JSONText.number(st.floatingSeconds)), ("exact_seconds", JSONText.number(st.exactSeconds))
        ])
        return JSONText.object([
            ("kind", JSONText.string(kind)), ("w", JSONText.decimals(limit.w.map(text))), ("dual", JSONText.decimals(limit.dual.map(text))),
            ("objective", JSONText.decimal(text(limit.objective))), ("exact", JSONText.bool(exact)),
            ("certificate", certificate), ("solver", solver)
        ])
    }

    /// A regularized limit (argmin Q^D_μ or a sweep-path point) with its KKT residuals, printed
    /// to `digits` significant digits (the verified ones); a sweep-path point also carries the
    /// path's grid (`sweep_steps_per_decade`, `sweep_start` μ₀) in its certificate.
    public static func render(_ limit: RegularizedLimit, kind: String, digits: Int, sweep: SweepPath? = nil) -> String {
        let extra: [(String, String)] =
            sweep.map {
                [("sweep_steps_per_decade", JSONText.integer($0.stepsPerDecade)), ("sweep_start", JSONText.decimal($0.start.description))]
            }
            ?? []
        let shown = { (x: BigFloat) in JSONText.decimal(x.formatted(significantDigits: Swift.max(1, digits))) }
        let small = { (x: BigFloat) in JSONText.decimal(x.formatted(significantDigits: 3)) }
        let r = limit.residuals
        let certificate = JSONText.object(
            [
                ("type", JSONText.string("kkt-residuals")), ("verified_digits", JSONText.integer(limit.verifiedDigits)),
                ("precision_bits", JSONText.integer(limit.precision)), ("check_precision_bits", JSONText.integer(limit.checkPrecision)),
                ("primal_infeasibility", small(r.primalInfeasibility)), ("dual_infeasibility", small(r.dualInfeasibility)),
                ("complementarity", small(r.complementarity)), ("projected_gradient", small(r.projectedGradient)),
                ("dual_objective", shown(limit.dualObjective)), ("newton_iterations", JSONText.integer(limit.newtonIterations)),
                ("depth", JSONText.integer(limit.depth)), ("mu", JSONText.decimal(limit.mu.description))
            ] + extra)
        return JSONText.object([
            ("kind", JSONText.string(kind)), ("w", JSONText.array(limit.w.map(shown))), ("dual", JSONText.array(limit.dual.map(shown))),
            ("objective", shown(limit.objective)), ("exact", "false"), ("certificate", certificate)
        ])
    }
}
