import ArgumentParser
import Asymptotics
import Multiprecision

/// Reads the data a command's `--data` names, exactly: a CSV file, or `builtin:NAME` for a
/// built-in data set (`BuiltinDataSet`), turning errors into CLI errors that name file, line and
/// column (or, for an unknown built-in name, list the known ones).
enum DataLoading {
    static func table(_ spec: String) throws -> CSVTable {
        do { return try DataSource.table(spec) } catch { throw CLIError(error.description) }
    }

    static func classification(_ spec: String) throws -> ClassificationData {
        do { return try DataSource.classification(spec) } catch { throw CLIError(error.description) }
    }

    static func regression(_ spec: String) throws -> RegressionData {
        do { return try DataSource.regression(spec) } catch { throw CLIError(error.description) }
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
