import Flow
import Limits
import Multiprecision

/// Locates the transition points of one trajectory (data, D, α) by root-finding along the flow,
/// not by sampling: each is a `CheckpointTarget.level` of the flow engine (Illinois inside the
/// integrator's step, verified by the two runs of `VerifiedFlowSolver`), for the level functions
///
///     kernel exit:  max_i |w_i| − ρ_k α^D          (negative at the start, w = 0)
///     rich entry:   ‖w/γ − ŵ_rich‖₂ − δ   for γ > 0,   +1 while γ ≤ 0 (w̃ undefined, "far")
///
/// with ρ_k and δ from the `RegimeRule` and ŵ_rich = `richLimit` (`RichLimit`: ŵ₁ for D = 2, the
/// sweep-end l_{2/D} KKT point for D > 2 under the default rule). Each level is solved in its own flow run up to τ =
/// `horizon`; a level not crossed by then is reported as not reached (never as a number).
///
/// Contract: τ* carries the digits on which the two runs agree (relative to max(1, τ*));
/// log10(1/ε*) = τ*/ln 10 and μ* = α^D/γ* inherit them. `richLimit` is taken as exact: when it is
/// the binary value of an MPFR point (a `RichLimit` that is not exact), its own error must be far
/// below 10^−digits (`RichLimit` is solved at ≥ digits + 30 decimal digits by the callers).
public struct TransitionFinder: Sendable {
    public var z: [[Rational]]
    public var depth: Int
    public var rule: RegimeRule
    /// ŵ_rich for the rich entry.
    public var richLimit: [Rational]
    public var horizon: String
    public var digits: Int
    public var progress: (@Sendable (Double) -> Void)?

    public init(z: [[Rational]], depth: Int, rule: RegimeRule, richLimit: [Rational], horizon: String, digits: Int) {
        self.z = z
        self.depth = depth
        self.rule = rule
        self.richLimit = richLimit
        self.horizon = horizon
        self.digits = digits
    }

    /// Bits for solving a `RichLimit` so that its error is negligible at `digits` flow digits.
    public static func richLimitPrecision(digits: Int) -> Int { Swift.max(256, Precision.bits(forDecimalDigits: 2 * digits + 40)) }

    public func locate(_ kind: TransitionKind, alpha: Rational) throws(AnalysisError) -> TransitionPoint {
        var alphaD = Rational(1)
        for _ in 0..<depth { alphaD = alphaD * alpha }
        let level: LevelCrossing
        switch kind {
        case .kernelExit:
            let threshold = alphaD * rule.kernelRatioValue
            level = LevelCrossing(name: "max|w| - rho_k alpha^D", horizon: horizon) { c in
                let p = c.w.first?.precision ?? 64
                let largest = c.w.map(\.magnitude).max() ?? BigFloat(precision: p)
                return largest - BigFloat(threshold, precision: p)
            }
        case .richEntry:
            let target = richLimit, delta = rule.richDistanceValue
            level = LevelCrossing(name: "||w~ - w_rich|| - delta", horizon: horizon) { c in
                let p = c.w.first?.precision ?? 64
                guard let gamma = c.gamma, gamma.signum > 0 else { return BigFloat(1, precision: p) }
                var squares = BigFloat(precision: p)
                for (wi, li) in zip(c.w, target) {
                    let e = wi / gamma - BigFloat(li, precision: p)
                    squares += e * e
                }
                return BigFloat.sqrt(squares) - BigFloat(delta, precision: p)
            }
        }
        let alphaText = RegimeAnalyzer.decimal(alpha)
        let trajectory: Trajectory
        do {
            let network = try DiagonalNetwork(depth: depth, alpha: alpha, dimension: z.first?.count ?? 0)
            let problem = try FlowProblem(
                data: .classification(z: z), network: network, loss: .exponential,
                checkpoints: [.level(level)], digits: digits)
            var solver = VerifiedFlowSolver(problem: problem)
            solver.allowShortfall = true
            solver.progress = progress
            trajectory = try solver.solve()
        } catch FlowError.levelNotCrossed {
            return TransitionPoint(
                kind: kind, depth: depth, alpha: alphaText, alphaToDepth: alphaD.description, horizon: horizon, reached: false)
        } catch {
            throw .flow(error)
        }
        let verified = trajectory.checkpoints[0], c = verified.checkpoint
        let p = c.precisionBits
        let tauDigits = verified.digitsByQuantity["tau"]?[0] ?? 0
        let tau = BoundedValue(
            value: c.tau,
            error: BigFloat.maximum(BigFloat(1, precision: p), c.tau.magnitude)
                * BoundedValue.tenToMinus(tauDigits, precision: p))
        let ln10 = BigFloat.log(BigFloat(10, precision: p))
        let log10Inverse = BoundedValue(value: tau.value / ln10, error: tau.error / ln10)
        var gamma: BoundedValue?, mu: BoundedValue?
        if let g = c.gamma, g.signum > 0 {
            let bounded = BoundedValue(value: g, digits: verified.digitsByQuantity["gamma"]?[0] ?? 0)
            gamma = bounded
            let m = BigFloat(alphaD, precision: p) / g
            mu = BoundedValue(value: m, error: m * bounded.error / g)
        }
        return TransitionPoint(
            kind: kind, depth: depth, alpha: alphaText, alphaToDepth: alphaD.description, horizon: horizon,
            reached: true, tau: tau.decimal, log10InverseLoss: log10Inverse.decimal,
            gamma: gamma?.decimal, mu: mu?.decimal)
    }
}
