import Asymptotics
import Flow
import Multiprecision

/// The printed numbers of `biasflow flow --model-file M.yaml` (a `ModelFlowRun.Result`), one rule for
/// all its formats (`ModelFileFlowJSON`, `ModelFileFlowText`): each number as a decimal string with
/// the digits verified for it.
///
/// Rule: a checkpoint shows `min(digits, verified_digits)` significant digits (the digits asked
/// for gradient descent, which has no second run); each entry of k and θ at most the digits on
/// which the two runs agree on it, the loss at most `loss_digits`, and always at least one digit
/// (an entry with 0 agreed digits keeps its agreed-digit count 0 in `wDigits`/`thetaDigits`, so a
/// renderer can mark it). A time checkpoint's time is exact ("p/q"), a located one carries its
/// digits; an event carries its own verified digits. Zero prints as "0" (never "-0").
public struct ModelFileFlowDecimals: Sendable {
    /// A level that placed a checkpoint: its kind and value.
    public struct Level: Sendable, Equatable {
        /// The kind, as the JSON key and CSV target name.
        public enum Kind: String, Sendable, Equatable {
            case tau
            case log10Loss = "log10_loss"
            case margin
        }
        public let kind: Kind
        public let value: String
        /// `tau`, `log10_loss` or `margin`.
        public var key: String { kind.rawValue }
    }

    public struct Checkpoint: Sendable {
        /// nil for a checkpoint at a physical time.
        public let level: Level?
        public let time: String
        public let loss: String
        /// The predictor k, one entry per coordinate.
        public let w: [String]
        /// Per coordinate, θ in the model's parameter order.
        public let theta: [[String]]
        /// Per coordinate, a_j² − a_L² of a product coordinate (nil for others).
        public let imbalances: [[String]?]
        /// Agreed digits of each entry of k and of θ (per coordinate); nil for gradient descent.
        public let wDigits: [Int]?
        public let thetaDigits: [[Int]]?
        /// Normwise verified digits, loss digits (nil for gradient descent) and the iteration
        /// count (gradient descent only).
        public let verifiedDigits: Int?
        public let lossDigits: Int?
        public let iterations: Int?
        /// The significant digits the checkpoint shows at most.
        public let shownDigits: Int
    }

    public struct Event: Sendable {
        public let kind: ModelFlowRun.EventKind
        /// 1-based.
        public let coordinate: Int
        public let time: String
        public let w: [String]
        public let wDigits: [Int]
        public let verifiedDigits: Int
    }

    public let checkpoints: [Checkpoint]
    public let events: [Event]
    /// The imbalances at t = 0, to the digits asked.
    public let initialImbalances: [[String]?]

    /// The decimals of `result` of `model`, at most `digits` significant digits each.
    public init(_ result: ModelFlowRun.Result, model: ExpressionModel, digits: Int) {
        let p = model.parameterCountPerCoordinate
        func imbalances(_ values: [[BigFloat]?], _ shown: Int) -> [[String]?] {
            values.map { entry in entry.map { $0.map { Self.text($0, shown) } } }
        }
        checkpoints = result.checkpoints.map { c in
            let shown = Swift.min(digits, c.verifiedDigits ?? digits)
            let level: Level?
            switch c.target {
            case .time: level = nil
            case let .tau(tau): level = Level(kind: .tau, value: ExactDecimal.brief(tau))
            case let .log10Loss(x): level = Level(kind: .log10Loss, value: ExactDecimal.brief(x))
            case let .margin(gamma): level = Level(kind: .margin, value: ExactDecimal.brief(gamma))
            }
            let blocks = (0..<model.dimension).map { i in (i * p)..<(i * p + p) }
            return Checkpoint(
                level: level, time: c.exactTime.map { $0.description } ?? Self.text(c.time, shown),
                loss: Self.text(c.loss, Swift.min(shown, c.lossDigits ?? shown)),
                w: Self.texts(c.predictor.elements, shown, entries: c.predictorDigits),
                theta: blocks.map { block in
                    Self.texts(block.map { c.theta[$0] }, shown, entries: c.thetaDigits.map { Array($0[block]) })
                },
                imbalances: imbalances(c.imbalances, shown), wDigits: c.predictorDigits,
                thetaDigits: c.thetaDigits.map { digits in blocks.map { Array(digits[$0]) } }, verifiedDigits: c.verifiedDigits,
                lossDigits: c.lossDigits, iterations: c.iterations, shownDigits: shown)
        }
        events = result.events.map { e in
            let shown = Swift.min(digits, e.verifiedDigits)
            return Event(
                kind: e.kind, coordinate: e.coordinate + 1, time: Self.text(e.time, shown),
                w: Self.texts(e.predictor.elements, shown, entries: e.predictorDigits), wDigits: e.predictorDigits,
                verifiedDigits: e.verifiedDigits)
        }
        initialImbalances = imbalances(result.initialImbalances, digits)
    }

    /// `x` to `shown` significant digits (at least one); zero as "0".
    static func text(_ x: BigFloat, _ shown: Int) -> String { x.isZero ? "0" : x.formatted(significantDigits: Swift.max(1, shown)) }

    /// Each entry to `shown` digits, or fewer where `entries` (the agreed digits per entry) says so.
    static func texts(_ values: [BigFloat], _ shown: Int, entries: [Int]?) -> [String] {
        values.indices.map { text(values[$0], Swift.min(shown, entries?[$0] ?? shown)) }
    }
}
