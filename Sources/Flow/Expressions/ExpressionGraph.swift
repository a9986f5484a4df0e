import Multiprecision

/// A DAG of expressions in a fixed list of parameters, with shared subexpressions: every node is
/// stored once (hash-consing), so equal subexpressions, and the many repeats that symbolic
/// differentiation produces, are one node evaluated once.
///
/// The builders simplify only by exact identities (x + 0 = x, x·1 = x, x·0 = 0, x^1 = x,
/// constant folding in exact rationals, exp(0) = 1 and the like), never by rounding, so the
/// derivatives built here are the exact symbolic derivatives. Operands of + and · are stored in
/// index order, so a + b and b + a are one node.
public struct ExpressionGraph: Sendable {
    /// The parameter names, in index order.
    public let parameters: [String]
    /// The nodes in topological order: each refers only to nodes before it.
    public private(set) var nodes: [ExpressionNode] = []
    private var index: [ExpressionNode: Int] = [:]
    /// d(node)/d(parameter) already built, keyed by node · parameterCount + parameter.
    private var derivatives: [Int: Int] = [:]

    public init(parameters: [String]) {
        self.parameters = parameters
    }

    /// The node's index, adding it if it is new.
    private mutating func intern(_ node: ExpressionNode) -> Int {
        if let existing = index[node] { return existing }
        nodes.append(node)
        index[node] = nodes.count - 1
        return nodes.count - 1
    }

    /// The exact value of a node that is a constant.
    public func constantValue(_ node: Int) -> Rational? {
        if case let .constant(value) = nodes[node] { return value }
        return nil
    }

    // MARK: builders

    public mutating func constant(_ value: Rational) -> Int { intern(.constant(value)) }

    public mutating func parameter(_ k: Int) -> Int {
        precondition(k >= 0 && k < parameters.count, "parameter \(k) of \(parameters.count)")
        return intern(.parameter(k))
    }

    public mutating func add(_ a: Int, _ b: Int) -> Int {
        if let x = constantValue(a), let y = constantValue(b) { return constant(x + y) }
        if constantValue(a)?.isZero == true { return b }
        if constantValue(b)?.isZero == true { return a }
        // exp(x) − 1 = expm1(x): no cancellation at small x.
        for (c, other) in [(a, b), (b, a)] where constantValue(c) == Rational(-1) {
            if case let .function(.exp, x) = nodes[other] { return function(.expm1, x) }
        }
        return intern(.add(Swift.min(a, b), Swift.max(a, b)))
    }

    public mutating func negate(_ a: Int) -> Int {
        if let x = constantValue(a) { return constant(-x) }
        if case let .negate(inner) = nodes[a] { return inner }
        return intern(.negate(a))
    }

    public mutating func subtract(_ a: Int, _ b: Int) -> Int { add(a, negate(b)) }

    public mutating func multiply(_ a: Int, _ b: Int) -> Int {
        if let x = constantValue(a), let y = constantValue(b) { return constant(x * y) }
        if constantValue(a)?.isZero == true || constantValue(b)?.isZero == true { return constant(Rational()) }
        if constantValue(a) == Rational(1) { return b }
        if constantValue(b) == Rational(1) { return a }
        if constantValue(a) == Rational(-1) { return negate(b) }
        if constantValue(b) == Rational(-1) { return negate(a) }
        return intern(.multiply(Swift.min(a, b), Swift.max(a, b)))
    }

    /// a / b; nil when b is the constant 0.
    public mutating func divide(_ a: Int, _ b: Int) -> Int? {
        if let y = constantValue(b) {
            if y.isZero { return nil }
            return multiply(a, constant(y.reciprocal))
        }
        if constantValue(a)?.isZero == true { return constant(Rational()) }
        return intern(.divide(a, b))
    }

    /// a^r for an exact rational r; nil when a is the constant 0 and r < 0.
    public mutating func power(_ a: Int, _ r: Rational) -> Int? {
        if r.isZero { return constant(Rational(1)) }
        if r == Rational(1) { return a }
        if let x = constantValue(a) {
            if x.isZero { return r.signum < 0 ? nil : constant(Rational()) }
            if r.isInteger, let n = Int(r.numeratorString), n.magnitude <= 64 {
                var value = Rational(1)
                for _ in 0..<n.magnitude { value = value * x }
                return constant(n < 0 ? value.reciprocal : value)
            }
            if r == Rational(1, 2), let root = ExactRoot.squareRoot(x) { return constant(root) }
        }
        if case let .power(inner, s) = nodes[a], s.isInteger, r.isInteger {
            // (x^m)^n = x^(mn) for integers m, n (no branch question).
            return power(inner, s * r)
        }
        return intern(.power(a, r))
    }

    /// f(a), folded where the value is an exact rational (exp 0 = 1, log 1 = 0, sqrt of a square…).
    public mutating func function(_ f: ElementaryFunction, _ a: Int) -> Int {
        if let x = constantValue(a), let value = ExactRoot.exactValue(f, x) { return constant(value) }
        // log(1 + x) = log1p(x).
        if f == .log, case let .add(u, v) = nodes[a] {
            if constantValue(u) == Rational(1) { return function(.log1p, v) }
            if constantValue(v) == Rational(1) { return function(.log1p, u) }
        }
        return intern(.function(f, a))
    }

    // MARK: derivatives

    /// The node of d(node)/d(parameter k), built once and shared.
    public mutating func derivative(_ node: Int, _ k: Int) -> Int {
        let key = node * parameters.count + k
        if let known = derivatives[key] { return known }
        let zero = constant(Rational())
        let result: Int
        switch nodes[node] {
        case .constant: result = zero
        case let .parameter(q): result = q == k ? constant(Rational(1)) : zero
        case let .add(a, b): result = add(derivative(a, k), derivative(b, k))
        case let .negate(a): result = negate(derivative(a, k))
        case let .multiply(a, b):
            let da = derivative(a, k), db = derivative(b, k)
            result = add(multiply(da, b), multiply(a, db))
        case let .divide(a, b):
            // (a/b)' = (a' − (a/b)·b')/b, reusing the quotient node.
            let da = derivative(a, k), db = derivative(b, k)
            result = divide(subtract(da, multiply(node, db)), b) ?? zero
        case let .power(a, r):
            let da = derivative(a, k)
            if constantValue(da)?.isZero == true {
                result = zero
                break
            }
            let lowered = power(a, r - Rational(1)) ?? zero
            result = multiply(multiply(constant(r), lowered), da)
        case let .function(f, a):
            let da = derivative(a, k)
            if constantValue(da)?.isZero == true {
                result = zero
                break
            }
            let outer: Int
            switch f {
            case .exp: outer = node
            case .log: outer = divide(constant(Rational(1)), a) ?? zero
            case .sinh: outer = function(.cosh, a)
            case .cosh: outer = function(.sinh, a)
            case .tanh: outer = subtract(constant(Rational(1)), multiply(node, node))
            case .sqrt: outer = divide(constant(Rational(1, 2)), node) ?? zero
            case .sin: outer = function(.cos, a)
            case .cos: outer = negate(function(.sin, a))
            case .expm1: outer = function(.exp, a)
            case .log1p: outer = divide(constant(Rational(1)), add(constant(Rational(1)), a)) ?? zero
            }
            result = multiply(outer, da)
        }
        derivatives[key] = result
        return result
    }

    /// The parameters a node depends on (sorted indices).
    public func dependencies(_ node: Int) -> [Int] {
        var seen = Set<Int>(), found = Set<Int>()
        var stack = [node]
        while let n = stack.popLast() {
            guard seen.insert(n).inserted else { continue }
            switch nodes[n] {
            case .constant: break
            case let .parameter(q): found.insert(q)
            case let .add(a, b), let .multiply(a, b), let .divide(a, b): stack += [a, b]
            case let .negate(a), let .power(a, _), let .function(_, a): stack.append(a)
            }
        }
        return found.sorted()
    }
}
