import Asymptotics
/// Headers of the fields sweeps store (`SweepPointResult.fields`), for tables and figure axes.
public enum SweepColumns {
    /// The column for a stored field key: a readable header and a LaTeX (math) header.
    public static func column(_ key: String, alignment: TableColumn.Alignment = .right) -> TableColumn {
        let (header, latex) = headers(key)
        return TableColumn(key: key, header: header, latexHeader: latex, alignment: alignment)
    }

    static func headers(_ key: String) -> (String, String) {
        switch key {
        case "depth": return ("D", "$D$")
        case "alpha": return ("α", "$\\alpha$")
        case "scale": return ("s", "$s$")
        case "time": return ("t", "$t$")
        case "loss": return ("loss", "$L$")
        case "regime": return ("regime", "regime")
        case "tau": return ("τ", "$\\tau$")
        case "log10_time": return ("log10 t", "$\\log_{10} t$")
        case "gamma": return ("γ", "$\\gamma$")
        case "verified_digits": return ("verified digits", "digits")
        case "alpha_to_depth": return ("α^D", "$\\alpha^D$")
        case "kernel_exit_log10_inv_eps": return ("kernel exit log10(1/ε*)", "kernel exit $\\log_{10}(1/\\varepsilon^*)$")
        case "kernel_exit_mu": return ("kernel exit μ*", "kernel exit $\\mu^*$")
        case "rich_entry_log10_inv_eps": return ("rich entry log10(1/ε*)", "rich entry $\\log_{10}(1/\\varepsilon^*)$")
        case "rich_entry_mu": return ("rich entry μ*", "rich entry $\\mu^*$")
        default:
            if key.hasPrefix("distance_"), let kind = ReferenceKind(rawValue: String(key.dropFirst("distance_".count))) {
                let name = kind.title.split(separator: " ").first.map(String.init) ?? kind.rawValue
                let plain: String
                switch kind {
                case .l2MarginDirection, .l1MarginDirection: plain = "‖k/‖k‖₂ − \(name)‖₂"
                case .l2Margin, .l1Margin: plain = "‖w̃ − \(name)‖₂"
                default: plain = "‖k − \(name)‖₂"
                }
                return (plain, ModelRegimeReportOutput.latexNames[kind] ?? LaTeXText.escape(key))
            }
            for (prefix, plain, latex) in [("w_normalized_", "w̃_", "\\tilde w"), ("w_", "w_", "w")] where key.hasPrefix(prefix) {
                let index = key.dropFirst(prefix.count)
                if !index.isEmpty, index.allSatisfy(\.isASCIIDigitCharacter) { return (plain + index, "$\(latex)_{\(index)}$") }
            }
            return (key, LaTeXText.escape(key))
        }
    }
}
