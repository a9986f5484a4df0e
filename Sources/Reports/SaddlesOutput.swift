import Datasets
import Asymptotics
import Foundation
import Limits
import Multiprecision

/// The output of `biasflow saddles` (Docs/saddles.md): the exact saddle-to-saddle sequence of a
/// regression data set, with the flow's plateaus at each α asked and the fits across them.
///
/// JSON: `{"data", "saddles": [{"k", "jump_time", "duration", "direction", "s", "entering",
/// "leaving", "saddle", "loss", "verified"}, …], "min_l1": {"w", "norm", "dual",
/// "certificate_verified"} | null, "interpolates", "flows"?: [{"alpha", "log_inverse_alpha",
/// "rescaled_time", "threshold", "samples_per_unit", "precision_bits", "steps", "plateaus": […]}],
/// "fits"?: [{"k", "jump_time_correction", "scaled_jump_deviations", "distance_exponents"}]}`.
/// Exact rationals print as "p/q" strings, measured values with their verified digits, binary64
/// summaries (observed plateau ends, fits) with 6 significant digits; every number goes through
/// `JSONText.decimal` (never NaN, ±∞ or −0; an open plateau end is `null`).
public struct SaddlesOutput: Sendable {
    /// The data set as the user named it.
    public let data: String
    public let sequence: SaddleSequence
    public let reports: [SaddlePlateauReport]
    public let fit: SaddleConvergenceFit?

    public init(data: String, sequence: SaddleSequence, reports: [SaddlePlateauReport] = [], fit: SaddleConvergenceFit? = nil) {
        self.data = data
        self.sequence = sequence
        self.reports = reports
        self.fit = fit
    }

    private func exact(_ values: [Rational]) -> String { JSONText.decimals(values.map(\.description)) }

    public func json() -> String {
        let steps = sequence.steps.map { step in
            JSONText.object([
                ("k", "\(step.index)"), ("jump_time", JSONText.decimal(step.jumpTime.description)),
                ("duration", JSONText.decimal(step.duration.description)), ("direction", exact(step.direction)),
                ("s", exact(step.s)), ("entering", "\(step.entering.map { $0 + 1 })"), ("leaving", "\(step.leaving.map { $0 + 1 })"),
                ("saddle", exact(step.saddle)), ("loss", JSONText.decimal(step.loss.description)),
                ("verified", JSONText.bool(step.optimalityVerified))
            ])
        }
        var pairs: [(String, String)] = [("data", JSONText.string(data)), ("saddles", JSONText.array(steps))]
        if let certificate = sequence.certificate {
            pairs.append(
                (
                    "min_l1",
                    JSONText.object([
                        ("w", exact(sequence.finalSaddle)), ("norm", JSONText.decimal(certificate.primalObjective.description)),
                        ("dual", exact(sequence.dual)), ("certificate_verified", JSONText.bool(certificate.isVerified))
                    ])
                ))
        } else {
            pairs.append(("min_l1", "null"))
        }
        pairs.append(("interpolates", JSONText.bool(sequence.interpolates)))
        if !reports.isEmpty {
            pairs.append(("flows", JSONText.array(reports.map(flowJSON))))
        }
        if let fit {
            pairs.append(
                (
                    "fits",
                    JSONText.array(
                        fit.saddles.map { saddle in
                            JSONText.object([
                                ("k", "\(saddle.index)"), ("jump_time_correction", JSONText.number(saddle.jumpCorrection)),
                                ("scaled_jump_deviations", JSONText.array(saddle.scaledDeviations.map { JSONText.number($0) })),
                                ("distance_exponents", JSONText.array(saddle.distanceExponents.map { JSONText.number($0) }))
                            ])
                        })
                ))
        }
        return JSONText.object(pairs)
    }

    private func decimal(_ value: BigFloat, digits: Int) -> String { value.formatted(significantDigits: Swift.max(1, digits)) }

    /// The value with its verified digits, or "unresolved (~x)" when the two runs disagree in
    /// the first digit (the value is then below the runs' accuracy floor).
    private func resolved(_ value: BigFloat, digits: Int) -> String {
        if value.isZero { return "0" }
        return digits >= 1 ? decimal(value, digits: digits) : "unresolved (~\(decimal(value, digits: 1)))"
    }

    private func flowJSON(_ report: SaddlePlateauReport) -> String {
        let plateaus = report.plateaus.map { plateau in
            var pairs: [(String, String)] = [
                ("k", "\(plateau.index)"), ("saddle", exact(plateau.saddle)),
                (
                    "predicted",
                    JSONText.array([
                        JSONText.decimal(plateau.predictedStart.description), JSONText.decimal(plateau.predictedEnd?.description)
                    ])
                ),
                ("observed", JSONText.array([JSONText.number(plateau.observedStart), JSONText.number(plateau.observedEnd)])),
                ("probe_time", JSONText.decimal(plateau.probeTime.description)),
                ("distance_at_probe", JSONText.string(resolved(plateau.distanceAtProbe, digits: plateau.distanceDigits))),
                ("distance_digits", "\(plateau.distanceDigits)"),
                ("off_support_distance", JSONText.string(resolved(plateau.offSupportDistance, digits: plateau.offSupportDigits))),
                ("off_support_digits", "\(plateau.offSupportDigits)"),
                ("predicted_exponent", plateau.predictedExponent.map { JSONText.decimal($0.description) } ?? "null"),
                ("on_support_distance", JSONText.string(resolved(plateau.onSupportDistance, digits: plateau.onSupportDigits))),
                ("on_support_digits", "\(plateau.onSupportDigits)"),
                ("minimum_distance", JSONText.decimal(decimal(plateau.minimumDistance, digits: 6)))
            ]
            if let jump = plateau.measuredJumpTime, let digits = plateau.jumpTimeDigits {
                pairs.append(("jump_time", JSONText.decimal(decimal(jump, digits: digits))))
                pairs.append(("jump_time_digits", "\(digits)"))
                pairs.append(
                    (
                        "jump_time_deviation",
                        JSONText.decimal(decimal(jump - BigFloat(plateau.predictedStart, precision: jump.precision), digits: 6))
                    ))
            }
            return JSONText.object(pairs)
        }
        return JSONText.object([
            ("alpha", JSONText.string(report.alphaText)),
            ("log_inverse_alpha", JSONText.decimal(decimal(report.logInverseAlpha, digits: 20))),
            ("rescaled_time", JSONText.string("t / (ln(1/alpha)/2)")),
            ("threshold", JSONText.decimal(report.threshold.description)), ("samples_per_unit", "\(report.samplesPerUnit)"),
            ("precision_bits", "\(report.precision)"), ("steps", "\(report.steps)"), ("plateaus", JSONText.array(plateaus))
        ])
    }

    public func table() -> String {
        var lines = [
            "saddle-to-saddle limit of \(data) (exact; every step's KKT conditions verified: \(sequence.steps.allSatisfy(\.optimalityVerified)))"
        ]
        lines.append("k  jump time T_k  saddle β⁽ᵏ⁾  loss")
        for step in sequence.steps {
            lines.append("\(step.index)  \(step.jumpTime)  (\(step.saddle.map(\.description).joined(separator: ", ")))  \(step.loss)")
        }
        if let certificate = sequence.certificate {
            lines.append(
                "last saddle = min-l1 interpolator, ‖β‖₁ = \(certificate.primalObjective) (certificate verified: \(certificate.isVerified))"
            )
        }
        for report in reports {
            lines.append("")
            lines.append(
                "flow at α = \(report.alphaText) (ln(1/α) = \(decimal(report.logInverseAlpha, digits: 8)); \(report.precision) bits, \(report.steps) steps); rescaled time T = t/(½ ln(1/α))"
            )
            lines.append(
                "k  predicted [T_k, T_k+1]  observed (‖β−β⁽ᵏ⁾‖∞ ≤ \(report.threshold))  probe T  off-support distance (α^e, e predicted)  on-support distance  measured jump T_k(α)"
            )
            for p in report.plateaus {
                let predicted =
                    "[\(ExactDecimal.format(p.predictedStart, significantDigits: 6)), \(p.predictedEnd.map { ExactDecimal.format($0, significantDigits: 6) } ?? "∞"))"
                let observed = p.observedStart.map { String(format: "[%.4g, %.4g]", $0, p.observedEnd ?? $0) } ?? "none"
                let jump = p.measuredJumpTime.map { decimal($0, digits: Swift.min(12, p.jumpTimeDigits ?? 1)) } ?? "-"
                let exponent = p.predictedExponent.map { ExactDecimal.format($0, significantDigits: 4) } ?? "-"
                lines.append(
                    "\(p.index)  \(predicted)  \(observed)  \(ExactDecimal.format(p.probeTime, significantDigits: 6))  "
                        + "\(resolved(p.offSupportDistance, digits: Swift.min(8, p.offSupportDigits))) (e = \(exponent))  "
                        + "\(resolved(p.onSupportDistance, digits: Swift.min(8, p.onSupportDigits)))  \(jump)")
            }
        }
        if let fit {
            lines.append("")
            lines.append("k  (T_k(α) − T_k)·ln(1/α) per α  fitted c_k  distance exponent e_k (d = α^e) per α")
            for s in fit.saddles {
                lines.append(
                    "\(s.index)  \(s.scaledDeviations.map { String(format: "%.4g", $0) }.joined(separator: ", "))  \(s.jumpCorrection.map { String(format: "%.6g", $0) } ?? "-")  \(s.distanceExponents.map { String(format: "%.4g", $0) }.joined(separator: ", "))"
                )
            }
        }
        return lines.joined(separator: "\n")
    }
}
