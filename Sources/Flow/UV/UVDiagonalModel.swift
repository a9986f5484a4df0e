import Foundation
import Multiprecision

/// The two-layer diagonal model w = u₊∘v₊ − u₋∘v₋ with Azulay et al.'s unbiased symmetric
/// initialization of scale α and shape s (MATH.md §4.2):
///
///     u±(0) = u₀ = √(α(1−s)/(1+s)),   v±(0) = v₀ = √(α(1+s)/(1−s)),   α = u₀v₀, 0 ≤ s < 1.
///
/// Along gradient flow, with G = Xᵀν (ν = ∫ r dt the dual variable, r the negative loss
/// derivative in the margins or the residual y − Xw), every coordinate is in closed form:
///
///     w = (u₀² + v₀²) sinh(2G) = (k/2) sinh(2G),   k = 2(u₀² + v₀²) = 4α(1+s²)/(1−s²),
///     u± = (p₀e^{±G} + q₀e^{∓G})/2,   v± = (p₀e^{±G} − q₀e^{∓G})/2,   p₀ = u₀+v₀, q₀ = u₀−v₀.
///
/// k is rational whenever α and s are, although u₀ and v₀ are square roots. The path of w is
/// that of a depth-2 diagonal network (w = 2a² sinh(4G′)) on rescaled data: with a = 1,
/// X′ = (k/4)X, the diagonal flow's w′ = (4/k)w, ν′ = (2/k)ν and t′ = (2/k)t (`engineProblem`,
/// `mapFromEngine`). That exact change of variables is the dual reduction: the verified diagonal
/// engine integrates ν′ in the loss clock, and nothing of u, v is ever subtracted.
public struct UVDiagonalModel: Sendable {
    /// The scale α = u₀v₀ > 0, exact.
    public let alpha: Rational
    /// The shape s ∈ [0, 1), exact.
    public let shape: Rational
    /// The number of coordinates d.
    public let dimension: Int

    public init(alpha: Rational, shape: Rational, dimension: Int) throws(FlowError) {
        guard alpha.signum > 0 else { throw .invalidInitialization("the scale α must be positive, got \(ExactDecimal.brief(alpha))") }
        guard shape.signum >= 0, shape < Rational(1) else {
            throw .invalidInitialization("the shape s must lie in [0, 1), got \(ExactDecimal.brief(shape)) (s = (v₀ − u₀)/(v₀ + u₀))")
        }
        guard dimension >= 1 else { throw .invalidInitialization("the model needs at least one coordinate") }
        self.alpha = alpha
        self.shape = shape
        self.dimension = dimension
    }

    /// u₀² = α(1−s)/(1+s), exact.
    public var initialUSquared: Rational { alpha * (Rational(1) - shape) / (Rational(1) + shape) }
    /// v₀² = α(1+s)/(1−s), exact.
    public var initialVSquared: Rational { alpha * (Rational(1) + shape) / (Rational(1) - shape) }
    /// k = 2(u₀² + v₀²) = 4α(1+s²)/(1−s²), exact.
    public var k: Rational { Rational(2) * (initialUSquared + initialVSquared) }
    /// The effective diagonal scale squared, α_eff² = k/4 = α(1+s²)/(1−s²): argmin Q_k is the
    /// depth-2 Woodworth regularizer's minimizer at μ = α_eff² (Q_{α_eff}(w) = 2 Q_k(w)).
    public var effectiveScaleSquared: Rational { k / Rational(4) }

    /// u₀ and v₀ correctly rounded to `precision` bits.
    public func initialFactors(precision: Int) -> (u: BigFloat, v: BigFloat) {
        (
            BigFloat.sqrt(BigFloat(initialUSquared, precision: precision)),
            BigFloat.sqrt(BigFloat(initialVSquared, precision: precision))
        )
    }

    /// w = (k/2) sinh(2G) for one coordinate: relative error a few ulps for every G (no cancellation).
    public func predictor(dual g: BigFloat) -> BigFloat {
        BigFloat(k / Rational(2), precision: g.precision) * BigFloat.sinh(2 * g)
    }

    /// (u₊, v₊, u₋, v₋) of one coordinate at G: each a sum of two exponentials, accurate to a few
    /// ulps of the larger term (u± and v± may themselves pass through zero).
    public func factors(dual g: BigFloat) -> (uPlus: BigFloat, vPlus: BigFloat, uMinus: BigFloat, vMinus: BigFloat) {
        let (u0, v0) = initialFactors(precision: g.precision)
        let p0 = u0 + v0, q0 = u0 - v0
        let up = BigFloat.exp(g), down = BigFloat.exp(-g)
        return ((p0 * up + q0 * down) / 2, (p0 * up - q0 * down) / 2, (p0 * down + q0 * up) / 2, (p0 * down - q0 * up) / 2)
    }

    /// The implicit regularizer Q_k(w) = Σ_i (k/4)[1 − √(1 + z_i²) + z_i asinh z_i], z_i = 2w_i/k
    /// (MATH.md §4.2), evaluated as (k/4) Σ [z asinh z − z²/(1 + √(1+z²))]: both terms are
    /// non-negative, so the relative error is a few ulps for every w.
    public func regularizer(_ w: [BigFloat]) -> BigFloat {
        guard let p = w.first?.precision else { return BigFloat(precision: 64) }
        let kValue = BigFloat(k, precision: p)
        var sum = BigFloat(precision: p)
        for value in w {
            let z = 2 * value / kValue
            sum += z * BigFloat.asinh(z) - z * z / (1 + BigFloat.sqrt(1 + z * z))
        }
        return kValue / 4 * sum
    }

    // MARK: Dual reduction through the diagonal engine

    /// The depth-2 diagonal-network problem whose trajectory is this model's, up to the exact
    /// change of variables of the type comment: data scaled by k/4, a₊ = a₋ = 1. Checkpoints in τ,
    /// log10 L and γ carry over unchanged (the margins and the loss are the same).
    public func engineProblem(data: FlowData, loss: Loss, checkpoints: [CheckpointTarget], digits: Int) throws(FlowError) -> FlowProblem {
        guard data.featureCount == dimension else {
            throw .invalidInitialization("the model has \(dimension) coordinates, the data \(data.featureCount) features")
        }
        let scale = k / Rational(4)
        let scaled: FlowData
        switch data {
        case let .classification(z): scaled = .classification(z: z.map { $0.map { $0 * scale } })
        case let .regression(x, y): scaled = .regression(x: x.map { $0.map { $0 * scale } }, y: y)
        }
        let network = try DiagonalNetwork(depth: 2, alpha: Rational(1), dimension: dimension)
        return try FlowProblem(data: scaled, network: network, loss: loss, checkpoints: checkpoints, digits: digits)
    }

    /// This model's trajectory from the engine's: w = (k/4)w′, w/γ = (k/4)(w′/γ), ν = (k/2)ν′,
    /// log10 t = log10 t′ + log10(k/2); τ, γ and the margins are unchanged. `problem` is reported
    /// as given (the caller's, unscaled). Each conversion is one correctly rounded operation, so
    /// the verified digits carry over.
    public func mapFromEngine(_ trajectory: Trajectory, problem: FlowProblem) -> Trajectory {
        var mapped = trajectory
        mapped.problem = problem
        let quarter = k / Rational(4), half = k / Rational(2)
        mapped.checkpoints = trajectory.checkpoints.map { verified in
            var result = verified
            let c = verified.checkpoint
            let p = c.precisionBits
            let q = BigFloat(quarter, precision: p), h = BigFloat(half, precision: p)
            result.checkpoint.w = c.w.map { $0 * q }
            result.checkpoint.wNormalized = c.wNormalized.map { $0 * q }
            result.checkpoint.nu = c.nu.map { $0 * h }
            result.checkpoint.log10Time = c.log10Time + BigFloat.log10(h)
            return result
        }
        return mapped
    }
}
