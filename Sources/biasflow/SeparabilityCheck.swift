import Flow
import Limits
import Multiprecision

/// Refuses classification data that are not linearly separable through the origin before a
/// margin loss is driven to τ → ∞: the loss then has a positive infimum and no checkpoint beyond
/// it exists. The proof is the exact Farkas certificate of the l1-margin LP (`Limits`).
enum SeparabilityCheck {
    static func requireSeparable(_ data: ClassificationData, loss: Loss) throws {
        do {
            _ = try LimitProblem(kind: .l1Margin, classificationRows: data.z).solve()
        } catch let LimitError.notSeparable(certificate) {
            throw CLIError("\(data.source): the data are not linearly separable through the origin, so the \(loss.rawValue) loss "
                + "cannot be driven to 0 (τ → ∞). Exact certificate: the convex combination λ = ["
                + certificate.combination.map(\.description).joined(separator: ", ") + "] of the rows z_n = y_n x_n is 0"
                + (certificate.isVerified ? " (verified exactly)." : " (NOT verified)."))
        } catch {
            throw CLIError("\(data.source): \(error)")
        }
    }
}
