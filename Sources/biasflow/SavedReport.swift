import Foundation
import Datasets
import Multiprecision

/// Reads a report saved as JSON by `--format json`, with errors that name the file.
enum SavedReport {
    static func load<T: Decodable>(_ path: String) throws -> T {
        let bytes: [UInt8]
        do { bytes = try FileBytes.read(path) } catch { throw CLIError(error.description) }
        do { return try JSONDecoder().decode(T.self, from: Data(bytes)) } catch let error as DecodingError {
            throw CLIError("\(path): not a report saved with --format json (\(reason(error)))")
        } catch {
            throw CLIError("\(path): not a report saved with --format json")
        }
    }

    /// What is wrong, in one short phrase: the missing or mistyped key and where.
    static func reason(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.isEmpty ? "at the top level" : "at " + keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case let .keyNotFound(key, context): return "the key '\(key.stringValue)' is missing \(path(context.codingPath))"
        case let .typeMismatch(_, context): return "a value of the wrong type \(path(context.codingPath))"
        case let .valueNotFound(_, context): return "a missing value \(path(context.codingPath))"
        case let .dataCorrupted(context):
            return context.codingPath.isEmpty ? "not valid JSON" : "\(context.debugDescription) \(path(context.codingPath))"
        @unknown default: return "not the expected JSON"
        }
    }
}
