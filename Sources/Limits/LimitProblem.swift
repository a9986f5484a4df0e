import Multiprecision

/// A reference-limit problem on exact rational data (DESIGN.md §1, MATH.md §2.5, §3.5, §8).
///
/// * Classification (`l1Margin`, `l2Margin`): rows z_n = y_n x_n, constraints Z w ≥ 1; the limit is
///   argmin ‖w‖₁ (an LP) or argmin ½‖w‖₂² (a convex QP), the margin-normalised max-margin predictor.
/// * Regression (`l1Interpolation`, `l2Interpolation`): rows x_n and targets y_n, constraints X w = y;
///   the limit is argmin ‖w‖₁ (basis pursuit, an LP) or argmin ½‖w‖₂² = Xᵀ(XXᵀ)⁻¹y.
///
/// `solve()` returns a `Limit` whose values are exact rationals and whose `Certificate` has been
/// verified in exact arithmetic; infeasible data throw `LimitError` carrying an exact Farkas
/// certificate.
public struct LimitProblem: Sendable {
    public enum Kind: String, CaseIterable, Sendable {
        case l1Margin = "l1-margin"
        case l2Margin = "l2-margin"
        case l1Interpolation = "l1-interpolation"
        case l2Interpolation = "l2-interpolation"

        /// True for the max-margin problems (constraints Z w ≥ 1).
        public var isClassification: Bool { self == .l1Margin || self == .l2Margin }
        /// True for the l1 problems (linear programs).
        public var isLinearProgram: Bool { self == .l1Margin || self == .l1Interpolation }
    }

    public let kind: Kind
    /// Z (classification) or X (regression), N rows of d entries.
    public let matrix: [[Rational]]
    /// The right-hand side: all ones (classification) or the targets y (regression).
    public let rhs: [Rational]
    /// `matrix` over one common denominator, built once for the exact kernels.
    let integerMatrix: IntegerMatrix

    public var sampleCount: Int { matrix.count }
    public var featureCount: Int { matrix.first?.count ?? 0 }

    /// A max-margin problem on the rows z_n = y_n x_n.
    /// - Throws: `LimitError.invalidData` for empty or ragged data, or a regression kind.
    public init(kind: Kind, classificationRows z: [[Rational]]) throws(LimitError) {
        guard kind.isClassification else { throw .invalidData("\(kind.rawValue) is a regression limit: give targets") }
        try Self.validate(z)
        self.kind = kind
        matrix = z
        rhs = Array(repeating: Rational(1), count: z.count)
        integerMatrix = IntegerMatrix(z)
    }

    /// A min-norm interpolation problem X w = y.
    /// - Throws: `LimitError.invalidData` for empty or ragged data, mismatched targets, or a
    ///   classification kind.
    public init(kind: Kind, regressionRows x: [[Rational]], targets y: [Rational]) throws(LimitError) {
        guard !kind.isClassification else { throw .invalidData("\(kind.rawValue) is a classification limit: give rows z_n = y_n x_n") }
        try Self.validate(x)
        guard y.count == x.count else { throw .invalidData("\(x.count) rows but \(y.count) targets") }
        self.kind = kind
        matrix = x
        rhs = y
        integerMatrix = IntegerMatrix(x)
    }

    private static func validate(_ rows: [[Rational]]) throws(LimitError) {
        guard let first = rows.first, !first.isEmpty else { throw .invalidData("no samples or no features") }
        if let ragged = rows.firstIndex(where: { $0.count != first.count }) {
            throw .invalidData("row \(ragged + 1) has \(rows[ragged].count) features, row 1 has \(first.count)")
        }
    }

    /// Solves the problem exactly and verifies the certificate (see `ExactLimitSolver`).
    public func solve(_ options: ExactLimitSolver.Options = .init()) throws(LimitError) -> Limit {
        try ExactLimitSolver(options: options).solve(self)
    }
}
