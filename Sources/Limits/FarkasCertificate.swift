import Multiprecision

/// An exact proof that a limit problem is infeasible (Farkas / Gordan alternative).
///
/// * Classification (Z w ≥ 1 infeasible): λ ≥ 0 with Zᵀλ = 0 and 1ᵀλ = 1, a convex combination
///   of the z_n that is zero; then every w has some z_nᵀw ≤ 0.
/// * Regression (X w = y inconsistent): v with Xᵀv = 0 and yᵀv = 1; then vᵀX w = 0 ≠ 1 = vᵀy.
///
/// `isVerified` is computed from the problem data in exact arithmetic by `check`, never trusted
/// from a solver.
public struct FarkasCertificate: Sendable {
    public let combination: [Rational]
    public let isVerified: Bool

    /// Normalises `combination` (1ᵀλ = 1, or yᵀv = 1) and verifies it exactly against `problem`.
    static func check(_ problem: LimitProblem, combination raw: [Rational]) -> FarkasCertificate {
        let data = problem.integerMatrix
        var normaliser = Rational()
        for (value, b) in zip(raw, problem.rhs) { normaliser.addProduct(value, b) }
        guard raw.count == problem.sampleCount, !normaliser.isZero else {
            return FarkasCertificate(combination: raw, isVerified: false)
        }
        let combination = raw.map { $0 / normaliser }
        let combined = data.multiplyTransposed(combination)
        var verified = combined.allSatisfy(\.isZero)
        if problem.kind.isClassification { verified = verified && combination.allSatisfy { $0.signum >= 0 } }
        return FarkasCertificate(combination: combination, isVerified: verified)
    }
}
