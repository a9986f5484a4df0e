import Multiprecision

/// A depth-D diagonal linear network w = u₊^D − u₋^D (entrywise), D ≥ 2, with positive
/// initialization u₊(0) = a₊, u₋(0) = a₋ (MATH.md §1.1-1.2).
///
/// Along gradient flow every coordinate is a closed-form, strictly increasing function of the
/// dual variable G_i = (Zᵀν)_i (MATH.md §1.2):
/// * D = 2: u± = a± e^{±2G}, w = 2a₊a₋ sinh(4G + δ) with δ = ln(a₊/a₋);
/// * D > 2: ξ± = a±^{2−D} ∓ D(D−2)G > 0, u± = ξ±^{−1/(D−2)}, w = ξ₊^{−q} − ξ₋^{−q}, q = D/(D−2).
/// The metric H_i = dw_i/dG_i = D²(u₊^{2D−2} + u₋^{2D−2}) is what the flow in w multiplies by.
public struct DiagonalNetwork: Sendable {
    /// The largest depth accepted: 10^6. The closed form's constants (D², D(D−2), D²·D(D−2)) are
    /// MPFR numbers and exact at any depth, but a depth-D network initialized at α carries α^D
    /// exactly in the references and limits; beyond 10^6 that power alone outgrows memory for
    /// ordinary decimal α.
    public static let maximumDepth = 1_000_000

    /// The depth D ≥ 2.
    public let depth: Int
    /// u₊(0), one exact positive value per coordinate.
    public let initialPlus: [Rational]
    /// u₋(0), one exact positive value per coordinate.
    public let initialMinus: [Rational]

    /// The unbiased network u₊(0) = u₋(0) = α for `dimension` coordinates.
    public init(depth: Int, alpha: Rational, dimension: Int) throws(FlowError) {
        try self.init(
            depth: depth, initialPlus: Array(repeating: alpha, count: dimension),
            initialMinus: Array(repeating: alpha, count: dimension))
    }

    /// A network with general positive initialization shapes a₊, a₋ (MATH.md §1.2(c)).
    public init(depth: Int, initialPlus: [Rational], initialMinus: [Rational]) throws(FlowError) {
        guard depth >= 2, depth <= Self.maximumDepth else { throw .invalidDepth(depth) }
        guard initialPlus.count == initialMinus.count else {
            throw .invalidInitialization("a₊ has \(initialPlus.count) entries and a₋ has \(initialMinus.count)")
        }
        if let bad = (initialPlus + initialMinus).first(where: { $0.signum <= 0 }) {
            throw .invalidInitialization(
                "every initial weight must be positive, got \(ExactDecimal.brief(bad)) (α ≤ 0 is not a diagonal-network initialization)")
        }
        self.depth = depth
        self.initialPlus = initialPlus
        self.initialMinus = initialMinus
    }

    public var dimension: Int { initialPlus.count }

    /// True when u₊(0) = u₋(0) in every coordinate (w(0) = 0).
    public var isUnbiased: Bool { initialPlus == initialMinus }

    /// The per-coordinate constants of the closed form at `precision` bits.
    public func closedForm(precision: Int) -> DiagonalClosedForm {
        DiagonalClosedForm(network: self, precision: precision)
    }
}
