import Foundation

/// Reads a report saved as JSON by `--format json`, with errors that name the file.
enum SavedReport {
    static func load<T: Decodable>(_ path: String) throws -> T {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw CLIError("\(path): cannot read the file (\(error.localizedDescription))")
        }
        do { return try JSONDecoder().decode(T.self, from: data) } catch {
            throw CLIError("\(path): not a report saved with --format json: \(error)")
        }
    }
}
