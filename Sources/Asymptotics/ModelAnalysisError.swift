/// Why a model of the user's own could not be analysed or run (weights, saddles, limits, flow),
/// in words a user can act on.
public struct ModelAnalysisError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
