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
            for (prefix, plain, latex) in [("w_normalized_", "w̃_", "\\tilde w"), ("w_", "w_", "w")] where key.hasPrefix(prefix) {
                let index = key.dropFirst(prefix.count)
                if !index.isEmpty, index.allSatisfy(\.isASCIIDigitCharacter) { return (plain + index, "$\(latex)_{\(index)}$") }
            }
            return (key, LaTeXText.escape(key))
        }
    }
}
