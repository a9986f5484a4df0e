import Limits
import Multiprecision

/// The point the "rich" regime is measured against, for one data set and depth (`RichLimitChoice`).
///
/// * `l1`: ŵ₁ = argmin ‖w‖₁ s.t. Zw ≥ 1, exact rational (with its exact certificate).
/// * `kkt` (D > 2): the l_{2/D} KKT point at the μ → 0 end of the sweep path T(μ) (MATH.md §2.5):
///   T is solved at μ = `coarseMu` and `fineMu` in one pass down the sweep grid, and each is polished
///   by `StationaryPointSearch` (Newton on the KKT system of the nearest candidate support A and
///   tight set S). Both must polish to the same (A, S), and T(fineMu) must be closer to the point
///   than T(coarseMu) (the path is seen to converge to it); otherwise the end of the path is not
///   settled and `AnalysisError.richLimit` is thrown. The point does not depend on α. Gradient flow
///   at fixed α tracks T(μ) up to O(α^{−D}) and, as τ → ∞, converges to a KKT point of the l_{2/D}
///   problem (Lyu–Li); on F1 at D = 3 that point is this one for α = 1, 3, 10 (checked in
///   Docs/analyze.md, and tested at α = 1). At smaller α (saddle-to-saddle) the flow could in
///   principle end at another KKT point; `biasflow analyze` reports the nearest one found beside it.
///
/// Contract: when |A| = |S| and Z_{S,A} is invertible the point is w_A = Z_{S,A}^{−1}1, computed
/// **exactly** in rationals, and accepted only if every margin is ≥ 1 exactly, it agrees with the
/// MPFR Newton solution, and the multipliers λ (MPFR) are ≥ 0; otherwise it is the MPFR Newton
/// solution at `precision` bits with the digits its 1.5p + 32-bit re-solve agrees to, and `w` holds
/// the exact binary values of that MPFR vector (so a caller working at fewer digits sees an error
/// ≤ 10^−verifiedDigits·‖w‖∞ from the limit, below its own tolerance when precision is chosen so).
public struct RichLimit: Sendable {
    /// `l1` or `kkt` (resolved for the depth).
    public var choice: RichLimitChoice
    public var depth: Int
    /// The point, as rationals (exact, or the exact binary value of the MPFR solution).
    public var w: [Rational]
    public var isExact: Bool
    /// Digits of `w` relative to ‖w‖∞ (a large cap when exact).
    public var verifiedDigits: Int
    /// 0-based support and tight set (empty for l1).
    public var support: [Int] = []
    public var tight: [Int] = []
    /// The KKT multipliers on the tight set (MPFR), and the worst residual of `KKTResidualCheck`.
    public var multipliers: [BigFloat] = []
    public var kktResidual: BigFloat?

    /// μ at which the sweep end is read, and the check point above it.
    public static let fineMu = Rational(1, 1_000_000)
    public static let coarseMu = Rational(1, 10_000)

    /// - Parameters:
    ///   - precision: bits of the KKT polish (choose ≥ the caller's digits + 30 decimal digits).
    ///   - sweepStepsPerDecade: grid density of the sweep path.
    public init(
        z: [[Rational]], depth: Int, choice: RichLimitChoice, precision: Int = 256,
        sweepStepsPerDecade: Int = 100
    ) throws(AnalysisError) {
        self.depth = depth
        self.choice = choice.resolved(depth: depth)
        if self.choice == .l1 {
            do { w = try LimitProblem(kind: .l1Margin, classificationRows: z).solve().w } catch { throw .limit(error) }
            isExact = true
            verifiedDigits = Int.max
            return
        }
        // The end of the sweep path.
        let ends: [RegularizedLimit]
        do {
            let problem = try RegularizedLimitProblem(classificationRows: z, depth: depth, mu: Self.fineMu)
            let path = try SweepPath(problem, stepsPerDecade: sweepStepsPerDecade, options: .init(precision: 192))
            ends = try path.solve(at: [Self.coarseMu, Self.fineMu])
        } catch { throw .limit(error) }
        let search = StationaryPointSearch(z: z, depth: depth, precision: precision)
        let polished = ends.map { search.nearest(to: $0.w.map { BigFloat($0, precision: precision) }) }
        guard let coarse = polished[0], let fine = polished[1] else {
            throw .richLimit("no l_{2/\(depth)} KKT point was found near the end of the sweep path (μ = 1e-4, 1e-6)")
        }
        guard coarse.support == fine.support, coarse.tight == fine.tight else {
            throw .richLimit(
                "the end of the sweep path is not settled: near μ = 1e-4 it polishes to the KKT point with support "
                    + "\(coarse.support.map { $0 + 1 }), tight set \(coarse.tight.map { $0 + 1 }), near μ = 1e-6 to support "
                    + "\(fine.support.map { $0 + 1 }), tight set \(fine.tight.map { $0 + 1 }); measure against the l1 limit ŵ₁ instead")
        }
        let point = fine.reference.w
        func distance(_ a: [BigFloat]) -> BigFloat {
            var s = BigFloat(precision: precision)
            for (x, y) in zip(a, point) {
                let e = BigFloat(x, precision: precision) - y
                s += e * e
            }
            return BigFloat.sqrt(s)
        }
        guard distance(ends[1].w) < distance(ends[0].w) else {
            throw .richLimit(
                "the sweep path does not approach the KKT point it polishes to (support \(fine.support.map { $0 + 1 })) "
                    + "between μ = 1e-4 and 1e-6; measure against the l1 limit ŵ₁ instead")
        }
        support = fine.support
        tight = fine.tight
        multipliers = fine.multipliers
        kktResidual = fine.kktResidual
        verifiedDigits = fine.verifiedDigits
        if let exact = Self.exactPoint(z: z, support: fine.support, tight: fine.tight, near: point, digits: fine.verifiedDigits),
            fine.multipliers.allSatisfy({ !$0.isNegative })
        {
            w = exact
            isExact = true
            verifiedDigits = Int.max
        } else {
            w = point.map(Self.rational)
            isExact = false
        }
    }

    /// w_A = Z_{S,A}^{−1}1 (zero off A) when |A| = |S|, Z_{S,A} is invertible, every margin is ≥ 1
    /// exactly and it agrees with `near` to `digits` − 2 digits (relative to ‖near‖∞); else nil.
    static func exactPoint(z: [[Rational]], support: [Int], tight: [Int], near: [BigFloat], digits: Int) -> [Rational]? {
        guard support.count == tight.count, !support.isEmpty else { return nil }
        let matrix = tight.map { n in support.map { z[n][$0] } }
        let ones = [Rational](repeating: Rational(1), count: tight.count)
        guard let solution = ExactLinearSystem.solve(matrix, rightHandSides: [ones])?.first else { return nil }
        var w = [Rational](repeating: Rational(), count: near.count)
        for (a, i) in support.enumerated() { w[i] = solution[a] }
        for row in z {
            var margin = Rational()
            for (zi, wi) in zip(row, w) { margin = margin + zi * wi }
            if margin < Rational(1) { return nil }
        }
        let p = near.first?.precision ?? 256
        let scale = near.map(\.magnitude).max() ?? BigFloat(precision: p)
        let tolerance = scale * BoundedValue.tenToMinus(Swift.max(1, digits - 2), precision: p)
        for (x, y) in zip(w, near) where (BigFloat(x, precision: p) - y).magnitude > tolerance { return nil }
        return w
    }

    /// The point as a reference vector at `precision` bits (exact rationals rounded once, or the
    /// MPFR value with its verified digits).
    public func reference(precision: Int) -> ReferenceVector {
        let kind: ReferenceKind = choice == .l1 ? .l1Margin : .l2dRichLimit
        if isExact { return ReferenceVector(kind: kind, exact: w, precision: precision) }
        return ReferenceVector(kind: kind, w: w.map { BigFloat($0, precision: precision) }, normwiseDigits: verifiedDigits)
    }

    /// The exact rational value of a finite MPFR number.
    static func rational(_ x: BigFloat) -> Rational {
        guard let (mantissa, exponent) = x.exactBinary else { return Rational() }
        // MPFR's mantissa is a decimal integer string, which `Rational(fraction:)` always reads.
        guard let m = try? Rational(fraction: mantissa) else { return Rational() }
        var power = Rational(1)
        for _ in 0..<abs(exponent) { power = power * Rational(2) }
        return exponent >= 0 ? m * power : m / power
    }
}
