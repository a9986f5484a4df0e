import ArgumentParser
import Asymptotics
import Flow
import Foundation
import Limits
import Multiprecision
import Reports

/// `biasflow saddles`: the saddle-to-saddle limit of a regression data set (Pesme & Flammarion
/// 2023, MATH.md §7.1, T11), exact, and with `--alpha` the flow at those α plateauing at the
/// saddles (Woodworth depth-2 network, rescaled time T = t / (½ ln(1/α))).
struct SaddlesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "saddles",
        abstract: "Saddle-to-saddle dynamics: exact saddles and jump times, and the flow's plateaus at tiny α."
    )

    enum Format: String, ExpressibleByArgument { case json, table }

    @Option(help: "Regression CSV file (header; features, then the target).")
    var data: String

    @Option(parsing: .unconditional, help: "Comma-separated initialization scales α (decimal, exact, 0 < α < 1), e.g. 1e-30,1e-100,1e-1000.")
    var alpha: String?

    @Option(parsing: .unconditional, help: "Digits asked of the flow (each figure carries the digits two runs agree on).")
    var digits: Int = 20

    @Option(name: .customLong("samples-per-unit"), parsing: .unconditional, help: "Grid points per unit of rescaled time for the plateau intervals.")
    var samplesPerUnit: Int = 16

    @Option(parsing: .unconditional, help: "‖β − β⁽ᵏ⁾‖∞ below which the flow counts as on the plateau of saddle k (decimal).")
    var threshold: String = "0.01"

    @Option(help: "Output format: json or table.")
    var format: Format = .json

    @Option(name: .customLong("model-file"), help: "A model of your own (YAML): its growth-time weights, the weighted saddle-to-saddle algorithm and the weighted-l1 limit (JSON).")
    var modelFile: String?

    func validate() throws {
        try DataLoading.requireDigits(digits)
        guard samplesPerUnit >= 1 && samplesPerUnit <= 10_000 else { throw CLIError("--samples-per-unit must be between 1 and 10000") }
    }

    func run() throws {
        if let modelFile {
            if alpha != nil { throw CLIError("--alpha runs the built-in diagonal network's flow; with --model-file use biasflow flow --model-file") }
            return try ModelFileSaddlesOutput.run(data: data, modelFile: modelFile, digits: digits)
        }
        let regression = try DataLoading.regression(data)
        let sequence: SaddleSequence
        do {
            sequence = try SaddleToSaddleProblem(x: regression.x, y: regression.y).solve()
        } catch { throw CLIError("\(data): \(error)") }
        guard sequence.isVerified else { throw CLIError("\(data): the exact optimality checks of the saddles failed") }
        let thresholdValue: Rational
        do { thresholdValue = try Rational(decimal: threshold) } catch { throw CLIError("--threshold: \(error)") }
        guard thresholdValue.signum > 0 else { throw CLIError("--threshold must be positive") }
        var reports: [SaddlePlateauReport] = []
        if let alpha {
            for text in try DataLoading.decimalList(alpha, option: "--alpha") {
                do {
                    let problem = try SaddlePlateauProblem(x: regression.x, y: regression.y, sequence: sequence, alpha: text, digits: digits,
                                                           samplesPerUnit: samplesPerUnit, threshold: thresholdValue)
                    reports.append(try problem.solve())
                } catch { throw CLIError("--alpha \(text): \(error)") }
            }
        }
        let fit = reports.count >= 2 ? SaddleConvergenceFit(reports: reports) : nil
        switch format {
        case .json: print(json(sequence, reports, fit))
        case .table: print(table(sequence, reports, fit))
        }
    }

    private func exact(_ values: [Rational]) -> String { JSONText.decimals(values.map(\.description)) }

    private func json(_ sequence: SaddleSequence, _ reports: [SaddlePlateauReport], _ fit: SaddleConvergenceFit?) -> String {
        let steps = sequence.steps.map { step in
            JSONText.object([
                ("k", "\(step.index)"), ("jump_time", JSONText.string(step.jumpTime.description)),
                ("duration", JSONText.string(step.duration.description)), ("direction", exact(step.direction)),
                ("s", exact(step.s)), ("entering", "\(step.entering.map { $0 + 1 })"), ("leaving", "\(step.leaving.map { $0 + 1 })"),
                ("saddle", exact(step.saddle)), ("loss", JSONText.string(step.loss.description)),
                ("verified", "\(step.optimalityVerified)"),
            ])
        }
        var pairs: [(String, String)] = [("data", JSONText.string(data)), ("saddles", JSONText.array(steps))]
        if let certificate = sequence.certificate {
            pairs.append(("min_l1", JSONText.object([
                ("w", exact(sequence.finalSaddle)), ("norm", JSONText.string(certificate.primalObjective.description)),
                ("dual", exact(sequence.dual)), ("certificate_verified", "\(certificate.isVerified)"),
            ])))
        } else {
            pairs.append(("min_l1", "null"))
        }
        pairs.append(("interpolates", "\(sequence.interpolates)"))
        if !reports.isEmpty {
            pairs.append(("flows", JSONText.array(reports.map(flowJSON))))
        }
        if let fit {
            pairs.append(("fits", JSONText.array(fit.saddles.map { saddle in
                JSONText.object([
                    ("k", "\(saddle.index)"), ("jump_time_correction", JSONText.number(saddle.jumpCorrection)),
                    ("scaled_jump_deviations", JSONText.array(saddle.scaledDeviations.map { JSONText.number($0) })),
                    ("distance_exponents", JSONText.array(saddle.distanceExponents.map { JSONText.number($0) })),
                ])
            })))
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
                ("predicted", JSONText.array([JSONText.decimal(plateau.predictedStart.description), JSONText.decimal(plateau.predictedEnd?.description)])),
                ("observed", JSONText.array([JSONText.number(plateau.observedStart), JSONText.number(plateau.observedEnd)])),
                ("probe_time", JSONText.string(plateau.probeTime.description)),
                ("distance_at_probe", JSONText.string(resolved(plateau.distanceAtProbe, digits: plateau.distanceDigits))),
                ("distance_digits", "\(plateau.distanceDigits)"),
                ("off_support_distance", JSONText.string(resolved(plateau.offSupportDistance, digits: plateau.offSupportDigits))),
                ("off_support_digits", "\(plateau.offSupportDigits)"),
                ("predicted_exponent", plateau.predictedExponent.map { JSONText.string($0.description) } ?? "null"),
                ("on_support_distance", JSONText.string(resolved(plateau.onSupportDistance, digits: plateau.onSupportDigits))),
                ("on_support_digits", "\(plateau.onSupportDigits)"),
                ("minimum_distance", JSONText.string(decimal(plateau.minimumDistance, digits: 6))),
            ]
            if let jump = plateau.measuredJumpTime, let digits = plateau.jumpTimeDigits {
                pairs.append(("jump_time", JSONText.string(decimal(jump, digits: digits))))
                pairs.append(("jump_time_digits", "\(digits)"))
                pairs.append(("jump_time_deviation", JSONText.string(decimal(jump - BigFloat(plateau.predictedStart, precision: jump.precision), digits: 6))))
            }
            return JSONText.object(pairs)
        }
        return JSONText.object([
            ("alpha", JSONText.string(report.alphaText)),
            ("log_inverse_alpha", JSONText.string(decimal(report.logInverseAlpha, digits: 20))),
            ("rescaled_time", JSONText.string("t / (ln(1/alpha)/2)")),
            ("threshold", JSONText.string(report.threshold.description)), ("samples_per_unit", "\(report.samplesPerUnit)"),
            ("precision_bits", "\(report.precision)"), ("steps", "\(report.steps)"), ("plateaus", JSONText.array(plateaus)),
        ])
    }

    private func table(_ sequence: SaddleSequence, _ reports: [SaddlePlateauReport], _ fit: SaddleConvergenceFit?) -> String {
        var lines = ["saddle-to-saddle limit of \(data) (exact; every step's KKT conditions verified: \(sequence.steps.allSatisfy(\.optimalityVerified)))"]
        lines.append("k  jump time T_k  saddle β⁽ᵏ⁾  loss")
        for step in sequence.steps {
            lines.append("\(step.index)  \(step.jumpTime)  (\(step.saddle.map(\.description).joined(separator: ", ")))  \(step.loss)")
        }
        if let certificate = sequence.certificate {
            lines.append("last saddle = min-l1 interpolator, ‖β‖₁ = \(certificate.primalObjective) (certificate verified: \(certificate.isVerified))")
        }
        for report in reports {
            lines.append("")
            lines.append("flow at α = \(report.alphaText) (ln(1/α) = \(decimal(report.logInverseAlpha, digits: 8)); \(report.precision) bits, \(report.steps) steps); rescaled time T = t/(½ ln(1/α))")
            lines.append("k  predicted [T_k, T_k+1]  observed (‖β−β⁽ᵏ⁾‖∞ ≤ \(report.threshold))  probe T  off-support distance (α^e, e predicted)  on-support distance  measured jump T_k(α)")
            for p in report.plateaus {
                let predicted = "[\(ExactDecimal.format(p.predictedStart, significantDigits: 6)), \(p.predictedEnd.map { ExactDecimal.format($0, significantDigits: 6) } ?? "∞"))"
                let observed = p.observedStart.map { String(format: "[%.4g, %.4g]", $0, p.observedEnd ?? $0) } ?? "none"
                let jump = p.measuredJumpTime.map { decimal($0, digits: Swift.min(12, p.jumpTimeDigits ?? 1)) } ?? "-"
                let exponent = p.predictedExponent.map { ExactDecimal.format($0, significantDigits: 4) } ?? "-"
                lines.append("\(p.index)  \(predicted)  \(observed)  \(ExactDecimal.format(p.probeTime, significantDigits: 6))  "
                    + "\(resolved(p.offSupportDistance, digits: Swift.min(8, p.offSupportDigits))) (e = \(exponent))  "
                    + "\(resolved(p.onSupportDistance, digits: Swift.min(8, p.onSupportDigits)))  \(jump)")
            }
        }
        if let fit {
            lines.append("")
            lines.append("k  (T_k(α) − T_k)·ln(1/α) per α  fitted c_k  distance exponent e_k (d = α^e) per α")
            for s in fit.saddles {
                lines.append("\(s.index)  \(s.scaledDeviations.map { String(format: "%.4g", $0) }.joined(separator: ", "))  \(s.jumpCorrection.map { String(format: "%.6g", $0) } ?? "-")  \(s.distanceExponents.map { String(format: "%.4g", $0) }.joined(separator: ", "))")
            }
        }
        return lines.joined(separator: "\n")
    }
}
