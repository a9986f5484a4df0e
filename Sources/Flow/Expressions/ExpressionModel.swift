import Multiprecision

/// A separable model of the user's own (MATH.md §12.1): the predictor is Σ_i k_i(θ_i) x_i, each
/// coordinate i with its own block θ_i of the same named parameters, and k_i given by an
/// expression shared by a group of coordinates; the initialization direction θ* is given per
/// coordinate (a run starts at s·θ*).
///
/// Layout of the flat parameter vector: θ[i·p + a] is parameter a of coordinate i (p parameters).
///
/// Each group's k is compiled twice (`ExpressionProgram`): once with its exact symbolic gradient
/// (outputs k, ∂_1k … ∂_pk) and once with the gradient and the upper triangle of the Hessian
/// (outputs k, ∇k, ∂²_{ab}k for a ≤ b in row order). A parameter some k does not use has zero
/// derivatives there (it stays at its initial value along the flow).
public struct ExpressionModel: Sendable {
    /// One group of coordinates sharing an expression for k.
    public struct Group: Sendable {
        /// The coordinates (0-based, increasing).
        public let coordinates: [Int]
        public let text: String
        /// k's node in `graph`.
        public let root: Int
        /// The parameters k depends on (indices).
        public let dependencies: [Int]
    }

    public let parameters: [String]
    public let dimension: Int
    public let graph: ExpressionGraph
    public let groups: [Group]
    /// The group of each coordinate.
    public let groupOfCoordinate: [Int]
    /// θ*_i for each coordinate, in parameter order (exact).
    public let initialDirection: [[Rational]]
    /// Programs per group: (k, ∇k) and (k, ∇k, Hessian upper triangle).
    let firstOrder: [ExpressionProgram]
    let secondOrder: [ExpressionProgram]

    public var parameterCountPerCoordinate: Int { parameters.count }
    public var parameterCount: Int { dimension * parameters.count }

    /// - Parameters:
    ///   - parameters: the names of θ_i's entries.
    ///   - dimension: the number d of coordinates (features).
    ///   - coordinates: the groups, each a set of 0-based coordinates and the expression of k.
    ///   - initialization: groups of 0-based coordinates with a value for each parameter.
    /// - Throws: `ExpressionModelError` naming the group at fault.
    public init(
        parameters: [String], dimension: Int, coordinates: [(coordinates: [Int], k: String)],
        initialization: [(coordinates: [Int], values: [String: Rational])]
    ) throws(ExpressionModelError) {
        guard !parameters.isEmpty else { throw .invalidParameters("at least one parameter is needed") }
        var seen = Set<String>()
        for name in parameters {
            guard let first = name.first, first.isLetter || first == "_",
                name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
            else {
                throw .invalidParameters("'\(name)' is not a name (letters, digits and _, starting with a letter)")
            }
            guard ElementaryFunction(rawValue: name) == nil else { throw .invalidParameters("'\(name)' is the name of a function") }
            guard seen.insert(name).inserted else { throw .invalidParameters("'\(name)' is listed twice") }
        }
        guard dimension >= 1 else { throw .invalidParameters("the model needs at least one coordinate") }
        var graph = ExpressionGraph(parameters: parameters)
        var groups: [Group] = []
        var owner = [Int?](repeating: nil, count: dimension)
        for (g, entry) in coordinates.enumerated() {
            for i in entry.coordinates {
                guard i >= 0 && i < dimension else { throw .coordinateOutOfRange(group: g, coordinate: i + 1, dimension: dimension) }
                if let first = owner[i] { throw .coordinateCoveredTwice(coordinate: i + 1, group: g, firstGroup: first) }
                owner[i] = g
            }
            let root: Int
            do { root = try ExpressionParser.parse(entry.k, into: &graph) } catch { throw .expression(group: g, error) }
            let dependencies = graph.dependencies(root)
            guard !dependencies.isEmpty else { throw .constantPredictor(group: g) }
            groups.append(Group(coordinates: entry.coordinates.sorted(), text: entry.k, root: root, dependencies: dependencies))
        }
        if let missing = owner.firstIndex(where: { $0 == nil }) { throw .coordinateNotCovered(missing + 1) }
        var direction = [[Rational]?](repeating: nil, count: dimension)
        var initOwner = [Int?](repeating: nil, count: dimension)
        for (g, entry) in initialization.enumerated() {
            var values: [Rational] = []
            for name in parameters {
                guard let value = entry.values[name] else { throw .missingInitialValue(group: g, parameter: name) }
                values.append(value)
            }
            for i in entry.coordinates {
                guard i >= 0 && i < dimension else { throw .coordinateOutOfRange(group: g, coordinate: i + 1, dimension: dimension) }
                if let first = initOwner[i] { throw .initializationCoveredTwice(coordinate: i + 1, group: g, firstGroup: first) }
                initOwner[i] = g
                direction[i] = values
            }
        }
        if let missing = direction.firstIndex(where: { $0 == nil }) { throw .initializationNotCovered(missing + 1) }
        // Derivatives, shared across groups through the one graph.
        let p = parameters.count
        var first: [ExpressionProgram] = [], second: [ExpressionProgram] = []
        for group in groups {
            let gradient = (0..<p).map { graph.derivative(group.root, $0) }
            var hessian: [Int] = []
            for a in 0..<p { for b in a..<p { hessian.append(graph.derivative(gradient[a], b)) } }
            do {
                first.append(try ExpressionProgram(graph: graph, outputs: [group.root] + gradient))
                second.append(try ExpressionProgram(graph: graph, outputs: [group.root] + gradient + hessian))
            } catch { throw .expression(group: groups.count - 1, error) }
        }
        self.parameters = parameters
        self.dimension = dimension
        self.graph = graph
        self.groups = groups
        groupOfCoordinate = owner.map { $0! }
        initialDirection = direction.map { $0! }
        firstOrder = first
        secondOrder = second
    }

    /// The index of Hessian entry (a, b), a ≤ b, among the second-order program's outputs.
    func hessianOutput(_ a: Int, _ b: Int) -> Int {
        let p = parameters.count
        let (i, j) = a <= b ? (a, b) : (b, a)
        return 1 + p + i * p - i * (i - 1) / 2 + (j - i)
    }

    /// The program computing (k, ∇k, ∇²k upper triangle) of `group`.
    public func secondOrderProgram(group: Int) -> ExpressionProgram { secondOrder[group] }

    /// k_i(θ_i), ∇k_i and ∇²k_i at exact parameter values, where every operation has an exact
    /// rational result (nil otherwise): what the growth-time weights use at θ_i = 0.
    public func exactDerivatives(coordinate i: Int, at values: [Rational]) -> (
        value: Rational, gradient: [Rational], hessian: [[Rational]]
    )? {
        let p = parameters.count
        let outputs = secondOrder[groupOfCoordinate[i]].exactOutputs(at: values)
        guard outputs.allSatisfy({ $0 != nil }) else { return nil }
        let value = outputs[0]!
        let gradient = (0..<p).map { outputs[1 + $0]! }
        let hessian = (0..<p).map { a in (0..<p).map { b in outputs[hessianOutput(a, b)]! } }
        return (value, gradient, hessian)
    }

    /// k_i(θ_i), ∇k_i and ∇²k_i in MPFR at `precision` bits, at exact parameter values.
    public func derivatives(coordinate i: Int, at values: [Rational], precision: Int) -> (
        value: BigFloat, gradient: [BigFloat], hessian: [[BigFloat]]
    ) {
        let p = parameters.count
        let evaluator = secondOrder[groupOfCoordinate[i]].evaluator(precision: precision)
        evaluator.evaluate(BigVector(values, precision: precision))
        let gradient = (0..<p).map { evaluator.output(1 + $0) }
        let hessian = (0..<p).map { a in (0..<p).map { b in evaluator.output(hessianOutput(a, b)) } }
        return (evaluator.output(0), gradient, hessian)
    }

    /// The layers of coordinate i when its k is a product of distinct parameters, each to the
    /// first power (a deep diagonal network k = a_1 a_2 ⋯ a_L, MATH.md §12.1): their indices in
    /// the order they first appear; nil when k is not such a product.
    public func productLayers(coordinate i: Int) -> [Int]? {
        var layers: [Int] = []
        var stack = [groups[groupOfCoordinate[i]].root]
        while let n = stack.popLast() {
            switch graph.nodes[n] {
            case let .multiply(a, b): stack += [b, a]
            case let .parameter(q):
                if layers.contains(q) { return nil }
                layers.append(q)
            default: return nil
            }
        }
        return layers.count >= 2 ? layers.sorted() : nil
    }

    /// The conserved layer imbalances of the product coordinates at θ (MATH.md §12.1): for each
    /// coordinate whose k is a product a_1 ⋯ a_L (`productLayers`), a_j² − a_L² for j < L, with
    /// a_L the layer of smallest |θ*| (the first such); nil for other coordinates. Along gradient
    /// flow each is constant, d(a_j²)/dt = 2 k_i g_i for every layer j.
    public func layerImbalances(_ theta: BigVector) -> [[BigFloat]?] {
        let p = parameters.count
        return (0..<dimension).map { i -> [BigFloat]? in
            guard let layers = productLayers(coordinate: i) else { return nil }
            let last = referenceLayer(coordinate: i, layers: layers)
            let aL = theta[i * p + last]
            return layers.filter { $0 != last }.map { j in
                let aj = theta[i * p + j]
                return BigFloat.fusedMultiplyAdd(aj, aj, -(aL * aL))
            }
        }
    }

    /// The layer of smallest |θ*_{i,j}| among `layers` (the first of them on ties).
    public func referenceLayer(coordinate i: Int, layers: [Int]) -> Int {
        var best = layers[0]
        for j in layers.dropFirst() where initialDirection[i][j].magnitude < initialDirection[i][best].magnitude { best = j }
        return best
    }
}
