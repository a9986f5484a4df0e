import Flow
import Limits
import Multiprecision

/// The refusal of classification data that are not linearly separable through the origin before
/// a margin loss is driven to τ → ∞: the loss then has a positive infimum and no checkpoint beyond
/// it exists. The proof is the exact Farkas certificate of the l1-margin LP (`Limits`), quoted in
/// the `FlowError.notSeparable` thrown.
public enum Separability {
    /// Returns when `z` (rows z_n = y_n x_n) is separable through the origin.
    /// - Throws: `FlowError.notSeparable` with the certificate λ (Σ λ_n z_n = 0), or
    ///   `FlowError.incompatibleLoss` when the check itself fails.
    public static func require(_ z: [[Rational]]) throws(FlowError) {
        do {
            _ = try LimitProblem(kind: .l1Margin, classificationRows: z).solve()
        } catch let LimitError.notSeparable(certificate) {
            throw .notSeparable(
                "exact certificate: the convex combination λ = [" + certificate.combination.map(\.description).joined(separator: ", ")
                    + "] of the rows z_n = y_n x_n is 0" + (certificate.isVerified ? " (verified exactly)" : " (NOT verified)"))
        } catch {
            throw .incompatibleLoss("the separability check failed: \(error)")
        }
    }
}
