import CMPFR
import Multiprecision

/// Some outputs of an `ExpressionGraph` compiled to a straight-line program over the nodes they
/// need (each shared node once, in topological order). Immutable and `Sendable`: one program is
/// shared by every thread, and each thread evaluates through its own `ExpressionEvaluator`, which
/// carries the precision and the storage.
public struct ExpressionProgram: Sendable {
    /// One instruction: the slot it writes is its position in `instructions`.
    enum Instruction: Sendable {
        case constant(Rational)
        case parameter(Int)
        case add(Int, Int)
        case multiply(Int, Int)
        case negate(Int)
        case divide(Int, Int)
        /// x^n, n an integer.
        case integerPower(Int, Int)
        /// x^(p/q), q ≥ 2: the real q-th root (negative x allowed for odd q) to the power p.
        case rationalPower(Int, numerator: Int, denominator: Int)
        case function(ElementaryFunction, Int)
    }

    let instructions: [Instruction]
    /// The slot of each output.
    public let outputSlots: [Int]
    public let parameterCount: Int

    public var outputCount: Int { outputSlots.count }
    /// The number of slots an evaluation writes (the DAG nodes the outputs need).
    public var slotCount: Int { instructions.count }

    /// Compiles `outputs` (node indices of `graph`).
    /// - Throws: `ExpressionError` (at 1:1) when a rational exponent's numerator or denominator
    ///   does not fit a machine integer.
    public init(graph: ExpressionGraph, outputs: [Int]) throws(ExpressionError) {
        var needed = Set<Int>()
        var stack = outputs
        while let n = stack.popLast() {
            guard needed.insert(n).inserted else { continue }
            switch graph.nodes[n] {
            case .constant, .parameter: break
            case let .add(a, b), let .multiply(a, b), let .divide(a, b): stack += [a, b]
            case let .negate(a), let .power(a, _), let .function(_, a): stack.append(a)
            }
        }
        let order = needed.sorted()
        var slot: [Int: Int] = [:]
        var instructions: [Instruction] = []
        for n in order {
            let instruction: Instruction
            switch graph.nodes[n] {
            case let .constant(value): instruction = .constant(value)
            case let .parameter(k): instruction = .parameter(k)
            case let .add(a, b): instruction = .add(slot[a]!, slot[b]!)
            case let .multiply(a, b): instruction = .multiply(slot[a]!, slot[b]!)
            case let .negate(a): instruction = .negate(slot[a]!)
            case let .divide(a, b): instruction = .divide(slot[a]!, slot[b]!)
            case let .power(a, r):
                guard let p = Int(r.numeratorString), let q = Int(r.denominatorString), p.magnitude < (1 << 40), q < (1 << 40) else {
                    throw ExpressionError(line: 1, column: 1, problem: "the exponent \(r) is too large")
                }
                instruction = q == 1 ? .integerPower(slot[a]!, p) : .rationalPower(slot[a]!, numerator: p, denominator: q)
            case let .function(f, a): instruction = .function(f, slot[a]!)
            }
            slot[n] = instructions.count
            instructions.append(instruction)
        }
        self.instructions = instructions
        outputSlots = outputs.map { slot[$0]! }
        parameterCount = graph.parameters.count
    }

    /// A fresh evaluator at `precision` bits (constants rounded once, to nearest).
    public func evaluator(precision: Int) -> ExpressionEvaluator { ExpressionEvaluator(program: self, precision: precision) }

    /// The outputs at rational parameter values, each exact when every operation it needs has an
    /// exact rational result (see `ExactRoot`), else nil (also nil outside the domain, e.g. 1/0).
    public func exactOutputs(at parameters: [Rational]) -> [Rational?] {
        precondition(parameters.count == parameterCount, "\(parameters.count) values for \(parameterCount) parameters")
        var values = [Rational?]()
        values.reserveCapacity(instructions.count)
        for instruction in instructions {
            let value: Rational?
            switch instruction {
            case let .constant(c): value = c
            case let .parameter(k): value = parameters[k]
            case let .add(a, b): value = values[a].flatMap { x in values[b].map { x + $0 } }
            case let .multiply(a, b): value = values[a].flatMap { x in values[b].map { x * $0 } }
            case let .negate(a): value = values[a].map { -$0 }
            case let .divide(a, b):
                if let x = values[a], let y = values[b], !y.isZero { value = x / y } else { value = nil }
            case let .integerPower(a, n):
                if let x = values[a], !(x.isZero && n < 0), n.magnitude <= 4096 {
                    var result = Rational(1)
                    for _ in 0..<n.magnitude { result = result * x }
                    value = n < 0 ? result.reciprocal : result
                } else {
                    value = nil
                }
            case let .rationalPower(a, p, q):
                if q == 2, let x = values[a], let root = ExactRoot.squareRoot(x), !(root.isZero && p < 0), p.magnitude <= 4096 {
                    var result = Rational(1)
                    for _ in 0..<p.magnitude { result = result * root }
                    value = p < 0 ? result.reciprocal : result
                } else {
                    value = nil
                }
            case let .function(f, a): value = values[a].flatMap { ExactRoot.exactValue(f, $0) }
            }
            values.append(value)
        }
        return outputSlots.map { values[$0] }
    }
}
