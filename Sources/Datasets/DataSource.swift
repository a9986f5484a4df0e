import Multiprecision

/// Where a command's `--data` comes from: a CSV file path, or `builtin:NAME` for a built-in data set.
public enum DataSource {
    public static let builtinPrefix = "builtin:"

    /// Why a data source cannot be read; the description names the file (line, column) or the
    /// unknown built-in name together with the known ones.
    public enum Failure: Error, CustomStringConvertible {
        case file(DataFileError)
        case unknownBuiltin(name: String)

        public var description: String {
            switch self {
            case let .file(error): return error.description
            case let .unknownBuiltin(name):
                return "builtin:\(name): no built-in data set of that name; the built-in data sets are "
                    + BuiltinDataSet.names.map { "builtin:" + $0 }.joined(separator: ", ")
            }
        }
    }

    /// The built-in data set `spec` names, nil when `spec` is a file path.
    public static func builtin(_ spec: String) throws(Failure) -> BuiltinDataSet? {
        guard spec.hasPrefix(builtinPrefix) else { return nil }
        let name = String(spec.dropFirst(builtinPrefix.count))
        guard let set = BuiltinDataSet.named(name) else { throw .unknownBuiltin(name: name) }
        return set
    }

    /// The exact table `spec` names (file or built-in).
    public static func table(_ spec: String) throws(Failure) -> CSVTable {
        if let set = try builtin(spec) { return set.table }
        do { return try CSVTable(contentsOfFile: spec) } catch { throw .file(error) }
    }

    /// Classification data (labels ±1) from `spec`.
    public static func classification(_ spec: String) throws(Failure) -> ClassificationData {
        let exact = try table(spec)
        do { return try ClassificationData(exact) } catch { throw .file(error) }
    }

    /// Regression data (last column the target) from `spec`.
    public static func regression(_ spec: String) throws(Failure) -> RegressionData {
        RegressionData(try table(spec))
    }
}
