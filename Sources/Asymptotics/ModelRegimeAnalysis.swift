import Flow
import Limits
import Multiprecision

/// Where the flow of a model of the user's own is at each checkpoint relative to the limits
/// that apply (MATH.md §12, Docs/analyze.md): `biasflow analyze --model-file` and the model-file
/// sweeps.
///
/// Regression (squared loss): ‖k − ŵ‖₂ to the min-ℓ2 and min-ℓ1 interpolators and to the
/// weighted-ℓ1 limit ŵ_t (when the model has one, `ModelLimitReferences`), and the label of
/// `RegimeRule.modelText` (kernel near ŵ₂, rich near ŵ_t; only where ŵ_t exists).
/// Classification (exponential, logistic): τ = −ln L, γ = min_n z_nᵀk, the distances of the
/// direction k/‖k‖₂ (once k ≠ 0) to ŵ₂/‖ŵ₂‖₂ and ŵ₁/‖ŵ₁‖₂, and, once γ > 0, of w̃ = k/γ to ŵ₂ and ŵ₁ (the
/// normalization of `RegimeAnalyzer`); no label (the weighted theory is a regression theory).
///
/// Contract (digits): the flow's state θ carries its normwise two-run digits d, so
/// |Δθ| ≤ ‖θ‖∞ 10^−d entrywise; to first order |Δk_i| ≤ ‖∇k_i(θ_i)‖₁ ‖θ‖∞ 10^−d (plus one rounding),
/// and every derived number (loss, margins, normalizations, distances) carries the bound
/// propagated from these (`BoundedValue`, `DistanceMeasure`); the exact limits add one rounding.
public struct ModelRegimeAnalysis: Sendable {
    public var rule: RegimeRule

    public init(rule: RegimeRule) { self.rule = rule }

    /// What names the run in the report.
    public struct Setup: Sendable {
        public var modelFile: String
        public var data: String
        /// s as the user wrote it.
        public var scale: String
        public var digits: Int
        public init(modelFile: String, data: String, scale: String, digits: Int) {
            self.modelFile = modelFile
            self.data = data
            self.scale = scale
            self.digits = digits
        }
    }

    /// The verified flow from θ(0) = s·θ* to `times` (`ModelFlowRun.flow`), then `report`. The one
    /// place the analysis calls the flow (in physical time for now).
    public func analyze(
        model: ExpressionModel, data: FlowData, loss: Loss, scale: Rational, times: [Rational], references: ModelLimitReferences,
        setup: Setup
    ) throws(ModelAnalysisError) -> ModelRegimeReport {
        let run = try ModelFlowRun.flow(model: model, data: data, loss: loss, scale: scale, times: times, digits: setup.digits)
        return report(run, model: model, data: data, loss: loss, references: references, setup: setup)
    }

    /// The report of a finished flow.
    public func report(
        _ run: ModelFlowRun.Result, model: ExpressionModel, data: FlowData, loss: Loss, references: ModelLimitReferences, setup: Setup
    ) -> ModelRegimeReport {
        let p = run.precisionBits
        func record(_ w: [Rational], verified: Bool) -> ExactLimitRecord {
            ExactLimitRecord(
                w: w.map(\.description), decimal: w.map { ExactDecimal.format($0, significantDigits: setup.digits) },
                certificateVerified: verified)
        }
        var limits: [String: ExactLimitRecord] = [:]
        var weights: [[String]]?
        if references.isClassification {
            limits[ReferenceKind.l2Margin.rawValue] = record(references.l2.w, verified: references.l2.certificate.isVerified)
            limits[ReferenceKind.l1Margin.rawValue] = record(references.l1.w, verified: references.l1.certificate.isVerified)
        } else {
            limits[ReferenceKind.l2Interpolation.rawValue] = record(references.l2.w, verified: references.l2.certificate.isVerified)
            limits[ReferenceKind.l1Interpolation.rawValue] = record(references.l1.w, verified: references.l1.certificate.isVerified)
            if let saddles = references.saddles {
                limits[ReferenceKind.weightedL1.rawValue] = record(saddles.limit.k, verified: saddles.limit.certificate.isVerified)
                let exact = saddles.weights.exactWeights != nil
                weights = zip(saddles.usedWeights.plus, saddles.usedWeights.minus).map { plus, minus in
                    [plus, minus].map { exact ? $0.description : ExactDecimal.format($0, significantDigits: setup.digits) }
                }
            }
        }
        let checkpoints = run.checkpoints.map { c in
            checkpoint(c, model: model, data: data, loss: loss, references: references, precision: p)
        }
        return ModelRegimeReport(
            modelFile: setup.modelFile, data: setup.data, modelClass: references.modelClass, scale: setup.scale, loss: loss.rawValue,
            digits: setup.digits, precisionBits: p, steps: run.steps, limits: limits, weights: weights,
            weightedL1Unavailable: references.weightedUnavailable,
            rule: !references.isClassification && references.saddles != nil ? rule : nil, checkpoints: checkpoints)
    }

    func checkpoint(
        _ c: ModelFlowRun.Checkpoint, model: ExpressionModel, data: FlowData, loss: Loss, references: ModelLimitReferences,
        precision p: Int
    ) -> ModelCheckpointRegime {
        let k = Self.predictorBounds(c, model: model, precision: p)
        var distance: [ReferenceKind: VerifiedDecimal] = [:]
        func measure(_ kind: ReferenceKind, _ a: [BoundedValue], _ b: [BoundedValue]) -> BoundedValue {
            let d = DistanceMeasure.euclidean(a, b, precision: p)
            distance[kind] = d.decimal
            return d
        }
        let lossValue = BigFloat(c.loss, precision: p)
        let rounding = Self.rounding(lossValue)
        switch data {
        case let .regression(x, y):
            // L = ½‖Xk − y‖²: |ΔL| ≤ Σ_i |(Xᵀr)_i| e_i.
            let residual = x.indices.map { n in Self.dot(x[n], k, precision: p) - BigFloat(y[n], precision: p) }
            var lossError = rounding
            for i in k.indices {
                var g = BigFloat(precision: p)
                for n in x.indices { g += BigFloat(x[n][i], precision: p) * residual[n] }
                lossError += g.magnitude * k[i].error
            }
            let kernel = measure(.l2Interpolation, k, Self.exact(references.l2.w, precision: p))
            _ = measure(.l1Interpolation, k, Self.exact(references.l1.w, precision: p))
            var regime: Regime?, certain: Bool?
            if let limit = references.weightedLimit {
                let rich = measure(.weightedL1, k, Self.exact(limit, precision: p))
                (regime, certain) = rule.label(kernelDistance: kernel, richDistance: rich)
            }
            return ModelCheckpointRegime(
                time: c.exactTime.map(RegimeAnalyzer.decimal) ?? c.time.formatted(significantDigits: max(1, c.verifiedDigits ?? 1)),
                loss: BoundedValue(value: lossValue, error: lossError).decimal, tau: nil,
                gamma: nil, regime: regime, labelCertain: certain, distance: distance, w: k.map(\.decimal), wNormalized: nil,
                thetaDigits: c.verifiedDigits ?? 0)
        case let .classification(z):
            // Margins m_n = z_nᵀk with |Δm_n| ≤ Σ_i |z_ni| e_i; |ℓ'(m)| ≤ e^{−m} for both losses.
            let margins = z.map { row in
                BoundedValue(
                    value: Self.dot(row, k, precision: p),
                    error: zip(row, k).reduce(BigFloat(precision: p)) { $0 + BigFloat($1.0.magnitude, precision: p) * $1.1.error })
            }
            var lossError = rounding
            for m in margins {
                let slope = BigFloat.exp(-m.value)
                lossError += (loss == .logistic ? BigFloat.minimum(slope, BigFloat(1, precision: p)) : slope) * m.error
            }
            let lossBound = BoundedValue(value: lossValue, error: lossError)
            let tau = BoundedValue(value: -BigFloat.log(lossValue), error: lossError / lossValue)
            let gammaIndex = margins.indices.min { margins[$0].value < margins[$1].value }!
            let gamma = BoundedValue(value: margins[gammaIndex].value, error: margins.map(\.error).max()!)
            // Directions k/‖k‖₂ and ŵ/‖ŵ‖₂, once ‖k‖₂ exceeds its error bound (k(0) may be 0).
            let norm = Self.euclideanNorm(k, precision: p)
            if norm.error < norm.value {
                let direction = Self.normalized(k, by: norm)
                _ = measure(.l2MarginDirection, direction, Self.exactDirection(references.l2.w, precision: p))
                _ = measure(.l1MarginDirection, direction, Self.exactDirection(references.l1.w, precision: p))
            }
            var normalized: [BoundedValue]?
            if gamma.value.signum > 0 && gamma.error < gamma.value {
                let w = Self.normalized(k, by: gamma)
                normalized = w
                _ = measure(.l2Margin, w, Self.exact(references.l2.w, precision: p))
                _ = measure(.l1Margin, w, Self.exact(references.l1.w, precision: p))
            }
            return ModelCheckpointRegime(
                time: c.exactTime.map(RegimeAnalyzer.decimal) ?? c.time.formatted(significantDigits: max(1, c.verifiedDigits ?? 1)),
                loss: lossBound.decimal, tau: tau.decimal, gamma: gamma.decimal, regime: nil,
                labelCertain: nil, distance: distance, w: k.map(\.decimal), wNormalized: normalized?.map(\.decimal),
                thetaDigits: c.verifiedDigits ?? 0)
        }
    }

    /// k with per-entry error bounds: ‖∇k_i(θ_i)‖₁ ‖θ‖∞ 10^−d (first order in the state's
    /// normwise error) plus one rounding of k_i.
    public static func predictorBounds(_ c: ModelFlowRun.Checkpoint, model: ExpressionModel, precision p: Int) -> [BoundedValue] {
        let parameters = model.parameterCountPerCoordinate
        let theta = BigVector(c.theta.elements, precision: p)
        let largest = theta.elements.map(\.magnitude).max() ?? BigFloat(precision: p)
        let stateError = largest * BoundedValue.tenToMinus(c.verifiedDigits ?? 0, precision: p)
        let evaluators = model.groups.indices.map { model.secondOrderProgram(group: $0).evaluator(precision: p) }
        return (0..<model.dimension).map { i in
            let evaluator = evaluators[model.groupOfCoordinate[i]]
            evaluator.evaluate(theta, offset: i * parameters)
            var slope = BigFloat(precision: p)
            for a in 0..<parameters { slope += evaluator.output(1 + a).magnitude }
            let value = BigFloat(c.predictor[i], precision: p)
            return BoundedValue(value: value, error: slope * stateError + rounding(value))
        }
    }

    /// One rounding of `value` at its precision (0 for 0).
    static func rounding(_ value: BigFloat) -> BigFloat { value.isZero ? BigFloat(precision: value.precision) : value.ulp ?? value }

    static func dot(_ row: [Rational], _ k: [BoundedValue], precision p: Int) -> BigFloat {
        var sum = BigFloat(precision: p)
        for (a, b) in zip(row, k) { sum += BigFloat(a, precision: p) * b.value }
        return sum
    }

    /// An exact vector at `precision` bits (error one rounding per entry).
    static func exact(_ w: [Rational], precision p: Int) -> [BoundedValue] {
        w.map { value in
            let rounded = BigFloat(value, precision: p)
            return BoundedValue(value: rounded, error: rounding(rounded))
        }
    }

    /// ŵ/‖ŵ‖₂ of an exact vector: the square root and the quotients each add a rounding.
    static func exactDirection(_ w: [Rational], precision p: Int) -> [BoundedValue] {
        var squares = Rational()
        for value in w { squares = squares + value * value }
        let norm = BigFloat.sqrt(BigFloat(squares, precision: p))
        return w.map { value in
            let entry = BigFloat(value, precision: p) / norm
            return BoundedValue(value: entry, error: rounding(entry) * BigFloat(4, precision: p))
        }
    }

    /// ‖k‖₂ with the error ‖e‖₂ (triangle inequality).
    static func euclideanNorm(_ k: [BoundedValue], precision p: Int) -> BoundedValue {
        DistanceMeasure.euclidean(k, k.map { _ in BoundedValue(exact: BigFloat(precision: p)) }, precision: p)
    }

    /// k_i/c with |Δ(k_i/c)| ≤ e_i/|c| + |k_i| e_c/c² (first order) plus a rounding.
    static func normalized(_ k: [BoundedValue], by c: BoundedValue) -> [BoundedValue] {
        k.map { entry in
            let value = entry.value / c.value
            let error = entry.error / c.value.magnitude + entry.value.magnitude * c.error / (c.value * c.value) + rounding(value)
            return BoundedValue(value: value, error: error)
        }
    }
}
