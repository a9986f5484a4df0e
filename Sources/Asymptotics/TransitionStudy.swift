import Flow
import Limits
import Multiprecision

/// The kernel-to-rich transition study of one classification data set: for each depth D and
/// scale α, the transition points of the kinds asked (`TransitionFinder`, one flow run each),
/// the rich limit used at each depth, and the scaling law log10(1/ε*) = slope·α^D + intercept per
/// depth and kind (`ScalingLawFit`). Reports saved earlier merge with `merge(_:)`.
///
/// Contract: every point carries its verified digits (`TransitionFinder`); the fits are derived
/// data, redone from the points' decimals whenever points change (`fits(_:)`, the one place that
/// groups points for fitting: sweeps use it too).
public struct TransitionStudy: Sendable {
    public var z: [[Rational]]
    /// The data's display name, stored in the report.
    public var dataName: String
    public var depths: [Int]
    public var alphas: [Rational]
    public var kinds: [TransitionKind]
    public var rule: RegimeRule
    /// The τ by which a crossing not reached is given up (decimal literal).
    public var horizon: String
    public var digits: Int
    /// Called with (fraction of the runs done, D, α, kind, τ reached) while a flow runs.
    public var progress: (@Sendable (Double, Int, Rational, TransitionKind, Double) -> Void)?

    /// - Throws: `AnalysisError.invalidOption` for no depths, no α, no kinds, a depth outside
    ///   2…`DiagonalNetwork.maximumDepth`, α ≤ 0, or a horizon that is not a positive decimal.
    public init(
        z: [[Rational]], dataName: String, depths: [Int], alphas: [Rational], kinds: [TransitionKind],
        rule: RegimeRule, horizon: String, digits: Int
    ) throws(AnalysisError) {
        guard !depths.isEmpty, !alphas.isEmpty, !kinds.isEmpty else {
            throw .invalidOption("a transition study needs at least one depth, one scale α and one transition kind")
        }
        if let bad = depths.first(where: { $0 < 2 || $0 > DiagonalNetwork.maximumDepth }) {
            throw .invalidOption("depth \(bad) is not an integer depth 2 ≤ D ≤ \(DiagonalNetwork.maximumDepth)")
        }
        if let bad = alphas.first(where: { $0.signum <= 0 }) {
            throw .invalidOption("the scale α = \(RegimeAnalyzer.decimal(bad)) must be positive")
        }
        guard let h = try? Rational(decimal: horizon), h.signum > 0 else {
            throw .invalidOption("the horizon τ = '\(horizon)' must be a positive decimal number")
        }
        do { try FlowProblem.validate(.tau(horizon)) } catch { throw .flow(error) }
        self.z = z
        self.dataName = dataName
        self.depths = depths
        self.alphas = alphas
        self.kinds = kinds
        self.rule = rule
        self.horizon = horizon
        self.digits = digits
    }

    /// Runs every (D, α, kind) and fits the scaling laws.
    public func run() throws(AnalysisError) -> TransitionReport {
        var report = TransitionReport(data: dataName, rule: rule, horizon: horizon, digits: digits)
        report.richLimits = []
        let total = Double(depths.count * alphas.count * kinds.count)
        var done = 0.0
        for d in depths {
            // The rich limit only when rich entries are asked (kernel exits do not use it).
            var richPoint: [Rational] = []
            if kinds.contains(.richEntry) {
                let rich: RichLimit
                do {
                    rich = try RichLimit(
                        z: z, depth: d, choice: rule.richLimit, precision: TransitionFinder.richLimitPrecision(digits: digits))
                } catch { throw .richLimit("D = \(d): \(error)") }
                richPoint = rich.w
                report.richLimits?.append(RichLimitRecord(rich))
            }
            var finder = TransitionFinder(z: z, depth: d, rule: rule, richLimit: richPoint, horizon: horizon, digits: digits)
            for a in alphas {
                for kind in kinds {
                    let fraction = done / total
                    if let progress { finder.progress = { tau in progress(fraction, d, a, kind, tau) } }
                    do { report.points.append(try finder.locate(kind, alpha: a)) } catch {
                        throw .invalidOption("D = \(d), α = \(RegimeAnalyzer.decimal(a)): \(error)")
                    }
                    done += 1
                }
            }
        }
        report.fits = try Self.fits(report.points)
        return report
    }

    /// The scaling-law fits of `points`: one per depth and kind with reached points at two or more
    /// distinct α^D, in order of depth, then kind.
    /// - Throws: `AnalysisError.invalidOption` when a point's numbers are not decimals (a damaged report).
    public static func fits(_ points: [TransitionPoint]) throws(AnalysisError) -> [ScalingLawFit] {
        var fits: [ScalingLawFit] = []
        for d in Array(Set(points.map(\.depth))).sorted() {
            for kind in TransitionKind.allCases {
                let group = points.filter { $0.depth == d && $0.kind == kind && $0.reached }
                if Set(group.map(\.alphaToDepth)).count >= 2 { fits.append(try ScalingLawFit(group)) }
            }
        }
        return fits
    }

    /// Merges transition reports of one experiment (same data and rule), in order: a point of
    /// the same (D, α, kind) replaces an earlier one if it was reached or the earlier one was not
    /// (e.g. computed again with a longer horizon); the fits are redone on the merged points.
    /// `names` name the reports in errors (e.g. their files).
    /// - Throws: `AnalysisError.invalidOption` for no reports, reports of another data set or
    ///   rule than the first, or another rich limit at a depth.
    public static func merge(_ reports: [TransitionReport], names: [String]) throws(AnalysisError) -> TransitionReport {
        guard var merged = reports.first else { throw .invalidOption("no transition report to merge") }
        for (offset, part) in reports.enumerated().dropFirst() {
            let name = offset < names.count ? names[offset] : "report \(offset + 1)"
            guard part.rule == merged.rule, part.data == merged.data else {
                throw .invalidOption("\(name): another data set or rule than the first report; only reports of one experiment merge")
            }
            for record in part.richLimits ?? [] {
                if let known = merged.richLimits?.first(where: { $0.depth == record.depth }) {
                    guard known == record else {
                        throw .invalidOption("\(name): another rich limit at D = \(record.depth) than the earlier reports")
                    }
                } else {
                    merged.richLimits = (merged.richLimits ?? []) + [record]
                }
            }
            for point in part.points {
                if let i = merged.points.firstIndex(where: { $0.depth == point.depth && $0.alpha == point.alpha && $0.kind == point.kind })
                {
                    if point.reached || !merged.points[i].reached { merged.points[i] = point }
                } else {
                    merged.points.append(point)
                }
            }
        }
        merged.fits = try fits(merged.points)
        return merged
    }
}
