/// A `RegimeReport` flattened to one record per checkpoint, for row-oriented result stores (sweeps,
/// CSV): field names and the decimal strings with their verified digits, no rounding on the way.
///
/// Fields: target, tau, log10_loss, gamma, mu, rho, regime, label_certain, then for each reference
/// present `distance_<key>` and `digits_<key>`, then `digits_gamma`, `digits_rho`, and
/// `lyu_li_margin`, `digits_lyu_li_margin` (γ̃ = ln(1/L)/‖u‖₂^D; empty in reports saved before it).
public enum RegimeRecords {
    public static func kinds(_ report: RegimeReport) -> [ReferenceKind] {
        ReferenceKind.allCases.filter { kind in report.checkpoints.contains { $0.distance[kind] != nil } }
    }

    public static func fields(_ report: RegimeReport) -> [String] {
        var fields = ["target", "tau", "log10_loss", "gamma", "mu", "rho", "regime", "label_certain"]
        for kind in kinds(report) { fields += ["distance_" + kind.rawValue, "digits_" + kind.rawValue] }
        return fields + ["digits_gamma", "digits_rho", "lyu_li_margin", "digits_lyu_li_margin"]
    }

    public static func rows(_ report: RegimeReport) -> [[String?]] {
        let kinds = kinds(report)
        return report.checkpoints.map { c in
            var row: [String?] = [
                c.target, c.tau.value, c.log10Loss.value, c.gamma.value, c.mu.value, c.rho.value, c.regime.rawValue,
                c.labelCertain ? "true" : "false"
            ]
            for kind in kinds { row += [c.distance[kind]?.value, c.distance[kind].map { String($0.digits) }] }
            return row + [String(c.gamma.digits), String(c.rho.digits), c.lyuLiMargin?.value, c.lyuLiMargin.map { String($0.digits) }]
        }
    }
}
