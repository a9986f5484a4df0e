import Multiprecision

/// Why a limit could not be computed. Infeasible data are answers, not crashes: they carry an exact
/// Farkas certificate that has been verified.
public enum LimitError: Error, CustomStringConvertible, Sendable {
    /// The classification data are not linearly separable through the origin.
    case notSeparable(FarkasCertificate)
    /// The regression system X w = y has no solution.
    case inconsistent(FarkasCertificate)
    /// Empty, ragged or mismatched data.
    case invalidData(String)
    /// A solver did not finish (iteration limit, singular system where none may be); says which.
    case solverFailed(String)

    public var description: String {
        switch self {
        case let .notSeparable(certificate):
            return "the data are not linearly separable through the origin: λ ≥ 0 with Σ λ_n z_n = 0 and Σ λ_n = 1 is "
                + "λ = [\(certificate.combination.map(\.description).joined(separator: ", "))]"
                + (certificate.isVerified ? " (verified exactly)" : " (NOT verified)")
        case let .inconsistent(certificate):
            return "the system X w = y has no solution: v with Xᵀv = 0 and yᵀv = 1 is "
                + "v = [\(certificate.combination.map(\.description).joined(separator: ", "))]"
                + (certificate.isVerified ? " (verified exactly)" : " (NOT verified)")
        case let .invalidData(what):
            return "invalid data: \(what)"
        case let .solverFailed(what):
            return "solver failed: \(what)"
        }
    }
}
