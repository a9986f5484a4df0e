import ArgumentParser
import Asymptotics
import Foundation
import Datasets
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

    /// Refuses a `--digits` request outside the one range every command accepts
    /// (`Precision.decimalDigitRange`).
    static func requireDigits(_ digits: Int) throws {
        guard Precision.decimalDigitRange.contains(digits) else {
            throw CLIError("--digits \(digits): give between 1 and \(Precision.maximumDecimalDigits) significant digits")
        }
    }

    /// Checks a comma-separated list of decimal literals (as typed on the command line): each item
    /// must be an exact decimal (no NaN, no infinity, no empty item). Returns the trimmed items.
    static func decimalList(_ text: String, option: String) throws -> [String] {
        try exactList(text, option: option).map(\.text)
    }

    /// A comma-separated list of decimal literals as exact rationals (with their texts).
    static func exactList(_ text: String, option: String) throws -> [(text: String, value: Rational)] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: .whitespaces) }
        return try items.map { item in
            do throws(MultiprecisionError) { return (item, try Rational(decimal: item)) } catch {
                guard !item.isEmpty else { throw CLIError("\(option): an empty item: give decimal numbers separated by commas") }
                var reason = error.description
                if case let .malformedNumber(_, why) = error { reason = why }
                throw CLIError("\(option): '\(OptionText.short(item))' is not a number: \(reason)")
            }
        }
    }

    /// A comma-separated list of decimal literals as exact rationals.
    static func rationalList(_ text: String, option: String) throws -> [Rational] {
        try exactList(text, option: option).map(\.value)
    }

    /// A comma-separated list of file paths, none empty.
    static func pathList(_ text: String, option: String) throws -> [String] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard !items.isEmpty, !items.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            throw CLIError("\(option): give one or more file paths, comma-separated (an empty path names no file)")
        }
        return items
    }
}

/// Option text as quoted in messages: at most 40 characters.
enum OptionText {
    static func short(_ text: String) -> String {
        text.count > 40 ? String(text.prefix(37)) + "..." : text
    }
}

/// An error the CLI reports as one line on stderr with exit code 1.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

import Foundation
