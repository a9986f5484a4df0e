import Asymptotics
import Experiments

/// The scaling laws log10(1/ε*) = slope·α^D + intercept (`ScalingLawFit`, redone from the stored
/// decimals) for each depth and transition kind of a transition sweep, as table notes.
public enum SweepTransitionFits {
    public static func fits(_ manifest: SweepManifest, results: [Int: SweepPointResult]) -> [ScalingLawFit] {
        guard manifest.quantity == .transition else { return [] }
        var points: [TransitionPoint] = []
        for depth in Array(Set(manifest.grid.map(\.depth))).sorted() {
            for kind in TransitionKind.allCases {
                points += manifest.grid.filter { $0.depth == depth }.compactMap { point in
                    guard let result = results[point.index],
                        let alphaD = result.fields.firstIndex(of: "alpha_to_depth").flatMap({ result.records.first?[$0] }),
                        let column = result.fields.firstIndex(of: "\(kind.rawValue)_log10_inv_eps")
                    else { return nil }
                    let value = result.records.first?[column]
                    let reached = value.map { DecimalLiteral($0) != nil } ?? false
                    return TransitionPoint(
                        kind: kind, depth: depth, alpha: point.alphaText, alphaToDepth: alphaD,
                        horizon: manifest.horizon ?? "", reached: reached,
                        log10InverseLoss: value.flatMap { reached ? VerifiedDecimal(value: $0, digits: 0) : nil })
                }
            }
        }
        // The stored points were checked when the store was read; a damaged one leaves no fit.
        return (try? TransitionStudy.fits(points)) ?? []
    }

    /// One note per fit: the line, the μ* it implies and the largest relative residual.
    public static func notes(_ fits: [ScalingLawFit]) -> [String] {
        fits.map { fit in
            "Scaling law, D = \(fit.depth), \(fit.kind.rawValue.replacingOccurrences(of: "_", with: " ")) (\(fit.residuals.count) points): "
                + "log10(1/ε*) = \(fit.slope)·α^D "
                + (fit.intercept.hasPrefix("-") ? "− \(fit.intercept.dropFirst())" : "+ \(fit.intercept)")
                + ", implied μ* = \(fit.impliedMu), "
                + "largest relative residual \(fit.maximumRelativeResidual)."
        }
    }
}
