import Datasets
import Flow
import Foundation
import Multiprecision

/// The output of `biasflow flow --model two-layer --width h1,h2,…` (Docs/models.md): the RMS over
/// seeds of the gap ‖P⊥U(0)V(T)ᵀ‖_F = ‖Θ(∞) − Θ*‖_F per width and its fitted power of h.
///
/// JSON: `{"model": "two-layer", "sweep": "width", "seeds", "horizon", "exponent", "widths":
/// [{"width", "gap", "identity_residual", "residual_norm"}, …]}`; the binary64 summaries as
/// decimal strings (6 significant digits, residuals 3, the exponent 5), `null` if not finite.
public struct TwoLayerWidthSweepOutput: Sendable {
    public let result: TwoLayerWidthSweep.Result
    /// The number of seeds averaged per width.
    public let seeds: Int
    public let horizon: Rational
    /// The initialization scale α as the user wrote it.
    public let alpha: String

    public init(result: TwoLayerWidthSweep.Result, seeds: Int, horizon: Rational, alpha: String) {
        self.result = result
        self.seeds = seeds
        self.horizon = horizon
        self.alpha = alpha
    }

    public func json() -> String {
        let rows = result.rows.map { row in
            JSONText.object([
                ("width", JSONText.integer(row.width)), ("gap", JSONText.number(row.gap)),
                ("identity_residual", JSONText.number(row.identityResidual, significantDigits: 3)),
                ("residual_norm", JSONText.number(row.residualNorm, significantDigits: 3))
            ])
        }
        return JSONText.object(
            [
                ("model", JSONText.string("two-layer")), ("sweep", JSONText.string("width")), ("seeds", JSONText.integer(seeds)),
                ("horizon", JSONText.decimal(horizon.description)), ("exponent", JSONText.number(result.exponent, significantDigits: 5))
            ], rows: "widths", rows)
    }

    public func csv() -> String {
        (["width,gap,identity_residual,residual_norm"]
            + result.rows.map {
                "\($0.width),\(String(format: "%.6g", $0.gap)),\(String(format: "%.3g", $0.identityResidual)),\(String(format: "%.3g", $0.residualNorm))"
            }).joined(separator: "\n")
    }

    public func table() -> String {
        var lines = ["width sweep at t = \(horizon), α = \(alpha), \(seeds) seeds (RMS of ‖P⊥U(0)V(T)ᵀ‖_F = ‖Θ(∞) − Θ*‖_F)"]
        for row in result.rows {
            lines.append(
                "  h = \(row.width)\t gap \(String(format: "%.6g", row.gap))\t (identity residual ≤ \(String(format: "%.2g", row.identityResidual)), ‖E(T)‖ ≤ \(String(format: "%.2g", row.residualNorm)))"
            )
        }
        lines.append("fitted exponent: gap ∝ h^\(String(format: "%.4f", result.exponent))")
        return lines.joined(separator: "\n")
    }
}
