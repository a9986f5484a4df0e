import Flow
import Integrators
import Multiprecision

/// The level checkpoints of a model-file flow (`ModelFlowRun.Target` other than `.time`) as
/// events on the flow: the loss falling to e^{−τ} or 10^x (once: L decreases along the flow) or
/// the margin min_n m_n rising to γ; the last level given ends the solve.
struct ModelFlowLevels {
    let targets: [ModelFlowRun.Target]

    /// - Throws: `ModelAnalysisError` for a margin with the squared loss, loss levels that do not
    ///   deepen in the order given or margins that do not increase.
    init(_ all: [ModelFlowRun.Target], loss: Loss) throws(ModelAnalysisError) {
        targets = all.filter { if case .time = $0 { false } else { true } }
        var lastLoss: Rational?, lastMargin: Rational?
        for target in targets {
            switch target {
            case .time: break
            case .tau, .log10Loss:
                let level = Self.log10Level(target)
                guard level >= Self.deepestLevel else {
                    throw ModelAnalysisError(
                        "\(Self.describe(target)) lies below L = 1e-20000: its residuals need more than \(Precision.maximumDecimalDigits) digits"
                    )
                }
                if let lastLoss, level >= lastLoss {
                    throw ModelAnalysisError(
                        "loss levels must deepen in the order given: \(Self.describe(target)) comes after a deeper one")
                }
                lastLoss = level
            case let .margin(gamma):
                guard loss.isClassification else {
                    throw ModelAnalysisError("--margin needs classification data and the exponential or logistic loss")
                }
                if let lastMargin, gamma <= lastMargin { throw ModelAnalysisError("margins must increase in the order given") }
                lastMargin = gamma
            }
        }
    }

    var count: Int { targets.count }

    /// log10 of the deepest loss level accepted: residuals of 10^-10000, the most digits a run has.
    static let deepestLevel = Rational(-2 * Precision.maximumDecimalDigits)

    /// Refuses a level the flow starts beyond (the loss at θ(0) already at or below a loss level,
    /// or the smallest margin already at or above a margin level): it would never be crossed.
    func requireAhead(loss: BigFloat, margin: BigFloat) throws(ModelAnalysisError) {
        for target in targets {
            let start: String
            switch target {
            case .time: continue
            case .tau, .log10Loss:
                let level = BigFloat(Self.log10Level(target), precision: 64).doubleValue
                guard let size = loss.log10Magnitude, size <= level else { continue }
                start = "the loss starts at L(0) = \(loss.formatted(significantDigits: 6))"
            case let .margin(gamma):
                guard margin >= BigFloat(gamma, precision: margin.precision) else { continue }
                start = "the smallest margin starts at \(margin.formatted(significantDigits: 6))"
            }
            throw ModelAnalysisError("\(Self.describe(target)) is never crossed: \(start), already beyond it")
        }
    }

    /// log10 of the loss at a loss level, as an exact rational for ordering (τ·log10 e rounded
    /// from above to 1e-12: levels this close are not told apart).
    static func log10Level(_ target: ModelFlowRun.Target) -> Rational {
        switch target {
        case let .log10Loss(x): return x
        case let .tau(tau): return -(tau * Rational(434_294_481_903, 1_000_000_000_000))
        default: return Rational(0)
        }
    }

    /// log10 of the deepest loss level, or nil when there is none.
    var deepestLog10Loss: Double? {
        let levels = targets.compactMap { target -> Rational? in
            switch target {
            case .tau, .log10Loss: return Self.log10Level(target)
            default: return nil
            }
        }
        guard let deepest = levels.min() else { return nil }
        return BigFloat(deepest, precision: 64).doubleValue
    }

    static func describe(_ target: ModelFlowRun.Target) -> String {
        switch target {
        case let .time(t): return "t = \(ExactDecimal.brief(t))"
        case let .tau(tau): return "τ = \(ExactDecimal.brief(tau))"
        case let .log10Loss(x): return "log10 L = \(ExactDecimal.brief(x))"
        case let .margin(gamma): return "γ = \(ExactDecimal.brief(gamma))"
        }
    }

    /// One event per level, in order, the last terminal.
    func events(_ evaluators: ModelFlowEvaluators) -> [ODEEvent] {
        targets.enumerated().map { k, target in
            let terminal = k == targets.count - 1
            switch target {
            case let .tau(tau):
                return ODEEvent(name: Self.describe(target), direction: .decreasing, terminal: terminal) { _, theta in
                    BigFloat.log(evaluators.evaluator(theta.precision).loss(theta)) + BigFloat(tau, precision: theta.precision)
                }
            case let .log10Loss(x):
                return ODEEvent(name: Self.describe(target), direction: .decreasing, terminal: terminal) { _, theta in
                    BigFloat.log10(evaluators.evaluator(theta.precision).loss(theta)) - BigFloat(x, precision: theta.precision)
                }
            case let .margin(gamma):
                return ODEEvent(name: Self.describe(target), direction: .increasing, terminal: terminal) { _, theta in
                    evaluators.evaluator(theta.precision).minimumMargin(theta) - BigFloat(gamma, precision: theta.precision)
                }
            case .time:
                return ODEEvent(name: "") { _, _ in BigFloat(1, precision: 64) }
            }
        }
    }
}

/// One `ExpressionFlowEvaluator` per precision, made on first use, for the event functions and
/// the reports of a model-file flow. Not thread-safe: one solve at a time.
final class ModelFlowEvaluators {
    let model: ExpressionFlowModel
    private var cache: [Int: ExpressionFlowEvaluator] = [:]

    init(_ model: ExpressionFlowModel) { self.model = model }

    func evaluator(_ precision: Int) -> ExpressionFlowEvaluator {
        if let made = cache[precision] { return made }
        let made = model.flowEvaluator(precision: precision)
        cache[precision] = made
        return made
    }
}
