import Limits
import Multiprecision

/// The reference limits of one classification data set at one depth: the exact ŵ₂ and ŵ₁ (solved
/// once, with their exact certificates) and, on demand, argmin Q^D_μ and the sweep path T(μ) at
/// many μ.
///
/// Contract: `regularized(at:relativeErrors:)` returns, for each μ, the reference computed by the
/// `Limits` solvers at `precision` bits with their verified digits, and adds to the error of each
/// entry the change of the reference when μ moves by its relative error (a second solve at
/// μ(1 + r), so the μ-sensitivity is measured, not assumed).
public struct LimitReferences: Sendable {
    public let z: [[Rational]]
    public let depth: Int
    public let precision: Int
    public let l2Margin: Limit
    public let l1Margin: Limit
    /// Sweep grid density (points per decade of μ).
    public var sweepStepsPerDecade = 100

    public init(z: [[Rational]], depth: Int, precision: Int) throws(AnalysisError) {
        guard depth >= 2 else { throw .invalidOption("depth \(depth): a diagonal network needs D ≥ 2") }
        self.z = z
        self.depth = depth
        self.precision = precision
        do {
            l2Margin = try LimitProblem(kind: .l2Margin, classificationRows: z).solve()
            l1Margin = try LimitProblem(kind: .l1Margin, classificationRows: z).solve()
        } catch { throw .limit(error) }
    }

    public var kernel: ReferenceVector { ReferenceVector(kind: .l2Margin, exact: l2Margin.w, precision: precision) }
    public var rich: ReferenceVector { ReferenceVector(kind: .l1Margin, exact: l1Margin.w, precision: precision) }

    /// Newton options with a working precision of at least `precision` bits (the check run is ≈ 1.5×).
    var newtonOptions: DualNewtonSolver.Options { DualNewtonSolver.Options(precision: Swift.max(192, precision)) }

    /// argmin Q^D_μ at each μ, with errors widened by the μ-sensitivity over `relativeErrors`.
    public func qMu(at mus: [Rational], relativeErrors: [Rational]) throws(AnalysisError) -> [ReferenceVector] {
        let solver = DualNewtonSolver(options: newtonOptions)
        var out = [ReferenceVector]()
        for (mu, r) in zip(mus, relativeErrors) {
            do {
                let base = try solver.solve(try RegularizedLimitProblem(classificationRows: z, depth: depth, mu: mu))
                let moved = try solver.solve(try RegularizedLimitProblem(classificationRows: z, depth: depth, mu: mu * (Rational(1) + r)))
                out.append(Self.reference(.qMu, base, moved))
            } catch { throw .limit(error) }
        }
        return out
    }

    /// The sweep path at each μ (one pass down the grid for all of them), errors widened as for `qMu`.
    public func sweep(at mus: [Rational], relativeErrors: [Rational]) throws(AnalysisError) -> [ReferenceVector] {
        guard !mus.isEmpty else { return [] }
        let moved = zip(mus, relativeErrors).map { $0 * (Rational(1) + $1) }
        // Start well above every μ asked (the sweep equals argmin Q there).
        var start = Rational(1000)
        let largest = (mus + moved).max { $0 < $1 }!
        while !(largest * Rational(10) < start) { start = start * Rational(10) }
        do {
            let problem = try RegularizedLimitProblem(classificationRows: z, depth: depth, mu: mus[0])
            let path = try SweepPath(problem, start: start, stepsPerDecade: sweepStepsPerDecade, options: newtonOptions)
            let solved = try path.solve(at: mus + moved)
            return mus.indices.map { Self.reference(.sweep, solved[$0], solved[mus.count + $0]) }
        } catch { throw .limit(error) }
    }

    static func reference(_ kind: ReferenceKind, _ base: RegularizedLimit, _ moved: RegularizedLimit) -> ReferenceVector {
        let sensitivity = zip(base.w, moved.w).map { ($0 - BigFloat($1, precision: $0.precision)).magnitude }
        let digits = Swift.min(base.verifiedDigits, moved.verifiedDigits)
        return ReferenceVector(kind: kind, w: base.w, normwiseDigits: digits, extra: sensitivity)
    }
}
