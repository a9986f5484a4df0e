import Multiprecision

/// The depth-D link functions of MATH.md §1.2 and §2.5, in MPFR:
///
/// * h_2(s) = 2 sinh s, h_D(s) = (1−s)^{−D/(D−2)} − (1+s)^{−D/(D−2)} for D > 2 (domain |s| < 1);
/// * h_D'(s) (> 0: h_D is strictly increasing);
/// * the conjugate q_D^*(s) with (q_D^*)' = h_D: q_2^*(s) = 2(cosh s − 1),
///   q_D^*(s) = ((D−2)/2)·[(1−s)^{−2/(D−2)} + (1+s)^{−2/(D−2)} − 2].
///
/// Contract: each value is computed with correctly rounded MPFR operations at `precision` bits; the
/// few roundings compound to a relative error of a few ulps, except that q_D^* near s = 0 loses
/// relative accuracy to cancellation (its absolute error stays a few ulps of 1). Outside the
/// domain (D > 2, |s| ≥ 1) the results are NaN or ±∞.
public struct DepthPotential: Sendable {
    public let depth: Int
    public let precision: Int
    /// D/(D−2) and 2/(D−2) as MPFR numbers (D > 2).
    let exponent: BigFloat
    let conjugateExponent: BigFloat

    public init(depth: Int, precision: Int) {
        precondition(depth >= 2, "depth D ≥ 2")
        self.depth = depth
        self.precision = precision
        if depth > 2 {
            exponent = BigFloat(depth, precision: precision) / BigFloat(depth - 2, precision: precision)
            conjugateExponent = BigFloat(2, precision: precision) / BigFloat(depth - 2, precision: precision)
        } else {
            exponent = BigFloat(1, precision: precision)
            conjugateExponent = BigFloat(1, precision: precision)
        }
    }

    /// The domain of s: all reals for D = 2, |s| < 1 for D > 2.
    public func inDomain(_ s: BigFloat) -> Bool { depth == 2 ? s.isFinite : s.magnitude < BigFloat(1, precision: precision) }

    /// c_D = h_D'(0): 2 for D = 2, 2D/(D−2) for D > 2.
    public var slopeAtZero: BigFloat {
        depth == 2
            ? BigFloat(2, precision: precision) : BigFloat(2 * depth, precision: precision) / BigFloat(depth - 2, precision: precision)
    }

    /// h_D(s). For D > 2 evaluated as (1+s)^{−e}·expm1(2e·atanh s), e = D/(D−2), which has no
    /// cancellation at small |s| (the difference of the two powers would lose log10(1/|s|) digits).
    public func h(_ s: BigFloat) -> BigFloat {
        if depth == 2 { return BigFloat.sinh(s, precision: precision) * 2 }
        let plus = 1 + s
        let spread = BigFloat.expm1(exponent * BigFloat.atanh(s, precision: precision) * 2, precision: precision)
        return BigFloat.pow(plus, -exponent, precision: precision) * spread
    }

    public func derivative(_ s: BigFloat) -> BigFloat {
        if depth == 2 { return BigFloat.cosh(s, precision: precision) * 2 }
        let e1 = -(exponent + 1)
        let minus = 1 - s, plus = 1 + s
        return exponent * (BigFloat.pow(minus, e1, precision: precision) + BigFloat.pow(plus, e1, precision: precision))
    }

    /// q_D^*(s). D = 2 as 4 sinh²(s/2) (no cancellation); D > 2 as the sum of
    /// expm1(−c·log1p(∓s)), c = 2/(D−2), whose absolute error is a few ulps of |c s|.
    public func conjugate(_ s: BigFloat) -> BigFloat {
        if depth == 2 {
            let half = BigFloat.sinh(BigFloat.scaled(s, byPowerOfTwo: -1), precision: precision)
            return half * half * 4
        }
        let minusTerm = BigFloat.expm1(-conjugateExponent * BigFloat.log1p(-s, precision: precision), precision: precision)
        let plusTerm = BigFloat.expm1(-conjugateExponent * BigFloat.log1p(s, precision: precision), precision: precision)
        return (minusTerm + plusTerm) * BigFloat(depth - 2, precision: precision) / 2
    }
}
