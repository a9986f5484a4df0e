/// Why a sweep cannot run, resume, merge or be tabulated. Every message names the directory or
/// file and the grid point concerned.
public struct SweepError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
