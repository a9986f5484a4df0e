import Flow
import Foundation
import Multiprecision
import Yams

/// Reads a model of the user's own (MATH.md §12.1) from YAML into an `ExpressionModel`. Every
/// scalar is read as text: numbers are exact rationals. Errors carry the file, line and column of
/// the offending node (from Yams' marks; inside an expression, of the offending character).
///
/// ```yaml
/// parameters: [a, b, c]                 # the parameters θ_i of each coordinate
/// coordinates:                          # k_i(θ_i), one expression per group of coordinates
///   - where: "1-2"                      # 1-based coordinates: "3", "1-2", "1,3-4" or "all"
///     k: 2*a*b + (a^2 + b^2 + c^2)*c
///   - where: "3-4"
///     k: a*tanh(a) - (exp(b) - 1)^2
/// init:                                 # the initialization direction θ*; a run uses s·θ*
///   - where: "all"
///     a: 0.7
///     b: -0.4
///     c: 0.3
/// ```
///
/// Refused: unknown keys or names, expression syntax errors, a coordinate no group covers or two
/// groups cover (for `coordinates` and for `init`), an init group without a value for some
/// parameter, a k that depends on none of the parameters. A parameter that some k does not use is
/// allowed (it keeps its initial value along the flow).
public enum ModelFileParser {
    static let keys = ["parameters", "coordinates", "init"]

    /// Reads the model file at `path` for data with `dimension` features.
    public static func load(path: String, dimension: Int) throws(ExperimentError) -> ExpressionModel {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ExperimentError(
                file: path, problem: FileManager.default.fileExists(atPath: path) ? "cannot be read as UTF-8 text" : "no such file")
        }
        return try parse(text, source: path, dimension: dimension)
    }

    /// Reads a model held in `text`; `source` names it in errors.
    public static func parse(_ text: String, source: String, dimension: Int) throws(ExperimentError) -> ExpressionModel {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch let error as YamlError {
            throw ExperimentParser.syntaxError(error, source: source)
        } catch {
            throw ExperimentError(file: source, problem: "YAML syntax error: \(error)")
        }
        guard let root, case let .mapping(mapping) = root else {
            throw ExperimentError(
                file: source, line: root?.mark?.line, column: root?.mark?.column,
                problem: "a model file is a YAML mapping with the keys parameters, coordinates, init")
        }
        var fields: [String: (key: Node, value: Node)] = [:]
        for (keyNode, value) in mapping {
            guard case let .scalar(key) = keyNode else { throw error(source, keyNode, "keys must be plain words") }
            guard keys.contains(key.string) else {
                throw error(source, keyNode, "unknown key '\(key.string)'; the keys are " + keys.joined(separator: ", "))
            }
            guard fields[key.string] == nil else { throw error(source, keyNode, "'\(key.string)' is given twice") }
            fields[key.string] = (keyNode, value)
        }
        for key in keys where fields[key] == nil {
            throw ExperimentError(file: source, line: root.mark?.line, column: root.mark?.column, problem: "missing key '\(key)'")
        }
        // Parameters.
        let parameterNode = fields["parameters"]!.value
        guard case let .sequence(parameterList) = parameterNode, !parameterList.isEmpty else {
            throw error(source, parameterNode, "parameters: give a list of names, e.g. [a, b]")
        }
        var parameters: [String] = []
        for node in parameterList {
            guard case let .scalar(name) = node else { throw error(source, node, "parameters: each entry is a name") }
            parameters.append(name.string)
        }
        // Coordinate groups.
        let coordinateNode = fields["coordinates"]!.value
        let coordinateGroups = try groups(coordinateNode, source, "coordinates")
        var coordinates: [(coordinates: [Int], k: String)] = []
        var kNodes: [Node] = [], whereNodes: [Node] = []
        for group in coordinateGroups {
            var whereNode: Node?, kNode: Node?
            for (keyNode, value) in group.mapping {
                guard case let .scalar(key) = keyNode else { throw error(source, keyNode, "keys must be plain words") }
                switch key.string {
                case "where": whereNode = value
                case "k": kNode = value
                default: throw error(source, keyNode, "unknown key '\(key.string)' in a coordinate group; the keys are where, k")
                }
            }
            guard let whereNode else { throw error(source, group.node, "a coordinate group needs 'where' (e.g. \"1-2\" or \"all\")") }
            guard let kNode, case let .scalar(k) = kNode else {
                throw error(source, kNode ?? group.node, "a coordinate group needs 'k', an expression")
            }
            coordinates.append((try selection(whereNode, source, dimension), k.string))
            kNodes.append(kNode)
            whereNodes.append(whereNode)
        }
        // Initialization groups.
        let initNode = fields["init"]!.value
        let initGroups = try groups(initNode, source, "init")
        var initialization: [(coordinates: [Int], values: [String: Rational])] = []
        var initWhereNodes: [Node] = []
        for group in initGroups {
            var whereNode: Node?
            var values: [String: Rational] = [:]
            for (keyNode, value) in group.mapping {
                guard case let .scalar(key) = keyNode else { throw error(source, keyNode, "keys must be plain words") }
                if key.string == "where" {
                    whereNode = value
                    continue
                }
                guard parameters.contains(key.string) else {
                    throw error(
                        source, keyNode,
                        "unknown name '\(key.string)' in an init group; the parameters are " + parameters.joined(separator: ", "))
                }
                guard values[key.string] == nil else { throw error(source, keyNode, "'\(key.string)' is given twice") }
                guard case let .scalar(number) = value, let exact = exactNumber(number.string) else {
                    throw error(source, value, "\(key.string): expected a decimal number or p/q (read exactly)")
                }
                values[key.string] = exact
            }
            guard let whereNode else { throw error(source, group.node, "an init group needs 'where' (e.g. \"1\" or \"all\")") }
            initialization.append((try selection(whereNode, source, dimension), values))
            initWhereNodes.append(whereNode)
        }
        do {
            return try ExpressionModel(
                parameters: parameters, dimension: dimension, coordinates: coordinates, initialization: initialization)
        } catch {
            switch error {
            case .invalidParameters: throw self.error(source, parameterNode, error.description)
            case let .expression(group, inner): throw expressionError(source, kNodes[group], inner)
            case let .constantPredictor(group):
                throw self.error(
                    source, kNodes[group],
                    "k depends on none of the parameters " + parameters.joined(separator: ", ") + ", so gradient flow cannot move it")
            case .coordinateNotCovered: throw self.error(source, fields["coordinates"]!.key, error.description)
            case let .coordinateCoveredTwice(_, group, _): throw self.error(source, whereNodes[group], error.description)
            case .initializationNotCovered: throw self.error(source, fields["init"]!.key, error.description)
            case let .initializationCoveredTwice(_, group, _): throw self.error(source, initWhereNodes[group], error.description)
            case let .missingInitialValue(group, _): throw self.error(source, initGroups[group].node, error.description)
            case let .coordinateOutOfRange(group, _, _):
                throw self.error(source, whereNodes.indices.contains(group) ? whereNodes[group] : root, error.description)
            }
        }
    }

    /// A decimal literal or p/q, exact.
    static func exactNumber(_ text: String) -> Rational? {
        if text.contains("/") { return try? Rational(fraction: text) }
        return try? Rational(decimal: text)
    }

    private static func groups(_ node: Node, _ source: String, _ key: String) throws(ExperimentError) -> [(
        node: Node, mapping: Node.Mapping
    )] {
        guard case let .sequence(list) = node, !list.isEmpty else {
            throw error(source, node, "\(key): give a list of groups, each a mapping with 'where'")
        }
        var result: [(node: Node, mapping: Node.Mapping)] = []
        for item in list {
            guard case let .mapping(mapping) = item else { throw error(source, item, "\(key): each group is a mapping with 'where'") }
            result.append((item, mapping))
        }
        return result
    }

    /// "all", or comma-separated 1-based coordinates and ranges a-b, as 0-based indices.
    static func selection(_ node: Node, _ source: String, _ dimension: Int) throws(ExperimentError) -> [Int] {
        guard case let .scalar(scalar) = node else { throw error(source, node, "where: expected \"all\", \"3\", \"1-2\" or \"1,3-4\"") }
        let text = scalar.string.trimmingCharacters(in: .whitespaces)
        if text == "all" { return Array(0..<dimension) }
        var result: [Int] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard bounds.count == 1 || bounds.count == 2, let low = bounds.first!, let high = bounds.last!, low >= 1, high >= low else {
                throw error(source, node, "where: '\(part)' is not a coordinate or a range a-b of 1-based coordinates")
            }
            guard high <= dimension else {
                throw error(source, node, "where: coordinate \(high) is outside 1…\(dimension) (the data have \(dimension) features)")
            }
            for i in low...high {
                guard !result.contains(i - 1) else { throw error(source, node, "where: coordinate \(i) is listed twice") }
                result.append(i - 1)
            }
        }
        return result
    }

    static func error(_ source: String, _ node: Node, _ problem: String) -> ExperimentError {
        ExperimentError(file: source, line: node.mark?.line, column: node.mark?.column, problem: problem)
    }

    /// An expression error placed in the file: for a plain or quoted one-line scalar the column is
    /// exact; for block scalars (| and >) the line counts from the line after the indicator.
    static func expressionError(_ source: String, _ node: Node, _ inner: ExpressionError) -> ExperimentError {
        guard case let .scalar(scalar) = node, let mark = node.mark else {
            return ExperimentError(file: source, problem: "k: \(inner.problem)")
        }
        switch scalar.style {
        case .literal, .folded:
            return ExperimentError(
                file: source, line: mark.line + inner.line, column: nil,
                problem: "k: \(inner.problem) (column \(inner.column) of the expression)")
        case .singleQuoted, .doubleQuoted:
            return ExperimentError(
                file: source, line: mark.line + inner.line - 1, column: inner.line == 1 ? mark.column + inner.column : nil,
                problem: "k: \(inner.problem)")
        default:
            return ExperimentError(
                file: source, line: mark.line + inner.line - 1, column: inner.line == 1 ? mark.column + inner.column - 1 : nil,
                problem: "k: \(inner.problem)")
        }
    }
}
