import Multiprecision

/// The least-squares line log10(1/ε*) = slope · α^D + intercept through transition points of one
/// kind and depth (MATH.md §2.3: the kernel exit sits at log(1/ε*) ≈ α^D/‖ŵ‖∞, and at large α any
/// transition at a fixed μ* has γ* = α^D/μ*), with the residual of every point.
///
/// Contract: computed at `precision` bits from the reported decimals (so it can be redone from a
/// stored sweep); needs at least two reached points with distinct α^D. Slope and intercept are
/// printed to `significantDigits` digits (the fit is a summary; the points carry the verified ones).
public struct ScalingLawFit: Codable, Sendable, Equatable {
    public struct Residual: Codable, Sendable, Equatable {
        public var alpha: String
        public var alphaToDepth: String
        public var log10InverseLoss: String
        public var fitted: String
        public var residual: String
        enum CodingKeys: String, CodingKey {
            case alpha
            case alphaToDepth = "alpha_to_depth"
            case log10InverseLoss = "log10_inverse_loss"
            case fitted, residual
        }
    }

    public var kind: TransitionKind
    public var depth: Int
    public var slope: String
    public var intercept: String
    /// 1/slope in units of log10 … i.e. the μ* = α^D/γ* the points imply: ln(10)·slope = 1/μ*.
    public var impliedMu: String
    public var residuals: [Residual]
    public var maximumRelativeResidual: String

    enum CodingKeys: String, CodingKey {
        case kind, depth, slope, intercept
        case impliedMu = "implied_mu"
        case residuals
        case maximumRelativeResidual = "maximum_relative_residual"
    }

    public init(_ points: [TransitionPoint], precision p: Int = 128, significantDigits: Int = 8) throws(AnalysisError) {
        let reached = points.filter(\.reached)
        guard let first = reached.first else { throw .invalidOption("no transition point was reached: nothing to fit") }
        guard reached.allSatisfy({ $0.kind == first.kind && $0.depth == first.depth }) else {
            throw .invalidOption("a scaling law is fitted through points of one kind and one depth")
        }
        var xs: [BigFloat] = [], ys: [BigFloat] = [], values: [String] = []
        for point in reached {
            guard let x = try? Rational(fraction: point.alphaToDepth) else {
                throw .invalidOption("α^D = '\(point.alphaToDepth)' of the point at α = \(point.alpha) is not an exact fraction p/q")
            }
            guard let text = point.log10InverseLoss?.value, let y = try? Rational(decimal: text) else {
                throw .invalidOption("the reached point at α = \(point.alpha) has no decimal log10(1/ε*)")
            }
            xs.append(BigFloat(x, precision: p))
            ys.append(BigFloat(y, precision: p))
            values.append(text)
        }
        guard Set(reached.map(\.alphaToDepth)).count >= 2 else {
            throw .invalidOption("a scaling law needs transition points at two or more values of α")
        }
        let n = BigFloat(xs.count, precision: p)
        let mx = xs.reduce(BigFloat(precision: p), +) / n, my = ys.reduce(BigFloat(precision: p), +) / n
        var sxy = BigFloat(precision: p), sxx = BigFloat(precision: p)
        for (x, y) in zip(xs, ys) {
            sxy += (x - mx) * (y - my)
            sxx += (x - mx) * (x - mx)
        }
        let slope = sxy / sxx, intercept = my - slope * mx
        kind = first.kind
        depth = first.depth
        self.slope = slope.formatted(significantDigits: significantDigits)
        self.intercept = intercept.formatted(significantDigits: significantDigits)
        impliedMu = (1 / (slope * BigFloat.log(BigFloat(10, precision: p)))).formatted(significantDigits: significantDigits)
        var worst = BigFloat(precision: p)
        residuals = reached.indices.map { k in
            let point = reached[k], x = xs[k], y = ys[k]
            let fitted = slope * x + intercept
            let r = y - fitted
            if !y.isZero { worst = BigFloat.maximum(worst, (r / y).magnitude) }
            return Residual(
                alpha: point.alpha, alphaToDepth: point.alphaToDepth, log10InverseLoss: values[k],
                fitted: fitted.formatted(significantDigits: significantDigits), residual: r.formatted(significantDigits: 3))
        }
        maximumRelativeResidual = worst.formatted(significantDigits: 3)
    }
}
