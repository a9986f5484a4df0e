import Flow
import Limits
import Multiprecision

/// Compares a verified trajectory with the reference limits, checkpoint by checkpoint (MATH.md §2.3,
/// DESIGN.md §1: trajectory + limits → `RegimeReport`).
///
/// For each checkpoint: τ, log10 L, γ, μ = α^D/γ, ρ = ‖w‖∞/α^D, w̃ = w/γ, the distances ‖w̃ − ŵ‖₂ to
/// ŵ₂, ŵ₁ (exact), argmin Q^D_μ and the sweep path T(μ) at the checkpoint's own μ, and, for D > 2,
/// to the nearest l_{2/D} KKT point found (`StationaryPointSearch`) and to the sweep-end l_{2/D}
/// KKT point (`RichLimit`, when the rule's rich limit resolves to `kkt`), the Lyu–Li normalized
/// margin γ̃ = ln(1/L)/‖u‖₂^D (`LyuLiMargin`, MATH.md T9), and the `RegimeRule` label, whose rich
/// distance is measured to the rule's rich limit.
///
/// Contract (digits): the flow's per-quantity two-run agreement gives an error bound for each entry
/// of w̃ (the smaller of its own relative agreement and the checkpoint's normwise one), the limits
/// give theirs (`ReferenceVector`), and `DistanceMeasure` propagates both; μ inherits γ's relative
/// error, and the μ-dependent references are widened by their measured sensitivity to it. The
/// trajectory must be of a diagonal network with a scalar α (u₊(0) = u₋(0) = α·1) and a margin loss.
public struct RegimeAnalyzer: Sendable {
    public var rule: RegimeRule
    public var includeRegularized = true
    public var includeSweep = true
    public var includeStationary = true
    /// A precomputed rich limit for the trajectory's data and depth (else computed per call).
    public var richLimit: RichLimit?

    public init(rule: RegimeRule) { self.rule = rule }

    public func analyze(_ trajectory: Trajectory, limits: LimitReferences, dataName: String = "") throws(AnalysisError) -> RegimeReport {
        let problem = trajectory.problem
        guard case let .classification(z) = problem.data, problem.loss.isClassification else {
            throw .notClassification("the trajectory is of a \(problem.loss.rawValue) loss on regression data")
        }
        let network = problem.network
        guard network.isUnbiased, let alpha = network.initialPlus.first, network.initialPlus.allSatisfy({ $0 == alpha }) else {
            throw .invalidOption("the regime analysis needs a scalar initialization u₊(0) = u₋(0) = α·1")
        }
        guard limits.depth == network.depth, limits.z.count == z.count else {
            throw .invalidOption("the limits were computed for another depth or data set")
        }
        let depth = network.depth
        var alphaD = Rational(1)
        for _ in 0..<depth { alphaD = alphaD * alpha }
        let p = Swift.max(limits.precision, trajectory.checkpoints.map { $0.checkpoint.precisionBits }.max() ?? 64)
        let alphaDFloat = BigFloat(alphaD, precision: p)

        // μ of every checkpoint, as the exact rational the limit solvers take, and its relative error.
        var states = [State]()
        for verified in trajectory.checkpoints {
            states.append(try State(verified, alphaD: alphaDFloat, z: z, network: network, precision: p))
        }
        let mus = states.map { $0.muRational(alphaD) }
        let relative = states.map(\.gammaRelativeError)
        let q = includeRegularized ? try limits.qMu(at: mus, relativeErrors: relative) : []
        let s = includeSweep ? try limits.sweep(at: mus, relativeErrors: relative) : []
        let kernel = limits.kernel, rich = limits.rich
        // The rich limit of the rule; with `auto` at D > 2, a sweep end that is not settled falls
        // back to ŵ₁ (the rule printed with the report then says ŵ₁), instead of refusing the whole
        // analysis; an explicit `kkt` still refuses.
        var rule = self.rule
        var richLimit = self.richLimit
        if richLimit == nil || richLimit!.depth != depth || richLimit!.choice != rule.richLimit.resolved(depth: depth) {
            do {
                richLimit = try RichLimit(z: z, depth: depth, choice: rule.richLimit.resolved(depth: depth), precision: Swift.max(256, p))
            } catch .richLimit where rule.richLimit == .auto {
                rule.richLimit = .l1
                richLimit = try RichLimit(z: z, depth: depth, choice: .l1, precision: Swift.max(256, p))
            }
        }
        let richChoice = rule.richLimit.resolved(depth: depth)
        let richKind: ReferenceKind = richChoice == .kkt ? .l2dRichLimit : .l1Margin

        var records = [CheckpointRegime]()
        for (index, state) in states.enumerated() {
            var references = [kernel, rich]
            if richChoice == .kkt { references.append(richLimit!.reference(precision: p)) }
            if includeRegularized { references.append(q[index]) }
            if includeSweep { references.append(s[index]) }
            var stationary: StationaryPointSearch.Result?
            if includeStationary && depth > 2 {
                stationary = StationaryPointSearch(z: z, depth: depth, precision: p).nearest(to: state.wNormalized.map(\.value))
                if let stationary { references.append(stationary.reference) }
            }
            var distance = [ReferenceKind: VerifiedDecimal]()
            var richDistance: BoundedValue?
            for reference in references {
                let d = DistanceMeasure.euclidean(state.wNormalized, reference.entries, precision: p)
                distance[reference.kind] = d.decimal
                if reference.kind == richKind { richDistance = d }
            }
            let (label, certain) = rule.label(rho: state.rho, richDistance: richDistance!)
            records.append(
                CheckpointRegime(
                    target: state.target, tau: state.tau.decimal, log10Loss: state.log10Loss.decimal, gamma: state.gamma.decimal,
                    mu: state.mu.decimal, rho: state.rho.decimal, regime: label, labelCertain: certain, distance: distance,
                    wNormalized: state.wNormalized.map(\.decimal),
                    stationaryPoint: stationary.map { StationaryPointRecord($0, depth: depth) },
                    lyuLiMargin: state.lyuLiMargin?.decimal))
        }
        func record(_ limit: Limit) -> ExactLimitRecord {
            ExactLimitRecord(
                w: limit.w.map(\.description), decimal: limit.w.map { ExactDecimal.format($0, significantDigits: problem.digits) },
                certificateVerified: limit.certificate.isVerified)
        }
        var report = RegimeReport(
            data: dataName, depth: depth, alpha: Self.decimal(alpha), alphaToDepth: alphaD.description,
            digits: problem.digits, rule: rule,
            limits: ["l2_margin": record(limits.l2Margin), "l1_margin": record(limits.l1Margin)],
            checkpoints: records, richLimit: RichLimitRecord(richLimit!))
        if depth == 2 { report.lyuLiLimit = LyuLiMargin.limitL1(limits.l1Margin.w).description }
        return report
    }

    /// The shortest decimal that is exactly `value` (up to 40 digits; else 40 correctly rounded digits).
    public static func decimal(_ value: Rational) -> String {
        if value.isInteger { return value.description }
        for digits in 1...40 {
            let text = ExactDecimal.format(value, significantDigits: digits)
            if let back = try? Rational(decimal: text), back == value { return text }
        }
        return ExactDecimal.format(value, significantDigits: 40)
    }

    /// One checkpoint's quantities with their error bounds.
    struct State {
        var target: String
        var tau: BoundedValue
        var log10Loss: BoundedValue
        var gamma: BoundedValue
        var gammaDigits: Int
        var mu: BoundedValue
        var rho: BoundedValue
        var wNormalized: [BoundedValue]
        /// γ̃ = ln(1/L)/‖u‖₂^D, from the closed-form factors at the checkpoint's own precision.
        var lyuLiMargin: BoundedValue?

        init(_ verified: VerifiedCheckpoint, alphaD: BigFloat, z: [[Rational]], network: DiagonalNetwork, precision p: Int)
            throws(AnalysisError)
        {
            let c = verified.checkpoint, q = verified.digitsByQuantity
            guard let gammaValue = c.gamma, gammaValue.signum > 0 else {
                throw .invalidOption(
                    "checkpoint \(c.target): the margin γ is not positive yet (the data are not yet fitted), so w̃ = w/γ is undefined")
            }
            target = c.target.description
            let one = BigFloat(1, precision: p)
            let tauValue = BigFloat(c.tau, precision: p)
            let tauError = BigFloat.maximum(one, tauValue.magnitude) * BoundedValue.tenToMinus(q["tau"]?[0] ?? 0, precision: p)
            tau = BoundedValue(value: tauValue, error: tauError)
            let ln10 = BigFloat.log(BigFloat(10, precision: p))
            log10Loss = BoundedValue(value: -tauValue / ln10, error: tauError / ln10)
            gammaDigits = q["gamma"]?[0] ?? 0
            gamma = BoundedValue(value: BigFloat(gammaValue, precision: p), digits: gammaDigits)
            let muValue = alphaD / gamma.value
            mu = BoundedValue(value: muValue, error: muValue * gamma.error / gamma.value)
            wNormalized = Self.bounded(c.wNormalized, digits: q["w_normalized"], normwise: verified.verifiedDigits, precision: p)
            let w = Self.bounded(c.w, digits: q["w"], normwise: verified.verifiedDigits, precision: p)
            let largest = w.max { $0.value.magnitude < $1.value.magnitude }!
            let largestError = w.map(\.error).max()!
            rho = BoundedValue(value: largest.value.magnitude / alphaD, error: largestError / alphaD)
            // ln(1/L) of the state ν itself (τ recomputed from it), with its two-run digits.
            let lnInverseLoss = BigFloat(c.tauFromState, precision: c.precisionBits)
            let lnError =
                BigFloat.maximum(BigFloat(1, precision: c.precisionBits), lnInverseLoss.magnitude)
                * BoundedValue.tenToMinus(q["tau_from_state"]?[0] ?? 0, precision: c.precisionBits)
            lyuLiMargin = LyuLiMargin.value(
                tau: BoundedValue(value: lnInverseLoss, error: lnError), w: w, nu: c.nu, z: z,
                network: network, precision: c.precisionBits
            )
            .map { BoundedValue(value: BigFloat($0.value, precision: p), error: BigFloat($0.error, precision: p)) }
        }

        /// Per-entry bounds: min(|x_i| 10^−d_i, ‖x‖∞ 10^−normwise).
        static func bounded(_ x: [BigFloat], digits: [Int]?, normwise: Int, precision p: Int) -> [BoundedValue] {
            let values = x.map { BigFloat($0, precision: p) }
            let largest = values.map(\.magnitude).max() ?? BigFloat(precision: p)
            let normBound = largest * BoundedValue.tenToMinus(normwise, precision: p)
            return values.enumerated().map { i, value in
                guard let d = digits?[i], !value.isZero else { return BoundedValue(value: value, error: normBound) }
                return BoundedValue(
                    value: value, error: BigFloat.minimum(normBound, value.magnitude * BoundedValue.tenToMinus(d, precision: p)))
            }
        }

        /// μ = α^D/γ as an exact rational, γ taken at its verified digits plus five.
        func muRational(_ alphaD: Rational) -> Rational {
            let shown = Swift.min(gammaDigits + 5, Precision.decimalDigits(forBits: gamma.value.precision))
            let rounded = try? Rational(decimal: gamma.value.formatted(significantDigits: Swift.max(6, shown)))
            let gammaRational = rounded ?? RichLimit.rational(gamma.value)
            return gammaRational.isZero ? Rational() : alphaD / gammaRational
        }

        /// 10^−(digits of γ), at least 10^−60 (beyond that the limit solvers' own digits dominate).
        var gammaRelativeError: Rational {
            var power = Rational(1)
            for _ in 0..<Swift.min(Swift.max(gammaDigits, 1), 60) { power = power * Rational(10) }
            return Rational(1) / power
        }
    }
}
