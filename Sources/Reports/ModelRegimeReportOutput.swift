import Asymptotics
import Foundation

/// The renderings of a `ModelRegimeReport` (`biasflow analyze --model-file`): its table (for the
/// Markdown, LaTeX booktabs and CSV renderers) and its Codable JSON. Every number keeps exactly
/// its verified digits.
public enum ModelRegimeReportOutput {
    public static func json(_ report: ModelRegimeReport) throws -> String { try CodableJSON.render(report) }

    /// LaTeX headers of the distances.
    static let latexNames: [ReferenceKind: String] = [
        .l2Interpolation: "$\\|k - \\hat w_2\\|$", .l1Interpolation: "$\\|k - \\hat w_1\\|$", .weightedL1: "$\\|k - \\hat w_t\\|$",
        .l2MarginDirection: "$\\|k/\\|k\\| - \\hat w_2/\\|\\hat w_2\\|\\|$",
        .l1MarginDirection: "$\\|k/\\|k\\| - \\hat w_1/\\|\\hat w_1\\|\\|$",
        .l2Margin: "$\\|\\tilde w - \\hat w_2\\|$", .l1Margin: "$\\|\\tilde w - \\hat w_1\\|$"
    ]

    /// The distance columns in report order: the regression kinds, or the classification kinds.
    public static func kinds(_ report: ModelRegimeReport) -> [ReferenceKind] {
        let order: [ReferenceKind] = [
            .l2Interpolation, .l1Interpolation, .weightedL1, .l2MarginDirection, .l1MarginDirection, .l2Margin, .l1Margin
        ]
        return order.filter { kind in report.checkpoints.contains { $0.distance[kind] != nil } }
    }

    /// "‖k − ŵ₂ (min-ℓ2 interpolator)‖₂", or with w̃ = k/γ for the margin limits.
    public static func header(_ kind: ReferenceKind) -> String {
        switch kind {
        case .l2Margin, .l1Margin: return "‖w̃ − \(kind.title)‖₂"
        case .l2MarginDirection, .l1MarginDirection: return "‖k/‖k‖₂ − \(kind.title)‖₂"
        default: return "‖k − \(kind.title)‖₂"
        }
    }

    public static func table(_ report: ModelRegimeReport) throws -> ReportTable {
        let kinds = kinds(report)
        let classification = report.checkpoints.contains { $0.gamma != nil }
        let labelled = report.checkpoints.contains { $0.regime != nil }
        let d = report.checkpoints.first?.w.count ?? 0
        var columns = [
            TableColumn(key: "time", header: "t", latexHeader: "$t$"),
            TableColumn(key: "loss", header: "loss", latexHeader: "$L$")
        ]
        if classification {
            columns.append(TableColumn(key: "gamma", header: "γ = min z_nᵀk", latexHeader: "$\\gamma$"))
        }
        if labelled { columns.append(TableColumn(key: "regime", header: "regime", alignment: .left)) }
        for kind in kinds { columns.append(TableColumn(key: kind.rawValue, header: header(kind), latexHeader: latexNames[kind])) }
        columns += (0..<d).map { TableColumn(key: "w_\($0 + 1)", header: "k_\($0 + 1)", latexHeader: "$k_{\($0 + 1)}$") }
        let rows = report.checkpoints.map { c -> [TableCell] in
            var row: [TableCell] = [DecimalLiteral(c.time) != nil ? .decimal(c.time) : .exact(c.time), RegimeReportOutput.cell(c.loss)]
            if classification { row.append(RegimeReportOutput.cell(c.gamma)) }
            if labelled {
                row.append(c.regime.map { .text($0.rawValue + (c.labelCertain == false ? " (at threshold)" : "")) } ?? .missing)
            }
            row += kinds.map { RegimeReportOutput.cell(c.distance[$0]) }
            row += c.w.map { RegimeReportOutput.cell($0) }
            return row
        }
        let steps = report.steps.map(String.init).joined(separator: "/")
        var notes = [
            "Model \(report.modelFile)\(report.modelClass.map { " (\($0))" } ?? ""), data \(report.data), s = \(report.scale), "
                + "\(report.loss) loss; flow verified to \(report.digits) digits requested (\(report.precisionBits) bits, \(steps) steps)."
        ]
        func limit(_ key: ReferenceKind, _ name: String) {
            guard let record = report.limits[key.rawValue] else { return }
            let verified = record.certificateVerified ? "exact, certificate verified" : "exact, certificate NOT verified"
            notes.append("\(name) = (" + record.w.joined(separator: ", ") + ") (\(verified)).")
        }
        limit(.l2Interpolation, "ŵ₂, the min-ℓ2 interpolator,")
        limit(.l1Interpolation, "ŵ₁, the min-ℓ1 interpolator,")
        if let record = report.limits[ReferenceKind.weightedL1.rawValue] {
            let weights =
                report.weights.map { "; weights [t⁺, t⁻] = " + $0.map { "[" + $0.joined(separator: ", ") + "]" }.joined(separator: ", ") }
                ?? ""
            notes.append(
                "ŵ_t, the weighted-ℓ1 limit (s → 0), = (" + record.w.joined(separator: ", ") + ")"
                    + " (exact, certificate \(record.certificateVerified ? "verified" : "NOT verified")\(weights)).")
        }
        if let reason = report.weightedL1Unavailable {
            notes.append("No weighted-ℓ1 limit, so no regime label: \(reason).")
        }
        limit(.l2Margin, "ŵ₂, the l2 max-margin limit,")
        limit(.l1Margin, "ŵ₁, the l1 max-margin limit,")
        if classification { notes.append("w̃ = k/γ once γ > 0; the direction distances compare unit vectors.") }
        if let rule = report.ruleText { notes.append("Rule: \(rule).") }
        notes.append("Every number shows only its verified digits (the flow's two-run agreement, propagated).")
        return try ReportTable(
            columns: columns, rows: rows, title: "Regime analysis of a model file", label: "tab:model-regime", notes: notes)
    }
}
