import Multiprecision

/// Reads an expression into an `ExpressionGraph`.
///
/// Grammar (precedence from low to high; `^` is right-associative and binds tighter than a
/// leading minus, so −a^2 = −(a^2)):
///
///     expression := term (("+" | "-") term)*
///     term       := unary (("*" | "/") unary)*
///     unary      := ("-" | "+") unary | power
///     power      := atom ("^" unary)?
///     atom       := number | parameter | function "(" expression ")" | "(" expression ")"
///
/// Numbers are decimal literals ("2", "0.7", "1e-3"), read exactly as rationals. The exponent of
/// `^` must reduce to a rational constant (a^2, a^(-1), a^(3/2)). "**" is accepted for "^" and
/// "−" (U+2212) for "-". Functions: `ElementaryFunction`.
///
/// Errors name the 1-based line and column inside the text.
public struct ExpressionParser {
    private let characters: [Character]
    private var position = 0
    private let names: [String: Int]
    private var depth = 0

    /// The longest expression accepted, in characters, and the deepest nesting of parentheses,
    /// unary signs and powers: bounds that keep the recursive parser and differentiation within
    /// the stack.
    public static let maximumLength = 5_000
    public static let maximumNesting = 400

    /// Parses `text` into `graph`, returning the root node.
    public static func parse(_ text: String, into graph: inout ExpressionGraph) throws(ExpressionError) -> Int {
        var parser = ExpressionParser(text: text, parameters: graph.parameters)
        guard parser.characters.count <= maximumLength else {
            throw ExpressionError(
                line: 1, column: 1, problem: "the expression has \(parser.characters.count) characters, more than \(maximumLength)")
        }
        let root = try parser.expression(&graph)
        parser.skipSpace()
        if parser.position < parser.characters.count {
            throw parser.error("unexpected '\(parser.characters[parser.position])' after a complete expression")
        }
        return root
    }

    private init(text: String, parameters: [String]) {
        characters = Array(text)
        var names: [String: Int] = [:]
        for (k, name) in parameters.enumerated() where names[name] == nil { names[name] = k }
        self.names = names
    }

    /// An error at `offset` (default: the current position).
    private func error(_ problem: String, at offset: Int? = nil) -> ExpressionError {
        let target = Swift.min(offset ?? position, characters.count)
        var line = 1, column = 1
        for c in characters[0..<target] {
            if c == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return ExpressionError(line: line, column: column, problem: problem)
    }

    private mutating func skipSpace() {
        while position < characters.count, characters[position].isWhitespace { position += 1 }
    }

    private mutating func peek() -> Character? {
        skipSpace()
        return position < characters.count ? characters[position] : nil
    }

    private mutating func accept(_ c: Character) -> Bool {
        guard peek() == c else { return false }
        position += 1
        return true
    }

    private mutating func acceptMinus() -> Bool { accept("-") || accept("\u{2212}") }

    private mutating func acceptPower() -> Bool {
        if accept("^") { return true }
        skipSpace()
        if position + 1 < characters.count, characters[position] == "*", characters[position + 1] == "*" {
            position += 2
            return true
        }
        return false
    }

    private mutating func expression(_ graph: inout ExpressionGraph) throws(ExpressionError) -> Int {
        var value = try term(&graph)
        while true {
            if accept("+") {
                value = graph.add(value, try term(&graph))
            } else if acceptMinus() {
                value = graph.subtract(value, try term(&graph))
            } else {
                return value
            }
        }
    }

    private mutating func term(_ graph: inout ExpressionGraph) throws(ExpressionError) -> Int {
        var value = try unary(&graph)
        while true {
            skipSpace()
            if position + 1 < characters.count, characters[position] == "*", characters[position + 1] == "*" { return value }
            if accept("*") {
                value = graph.multiply(value, try unary(&graph))
            } else if peek() == "/" {
                let at = position
                position += 1
                let divisor = try unary(&graph)
                guard let quotient = graph.divide(value, divisor) else { throw error("division by zero", at: at) }
                value = quotient
            } else {
                return value
            }
        }
    }

    private mutating func unary(_ graph: inout ExpressionGraph) throws(ExpressionError) -> Int {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumNesting else { throw error("the expression nests deeper than \(Self.maximumNesting) levels") }
        if acceptMinus() { return graph.negate(try unary(&graph)) }
        if accept("+") { return try unary(&graph) }
        return try power(&graph)
    }

    private mutating func power(_ graph: inout ExpressionGraph) throws(ExpressionError) -> Int {
        let base = try atom(&graph)
        skipSpace()
        let at = position
        guard acceptPower() else { return base }
        let exponentStart = peek() == nil ? position : position
        let exponent = try unary(&graph)
        guard let r = graph.constantValue(exponent) else {
            throw error(
                "the exponent must be a number (an integer or a rational such as (1/2)); variable exponents are not supported",
                at: exponentStart)
        }
        guard let result = graph.power(base, r) else { throw error("0 raised to the negative power \(r)", at: at) }
        return result
    }

    private mutating func atom(_ graph: inout ExpressionGraph) throws(ExpressionError) -> Int {
        guard let c = peek() else { throw error("the expression ends where a number, a parameter or '(' was expected") }
        let start = position
        if c == "(" {
            position += 1
            let inner = try expression(&graph)
            guard accept(")") else {
                throw error(peek() == nil ? "missing ')' for the '(' at column \(self.error("", at: start).column)" : "expected ')'")
            }
            return inner
        }
        if c.isASCII && (c.isNumber || c == ".") { return try number(&graph) }
        if c.isLetter || c == "_" {
            var end = position
            while end < characters.count, characters[end].isLetter || characters[end].isNumber || characters[end] == "_" { end += 1 }
            let name = String(characters[position..<end])
            position = end
            if peek() == "(" {
                guard let f = ElementaryFunction(rawValue: name) else {
                    throw error("unknown function '\(name)'; the functions are \(ElementaryFunction.names)", at: start)
                }
                position += 1
                let argument = try expression(&graph)
                guard accept(")") else { throw error("expected ')' to close \(name)(") }
                return graph.function(f, argument)
            }
            if let k = names[name] { return graph.parameter(k) }
            if ElementaryFunction(rawValue: name) != nil { throw error("the function \(name) needs an argument in parentheses", at: start) }
            let known =
                graph.parameters.isEmpty ? "no parameters are declared" : "the parameters are " + graph.parameters.joined(separator: ", ")
            throw error("unknown name '\(name)'; \(known)", at: start)
        }
        throw error("unexpected '\(c)' where a number, a parameter or '(' was expected")
    }

    private mutating func number(_ graph: inout ExpressionGraph) throws(ExpressionError) -> Int {
        let start = position
        var end = position
        while end < characters.count, characters[end].isASCII, characters[end].isNumber || characters[end] == "." { end += 1 }
        // An exponent: e or E, an optional sign, digits.
        if end < characters.count, characters[end] == "e" || characters[end] == "E" {
            var k = end + 1
            if k < characters.count, characters[k] == "+" || characters[k] == "-" { k += 1 }
            if k < characters.count, characters[k].isASCII, characters[k].isNumber {
                while k < characters.count, characters[k].isASCII, characters[k].isNumber { k += 1 }
                end = k
            }
        }
        let text = String(characters[start..<end])
        position = end
        do { return graph.constant(try Rational(decimal: text)) } catch {
            throw self.error("'\(text)' is not a decimal number", at: start)
        }
    }
}
