import Multiprecision

/// Why a linear program has no optimal solution, with an exact certificate, or why it could not
/// be read or solved.
public enum LinearProgramError: Error, CustomStringConvertible, Sendable {
    /// Ax = b, x ≥ 0 has no solution: y with Aᵀy ≤ 0 and bᵀy = 1 (verified exactly), since then
    /// yᵀAx ≤ 0 < 1 = yᵀb for every x ≥ 0.
    case infeasible(farkas: [Rational], verified: Bool)
    /// cᵀx is unbounded below on the feasible set: a feasible point x₀ and a ray r ≥ 0 with Ar = 0
    /// and cᵀr = −1 (verified exactly).
    case unbounded(point: [Rational], ray: [Rational], verified: Bool)
    /// Bad data: `file:line: problem` when it comes from a file.
    case invalidData(String)
    /// The simplex method did not finish (iteration limit).
    case solverFailed(String)

    public var description: String {
        switch self {
        case let .infeasible(y, verified):
            return "the LP is infeasible: y = [\(y.map(\.description).joined(separator: ", "))] has Aᵀy ≤ 0 and bᵀy = 1"
                + (verified ? " (Farkas certificate, verified exactly)" : " (NOT verified)")
        case let .unbounded(_, ray, verified):
            return "the LP is unbounded: the ray r = [\(ray.map(\.description).joined(separator: ", "))] has r ≥ 0, Ar = 0, cᵀr = −1"
                + (verified ? " (verified exactly, with a feasible point)" : " (NOT verified)")
        case let .invalidData(what):
            return what
        case let .solverFailed(what):
            return "simplex failed: \(what)"
        }
    }
}
