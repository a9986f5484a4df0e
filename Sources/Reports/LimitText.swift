import Asymptotics
import Limits
import Multiprecision

/// The table text of a reference limit (`biasflow limits --format table`): a header line with the
/// kind, the data and how the limit is certified, the objective, then one line per entry of w and
/// of the dual (λ for classification, ν for regression).
public enum LimitText {
    /// An exact limit: its rationals as "p/q" (`exact`) or correctly rounded to `digits`
    /// significant digits; `objectiveName` names the objective (e.g. "‖w‖₁").
    public static func render(_ limit: Limit, kind: String, data: String, objectiveName: String, exact: Bool, digits: Int) -> String {
        let text: (Rational) -> String = exact ? { $0.description } : { ExactDecimal.format($0, significantDigits: Swift.max(1, digits)) }
        var lines = [
            "\(kind) of \(data): exact, certificate verified (\(limit.uniqueness.note))",
            "objective \(objectiveName) = \(text(limit.objective))"
        ]
        lines += entries(limit.w.map(text), limit.dual.map(text), classification: limit.kind.isClassification)
        return lines.joined(separator: "\n")
    }

    /// A regularized limit (argmin Q^D_μ or a sweep-path point) to `digits` significant digits,
    /// with its verified digits, the two precisions and the KKT residuals in the header.
    public static func render(_ limit: RegularizedLimit, kind: String, data: String, classification: Bool, digits: Int) -> String {
        let shown = { (x: BigFloat) in x.formatted(significantDigits: Swift.max(1, digits)) }
        let small = { (x: BigFloat) in x.formatted(significantDigits: 3) }
        let r = limit.residuals
        var lines = [
            "\(kind) of \(data), D = \(limit.depth), μ = \(RegimeAnalyzer.decimal(limit.mu)): \(limit.verifiedDigits) verified digits "
                + "(\(limit.checkPrecision) vs \(limit.precision) bits), KKT residuals primal \(small(r.primalInfeasibility)), "
                + "complementarity \(small(r.complementarity)), gradient \(small(r.projectedGradient))",
            "objective Q^D_μ(w) = \(shown(limit.objective))"
        ]
        lines += entries(limit.w.map(shown), limit.dual.map(shown), classification: classification)
        return lines.joined(separator: "\n")
    }

    private static func entries(_ w: [String], _ dual: [String], classification: Bool) -> [String] {
        w.enumerated().map { "  w[\($0.offset + 1)] = \($0.element)" }
            + dual.enumerated().map { "  \(classification ? "λ" : "ν")[\($0.offset + 1)] = \($0.element)" }
    }
}
