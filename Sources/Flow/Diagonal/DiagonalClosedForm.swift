import Multiprecision

/// The closed-form map G ↦ (w, H, H′, u₊, u₋) of a `DiagonalNetwork`, evaluated coordinatewise
/// at a fixed working precision (MATH.md §1.2, §10.3-10.4).
///
/// Numerical contract: each output is computed without cancellation from G_i:
/// * D = 2: w = c sinh(4G + δ), H = 4c cosh(4G + δ), H′ = 16 w, with c = 2a₊a₋, δ = ln(a₊/a₋);
///   relative error a few ulps for every G (|4G + δ| may be as large as the exponent range allows).
/// * D > 2: with ξ± = β± ∓ ζG (β± = a±^{2−D}, ζ = D(D−2)), w = ξ₋^{−q}·expm1(−q·ln(ξ₊/ξ₋)) (for
///   unbiased initialization ln(ξ₊/ξ₋) = −2 atanh(ζG/β)); relative error a few ulps times the
///   condition number β/min(ξ₊, ξ₋) of the subtraction β ∓ ζG, which the precision schedule pays
///   for with extra bits. Outside the domain ξ± > 0 the evaluation reports failure.
public struct DiagonalClosedForm: Sendable {
    public let depth: Int
    public let precision: Int
    public let dimension: Int
    let unbiased: Bool
    // D = 2
    let scale: [BigFloat]  // c = 2a₊a₋
    let shift: [BigFloat]  // δ = ln(a₊/a₋)
    // D > 2
    let betaPlus: [BigFloat]  // a₊^{2−D}
    let betaMinus: [BigFloat]  // a₋^{2−D}
    let zeta: Int  // D(D−2)
    let q: BigFloat  // D/(D−2)
    let r: BigFloat  // (2D−2)/(D−2)
    let integerQ: Int?
    let integerR: Int?

    init(network: DiagonalNetwork, precision: Int) {
        depth = network.depth
        self.precision = precision
        dimension = network.dimension
        unbiased = network.isUnbiased
        let plus = network.initialPlus.map { BigFloat($0, precision: precision) }
        let minus = network.initialMinus.map { BigFloat($0, precision: precision) }
        let d = depth
        if d == 2 {
            scale = zip(plus, minus).map { 2 * ($0 * $1) }
            shift = zip(network.initialPlus, network.initialMinus).map { a, b in
                a == b ? BigFloat(precision: precision) : BigFloat.log(BigFloat(a / b, precision: precision))
            }
            betaPlus = []
            betaMinus = []
        } else {
            scale = []
            shift = []
            betaPlus = plus.map { BigFloat.pow($0, 2 - d) }
            betaMinus = minus.map { BigFloat.pow($0, 2 - d) }
        }
        zeta = d * (d - 2)
        q = d == 2 ? BigFloat(precision: precision) : BigFloat(d, precision: precision) / (d - 2)
        r = d == 2 ? BigFloat(precision: precision) : BigFloat(2 * d - 2, precision: precision) / (d - 2)
        integerQ = d > 2 && d % (d - 2) == 0 ? d / (d - 2) : nil
        integerR = d > 2 && (2 * d - 2) % (d - 2) == 0 ? (2 * d - 2) / (d - 2) : nil
    }

    /// One coordinate's values.
    public struct Coordinate: Sendable {
        public var w: BigFloat
        public var metric: BigFloat  // H = dw/dG
        public var metricDerivative: BigFloat  // H′ = dH/dG
    }

    /// w_i, H_i, H′_i at G_i = `g`, or nil outside the domain (D > 2 and ξ± ≤ 0).
    public func coordinate(_ i: Int, at g: BigFloat) -> Coordinate? {
        if depth == 2 {
            let argument = unbiased ? 4 * g : 4 * g + shift[i]
            let (sinh, cosh) = BigFloat.sinhCosh(argument)
            let w = scale[i] * sinh
            return Coordinate(w: w, metric: 4 * (scale[i] * cosh), metricDerivative: 16 * w)
        }
        let zg = zeta * g
        let xiPlus = betaPlus[i] - zg, xiMinus = betaMinus[i] + zg
        guard xiPlus.signum > 0, xiMinus.signum > 0 else { return nil }
        let logRatio: BigFloat  // ln(ξ₊/ξ₋)
        if unbiased {
            logRatio = -2 * BigFloat.atanh(zg / betaPlus[i])
        } else {
            logRatio = BigFloat.log1p((xiPlus - xiMinus) / xiMinus)
        }
        let w = power(xiMinus, negated: q, integer: integerQ) * BigFloat.expm1(-(q * logRatio))
        let plusR = power(xiPlus, negated: r, integer: integerR)
        let minusR = power(xiMinus, negated: r, integer: integerR)
        // D² and D²ζ (of order D⁴) as MPFR numbers: as machine integers they overflow for D ≳ 55 000.
        let d2 = BigFloat(depth, precision: precision) * depth
        let metric = d2 * (plusR + minusR)
        // H′ = D²·r·ζ·(ξ₊^{−r−1} − ξ₋^{−r−1})
        let derivative = (d2 * zeta) * r * (plusR / xiPlus - minusR / xiMinus)
        return Coordinate(w: w, metric: metric, metricDerivative: derivative)
    }

    /// u₊ and u₋ at G_i = `g` (for the conservation checks of MATH.md T2), or nil outside the domain.
    public func factors(_ i: Int, at g: BigFloat, initialPlus: Rational, initialMinus: Rational) -> (plus: BigFloat, minus: BigFloat)? {
        if depth == 2 {
            let a = BigFloat(initialPlus, precision: precision), b = BigFloat(initialMinus, precision: precision)
            return (a * BigFloat.exp(2 * g), b * BigFloat.exp(-2 * g))
        }
        let zg = zeta * g
        let xiPlus = betaPlus[i] - zg, xiMinus = betaMinus[i] + zg
        guard xiPlus.signum > 0, xiMinus.signum > 0 else { return nil }
        let exponent = BigFloat(-1, precision: precision) / (depth - 2)
        return (BigFloat.pow(xiPlus, exponent), BigFloat.pow(xiMinus, exponent))
    }

    /// The smallest ξ±_i / β±_i over coordinates (1 for D = 2): how close the flow is to the
    /// blow-up boundary, and so how many bits the subtraction β ∓ ζG cancels.
    public func domainMargin(_ g: [BigFloat]) -> BigFloat {
        var smallest = BigFloat(1, precision: precision)
        guard depth > 2 else { return smallest }
        for (i, value) in g.enumerated() {
            let zg = zeta * value
            let plus = (betaPlus[i] - zg) / betaPlus[i], minus = (betaMinus[i] + zg) / betaMinus[i]
            smallest = BigFloat.minimum(smallest, BigFloat.minimum(plus, minus))
        }
        return smallest
    }

    private func power(_ x: BigFloat, negated exponent: BigFloat, integer: Int?) -> BigFloat {
        if let integer { return BigFloat.pow(x, -integer) }
        return BigFloat.pow(x, -exponent)
    }
}
