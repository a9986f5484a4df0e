import Multiprecision

/// The least-squares line log10(1/ε*) = slope · α^D + intercept through transition points of one
/// kind and depth (MATH.md §2.3: the kernel exit sits at log(1/ε*) ≈ α^D/‖ŵ‖∞, and at large α any
/// transition at a fixed μ* has γ* = α^D/μ*), with the residual of every point.
///
/// Contract: computed at `precision` bits from the reported decimals (so it can be redone from a
/// stored sweep); needs at least two reached points with distinct α^D. Slope, intercept and μ*
/// are printed to at most `significantDigits` digits and never to more than the points' verified
/// digits carry: each point's log10(1/ε*) is known to one unit of its last verified digit, and
/// that error is propagated through the least-squares formulas (a fit through points that differ
/// by less than their own accuracy prints one digit).
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
        var xs: [BigFloat] = [], ys: [BigFloat] = [], values: [String] = [], errors: [BigFloat] = []
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
            errors.append(Self.lastDigitUnit(BigFloat(y, precision: p), digits: point.log10InverseLoss?.digits ?? 0))
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
        // |∂slope/∂y_k| = |x_k − x̄|/Sxx, |∂intercept/∂y_k| = |1/n − x̄(x_k − x̄)/Sxx|.
        var slopeError = BigFloat(precision: p), interceptError = BigFloat(precision: p)
        for (x, error) in zip(xs, errors) {
            slopeError += (x - mx).magnitude / sxx * error
            interceptError += (1 / n - mx * (x - mx) / sxx).magnitude * error
        }
        func shown(_ value: BigFloat, _ error: BigFloat) -> String {
            var digits = significantDigits
            if !error.isZero, let size = value.log10Magnitude, let lost = error.log10Magnitude {
                digits = Swift.min(digits, Int((size - lost).rounded(.down)))
            }
            return value.formatted(significantDigits: Swift.max(1, digits))
        }
        kind = first.kind
        depth = first.depth
        self.slope = shown(slope, slopeError)
        self.intercept = shown(intercept, interceptError)
        let mu = 1 / (slope * BigFloat.log(BigFloat(10, precision: p)))
        impliedMu = shown(mu, slope.isZero ? mu : mu.magnitude * slopeError / slope.magnitude)
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

    /// One unit in the last verified digit of y (d verified significant digits): 10^(e − d + 1)
    /// for y = m·10^e, 1 ≤ |m| < 10; for d = 0 (only the magnitude known), 10^(e + 1).
    static func lastDigitUnit(_ y: BigFloat, digits: Int) -> BigFloat {
        guard let size = y.log10Magnitude else { return BigFloat(precision: y.precision) }
        let exponent = Int(size.rounded(.down)) - Swift.max(digits, 0) + 1
        return BigFloat.pow(BigFloat(10, precision: y.precision), exponent)
    }
}
