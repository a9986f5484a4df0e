/// Text for LaTeX: escaping of text-mode specials and math typesetting of numbers.
public enum LaTeXText {
    /// `text` safe in LaTeX text mode under the default (OT1/T1) encodings with no extra packages:
    /// the ten specials `\ { } $ & # % _ ~ ^` are escaped, `<`, `>` and `|` become text commands,
    /// and the Greek letters and math symbols BiasFlow's headers use become inline math
    /// (`α` → `$\alpha$`), since LaTeX's default encodings cannot print them in text.
    public static func escape(_ text: String) -> String {
        var out = ""
        var previousWasMath = false
        for character in text {
            switch character {
            case "\\": out += "\\textbackslash{}"
            case "{": out += "\\{"
            case "}": out += "\\}"
            case "$": out += "\\$"
            case "&": out += "\\&"
            case "#": out += "\\#"
            case "%": out += "\\%"
            case "_": out += "\\_"
            case "~": out += "\\textasciitilde{}"
            case "^": out += "\\textasciicircum{}"
            case "<": out += "\\textless{}"
            case ">": out += "\\textgreater{}"
            case "|": out += "\\textbar{}"
            case "\n", "\r", "\r\n": out += " "
            default:
                if let math = mathSymbols[character] {
                    // Adjacent symbols share one math run: "‖₁" → `$\|_1$`, not `$\|$$_1$`.
                    if previousWasMath {
                        out.removeLast()
                        out += math + "$"
                    } else {
                        out += "$" + math + "$"
                    }
                    previousWasMath = true
                    continue
                } else {
                    out.append(character)
                }
            }
            previousWasMath = false
        }
        return out
    }

    /// A decimal literal as inline math: "-1.25e-30" → `$-1.25\times10^{-30}$`, "0.5" → `$0.5$`.
    /// The digits are copied as written (no rounding). An exponent of 0 is dropped.
    public static func decimal(_ literal: String) -> String {
        guard let parsed = DecimalLiteral(literal) else { return escape(literal) }
        var body = (parsed.negative ? "-" : "") + parsed.mantissa
        if parsed.exponent != 0 { body += "\\times10^{\(parsed.exponent)}" }
        return "$" + body + "$"
    }

    /// An exact rational "p/q" as inline math `$p/q$` (the sign as a math minus).
    public static func fraction(_ text: String) -> String { "$" + text + "$" }

    static let mathSymbols: [Character: String] = [
        "α": "\\alpha", "β": "\\beta", "γ": "\\gamma", "δ": "\\delta", "ε": "\\varepsilon", "ζ": "\\zeta",
        "η": "\\eta", "θ": "\\theta", "κ": "\\kappa", "λ": "\\lambda", "μ": "\\mu", "ν": "\\nu", "ξ": "\\xi",
        "π": "\\pi", "ρ": "\\rho", "σ": "\\sigma", "τ": "\\tau", "φ": "\\varphi", "χ": "\\chi", "ψ": "\\psi",
        "ω": "\\omega", "Γ": "\\Gamma", "Δ": "\\Delta", "Λ": "\\Lambda", "Σ": "\\Sigma", "Ω": "\\Omega",
        "‖": "\\|", "≤": "\\le", "≥": "\\ge", "≈": "\\approx", "∞": "\\infty", "×": "\\times", "−": "-",
        "·": "\\cdot", "→": "\\to", "∈": "\\in", "±": "\\pm", "√": "\\surd", "∗": "*",
        "₀": "_0", "₁": "_1", "₂": "_2", "₃": "_3", "₄": "_4", "₅": "_5", "₆": "_6", "₇": "_7", "₈": "_8", "₉": "_9",
        "⁰": "^0", "¹": "^1", "²": "^2", "³": "^3", "⁴": "^4", "⁵": "^5", "⁶": "^6", "⁷": "^7", "⁸": "^8", "⁹": "^9",
        "ŵ": "\\hat{w}", "w̃": "\\tilde{w}"
    ]
}
