import Multiprecision

/// The rate at which w̃ approaches its fixed-α limit (MATH.md §2.3 items 4-5, T7-T8), from the
/// checkpoints of a `RegimeReport`:
///
/// * D = 2: distance to ŵ₁ against x = 1/ln(γ/α²), expected ‖w̃ − ŵ₁‖ ≈ C·x (logarithmic rate);
/// * D > 2: distance to the l_{2/D} KKT point found (`l2d_stationary`) against x = 1/γ, expected
///   ≈ C·x (the inactive coordinates of w̃ are O(1/γ)).
///
/// For every checkpoint it reports C_k = distance_k / x_k; the fitted constant is the last C_k, its
/// stability the relative drift |C_n − C_{n−1}|/C_n of the last two, and the local exponent
/// ln(d_{n−1}/d_n)/ln(x_{n−1}/x_n) (1 when the assumed rate holds). For D > 2 the fit is refused
/// when the checkpoints did not all find the same KKT point (support and tight set).
///
/// Contract: computed at `precision` bits from the report's decimals; each C_k carries the digits
/// of min(distance, γ).
public struct RateFit: Codable, Sendable, Equatable {
    public struct Point: Codable, Sendable, Equatable {
        public var tau: String
        public var gamma: String
        public var distance: String
        public var x: String
        public var constant: VerifiedDecimal
    }

    public var depth: Int
    public var reference: ReferenceKind
    public var variable: String
    public var points: [Point]
    public var constant: String
    public var drift: String?
    public var localExponent: String?

    enum CodingKeys: String, CodingKey {
        case depth, reference, variable, points, constant, drift
        case localExponent = "local_exponent"
    }

    public init(_ report: RegimeReport, precision p: Int = 128) throws(AnalysisError) {
        let reference: ReferenceKind = report.depth == 2 ? .l1Margin : .l2dStationary
        depth = report.depth
        self.reference = reference
        variable = report.depth == 2 ? "1/ln(gamma/alpha^2)" : "1/gamma"
        let usable = report.checkpoints.filter { $0.distance[reference] != nil }
        guard !usable.isEmpty else { throw .invalidOption("no checkpoint has a distance to \(reference.rawValue) to fit") }
        if reference == .l2dStationary {
            let sets = Set(usable.map { "\($0.stationaryPoint?.support ?? [])|\($0.stationaryPoint?.tight ?? [])" })
            guard sets.count == 1 else {
                throw .invalidOption(
                    "the checkpoints found different l_{2/D} KKT points (\(sets.sorted().joined(separator: "; "))): no single limit to fit a rate to"
                )
            }
        }
        guard let alphaDExact = try? Rational(fraction: report.alphaToDepth) else {
            throw .invalidOption("the report's α^D = '\(report.alphaToDepth)' is not an exact fraction p/q")
        }
        let alphaD = BigFloat(alphaDExact, precision: p)
        let alpha2 = report.depth == 2 ? alphaD : BigFloat(0, precision: p)
        var xs = [BigFloat](), ds = [BigFloat](), points = [Point]()
        for c in usable {
            guard let distance = c.distance[reference], let gammaExact = try? Rational(decimal: c.gamma.value),
                let dExact = try? Rational(decimal: distance.value)
            else {
                throw .invalidOption("checkpoint \(c.target): γ or the distance to \(reference.rawValue) is not a decimal number")
            }
            let gamma = BigFloat(gammaExact, precision: p)
            let d = BigFloat(dExact, precision: p)
            let x = report.depth == 2 ? 1 / BigFloat.log(gamma / alpha2) : 1 / gamma
            let constant = BoundedValue(value: d / x, digits: Swift.min(distance.digits, c.gamma.digits))
            xs.append(x)
            ds.append(d)
            points.append(
                Point(
                    tau: c.tau.value, gamma: c.gamma.value, distance: distance.value,
                    x: x.formatted(significantDigits: 12), constant: constant.decimal))
        }
        self.points = points
        constant = points.last!.constant.value
        if xs.count >= 2 {
            let n = xs.count - 1
            let cn = ds[n] / xs[n], cm = ds[n - 1] / xs[n - 1]
            drift = ((cn - cm) / cn).magnitude.formatted(significantDigits: 3)
            localExponent = (BigFloat.log(ds[n - 1] / ds[n]) / BigFloat.log(xs[n - 1] / xs[n])).formatted(significantDigits: 4)
        }
    }
}
