import Multiprecision

/// The finite-scale limits of MATH.md §2.3 and §3.3:
///
/// * classification: argmin Q^D_μ(w) subject to Z w ≥ 1, with Q^D_μ(w) = μ Σ_i q_D(w_i/μ);
/// * regression: argmin Q^D_μ(w) subject to X w = y, where μ = α^D (Woodworth's Q^D_α).
///
/// Both are solved through their smooth concave duals (MATH.md §2.5, §3.5),
/// max 1ᵀλ − μ Σ q_D^*((Zᵀλ)_i) over λ ≥ 0 (resp. yᵀν − μ Σ q_D^*((Xᵀν)_i) over all ν), with
/// w = μ h_D(Zᵀλ), by `DualNewtonSolver`.
public struct RegularizedLimitProblem: Sendable {
    public enum Constraint: Sendable { case margins, interpolation }

    public let constraint: Constraint
    /// Z or X, exact.
    public let matrix: [[Rational]]
    /// 1 (margins) or y (interpolation), exact.
    public let rhs: [Rational]
    public let depth: Int
    /// μ > 0, exact (a decimal literal is exact).
    public let mu: Rational

    public var sampleCount: Int { matrix.count }
    public var featureCount: Int { matrix.first?.count ?? 0 }

    /// argmin Q^D_μ subject to Z w ≥ 1.
    public init(classificationRows z: [[Rational]], depth: Int, mu: Rational) throws(LimitError) {
        try Self.validate(z, depth: depth, mu: mu)
        constraint = .margins
        matrix = z
        rhs = Array(repeating: Rational(1), count: z.count)
        self.depth = depth
        self.mu = mu
    }

    /// argmin Q^D_μ subject to X w = y (μ = α^D).
    public init(regressionRows x: [[Rational]], targets y: [Rational], depth: Int, mu: Rational) throws(LimitError) {
        try Self.validate(x, depth: depth, mu: mu)
        guard y.count == x.count else { throw .invalidData("\(x.count) rows but \(y.count) targets") }
        constraint = .interpolation
        matrix = x
        rhs = y
        self.depth = depth
        self.mu = mu
    }

    /// The same data and depth at another μ.
    public func with(mu newMu: Rational) -> RegularizedLimitProblem {
        RegularizedLimitProblem(constraint: constraint, matrix: matrix, rhs: rhs, depth: depth, mu: newMu)
    }

    private init(constraint: Constraint, matrix: [[Rational]], rhs: [Rational], depth: Int, mu: Rational) {
        self.constraint = constraint
        self.matrix = matrix
        self.rhs = rhs
        self.depth = depth
        self.mu = mu
    }

    private static func validate(_ rows: [[Rational]], depth: Int, mu: Rational) throws(LimitError) {
        guard depth >= 2 else { throw .invalidData("depth D must be at least 2, got \(depth)") }
        guard mu.signum > 0 else { throw .invalidData("μ must be positive, got \(ExactDecimal.brief(mu))") }
        guard let first = rows.first, !first.isEmpty else { throw .invalidData("no samples or no features") }
        if let ragged = rows.firstIndex(where: { $0.count != first.count }) {
            throw .invalidData("row \(ragged + 1) has \(rows[ragged].count) features, row 1 has \(first.count)")
        }
    }
}
