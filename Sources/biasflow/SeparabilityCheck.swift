import Asymptotics
import Flow
import Datasets
import Multiprecision

/// The CLI's use of the library's separability refusal (`Separability`): the error names the data.
enum SeparabilityCheck {
    static func requireSeparable(_ data: ClassificationData, loss: Loss) throws {
        do { try Separability.require(data.z) } catch { throw CLIError("\(data.source): \(error.description)") }
    }
}
