import ArgumentParser
import Multiprecision

/// Reads the data file a command names, exactly, turning data-file errors into CLI errors that
/// name file, line and column.
enum DataLoading {
    static func classification(_ path: String) throws -> ClassificationData {
        do { return try ClassificationData(contentsOfFile: path) } catch { throw CLIError(error.description) }
    }

    static func regression(_ path: String) throws -> RegressionData {
        do { return try RegressionData(contentsOfFile: path) } catch { throw CLIError(error.description) }
    }

    /// Parses a comma-separated list of decimal literals (as typed on the command line).
    static func decimalList(_ text: String, option: String) throws -> [String] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: .whitespaces) }
        for item in items {
            do { _ = try BigFloat(item, precision: 64) } catch {
                throw CLIError("\(option): '\(item)' is not a decimal number")
            }
        }
        return items
    }
}

/// An error the CLI reports as one line on stderr with exit code 1.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

import Foundation
