import Flow
import Limits
import Multiprecision

/// The weighted saddle-to-saddle picture of a model of the user's own on regression data
/// (MATH.md §12.2): the growth-time weights from the model (`GrowthTimeWeights`), Algorithm 1's
/// saddles and rescaled jump times (`SaddleToSaddleProblem` with those weights, genericity
/// refused), and the weighted ℓ1 limit as an exact LP with certificate (`WeightedL1Problem`).
///
/// Exactness: with exact (rational) weights everything is exact. Otherwise the algorithm runs in
/// exact rationals on two rational approximations of the weights (at `digits` and at 1.5×
/// `digits` verified digits); the saddles must come out identical (they are exact rationals
/// fixed by the active sets), the jump times carry the digits the two runs agree on, and the
/// limit's certificate is exact for the approximated weights, with strict complementarity
/// (so it holds for every weight within the approximation's error).
public struct ModelSaddleAnalysis: Sendable {
    public let weights: GrowthTimeWeights
    /// The run with the (finer) weights.
    public let sequence: SaddleSequence
    /// Digits of each jump time (nil when the weights are exact).
    public let jumpTimeDigits: [Int]?
    /// Digits of each entry of each step's s vector, on which the two runs agree (nil when the
    /// weights are exact; an entry that is exactly 0 in both runs carries the cap).
    public let sDigits: [[Int]]?
    /// The weighted ℓ1 limit, solved directly as an LP.
    public let limit: WeightedL1Problem.Solution
    /// The weights the exact computations used (exact, or the finer approximations).
    public let usedWeights: SaddleWeights
    /// How the algorithm's times relate to the flow's physical time t.
    public var timeScale: String {
        switch weights.modelClass {
        case .twoLayer: return "T = ∫u dt / ln(1/s) ≈ t / ln(1/s) on plateaus (loss ½‖Xk − y‖², θ(0) = s θ*)"
        case let .deep(layers): return "T = s^\(layers - 2) ∫u dt (loss ½‖Xk − y‖², θ(0) = s θ*)"
        }
    }

    public static func analyze(model: ExpressionModel, x: [[Rational]], y: [Rational], digits: Int = 30) throws(ModelAnalysisError)
        -> ModelSaddleAnalysis
    {
        let weights: GrowthTimeWeights
        do { weights = try GrowthTimeWeights.compute(model, digits: digits) } catch {
            throw ModelAnalysisError("growth-time weights: \(error)")
        }
        func run(_ w: GrowthTimeWeights) throws(ModelAnalysisError) -> (SaddleWeights, SaddleSequence) {
            let approximations = w.rationalApproximations
            do {
                let saddleWeights = try SaddleWeights(plus: approximations.plus, minus: approximations.minus)
                let sequence = try SaddleToSaddleProblem(x: x, y: y, weights: saddleWeights, refusesDegenerateSteps: true).solve()
                guard sequence.isVerified else { throw ModelAnalysisError("the exact optimality checks of the saddles failed") }
                return (saddleWeights, sequence)
            } catch let error as LimitError { throw ModelAnalysisError("saddle-to-saddle: \(error)") } catch let error as ModelAnalysisError
            { throw error } catch {
                throw ModelAnalysisError("\(error)")
            }
        }
        var (used, sequence) = try run(weights)
        var digitsPerJump: [Int]? = nil
        var digitsPerS: [[Int]]? = nil
        var reported = weights
        if weights.exactWeights == nil {
            let finer: GrowthTimeWeights
            do { finer = try GrowthTimeWeights.compute(model, digits: digits + digits / 2) } catch {
                throw ModelAnalysisError("growth-time weights: \(error)")
            }
            let (finerWeights, check) = try run(finer)
            guard check.steps.count == sequence.steps.count,
                zip(check.steps, sequence.steps).allSatisfy({ $0.saddle == $1.saddle && $0.entering == $1.entering })
            else {
                throw ModelAnalysisError(
                    "the saddle sequence changes between weights to \(digits) and \(digits + digits / 2) digits: the algorithm's choices are not resolved at this precision (raise the digits)"
                )
            }
            let precision = Precision.bits(forDecimalDigits: digits + digits / 2) + 64
            digitsPerJump = zip(sequence.steps, check.steps).map { a, b in
                ModelSaddleAnalysis.agreement(a.jumpTime, b.jumpTime, precision: precision)
            }
            digitsPerS = zip(sequence.steps, check.steps).map { a, b in
                zip(a.s, b.s).map { ModelSaddleAnalysis.agreement($0, $1, precision: precision) }
            }
            used = finerWeights
            sequence = check
            reported = finer
        }
        let limit: WeightedL1Problem.Solution
        do { limit = try WeightedL1Problem(x: x, y: y, weights: used).solve() } catch {
            throw ModelAnalysisError("weighted l1 limit: \(error)")
        }
        if sequence.interpolates && sequence.finalSaddle != limit.k {
            throw ModelAnalysisError(
                "the last saddle \(sequence.finalSaddle) differs from the weighted-l1 LP solution \(limit.k) (the limit is not unique?)")
        }
        return ModelSaddleAnalysis(
            weights: reported, sequence: sequence, jumpTimeDigits: digitsPerJump, sDigits: digitsPerS, limit: limit, usedWeights: used)
    }

    /// Decimal digits on which two exact values agree, −log10(|a − b|/|b|), capped by `precision`.
    static func agreement(_ a: Rational, _ b: Rational, precision: Int) -> Int {
        let cap = Precision.decimalDigits(forBits: precision)
        let difference = a - b
        if difference.isZero { return cap }
        guard let lost = BigFloat(difference.magnitude, precision: 64).log10Magnitude,
            let size = BigFloat(b.magnitude, precision: 64).log10Magnitude
        else { return 0 }
        return Swift.max(0, Swift.min(cap, Int((size - lost).rounded(.down))))
    }
}
