import Multiprecision

/// The two-phase primal simplex method on a dense tableau in exact rationals, for a linear
/// program in standard form min cᵀx s.t. Ax = b, x ≥ 0 (MATH.md §6).
///
/// Rows are first multiplied by sign(b_i) so that b ≥ 0, and one artificial column per row gives
/// the identity starting basis. Phase 1 minimises the sum of the artificials; phase 2 minimises
/// cᵀx with artificials barred from entering (those still basic at value 0 mark redundant rows).
/// Pricing is Dantzig's (most negative reduced cost) until a run of degenerate pivots, then
/// Bland's rule (smallest index, for entering and leaving) for good, which excludes cycling.
/// Every test is exact, so the final basis is exactly optimal, or the outcome is an exact proof
/// of infeasibility or unboundedness (checked again from the data by `LinearProgram`).
struct StandardFormSimplex {
    let m: Int
    let n: Int
    /// sign(b_i) (+1 for b_i = 0).
    let rowSigns: [Int]
    /// m × (n + m): the current B⁻¹[A′ | I] of the sign-flipped system A′ = diag(sign) A.
    var tableau: [[Rational]]
    /// B⁻¹b′ (the basic values).
    var values: [Rational]
    var basis: [Int]
    var pivots = 0
    private var blandMode = false
    private var degenerateStreak = 0

    init(a: [[Rational]], b: [Rational]) {
        m = a.count
        n = a.first?.count ?? 0
        rowSigns = b.map { $0.signum < 0 ? -1 : 1 }
        var rows: [[Rational]] = []
        for i in 0..<m {
            var row = rowSigns[i] < 0 ? a[i].map { -$0 } : a[i]
            for k in 0..<m { row.append(k == i ? Rational(1) : Rational()) }
            rows.append(row)
        }
        tableau = rows
        values = zip(b, rowSigns).map { $1 < 0 ? -$0 : $0 }
        let columns = n
        basis = (0..<a.count).map { columns + $0 }
    }

    enum Outcome {
        case optimal
        case unbounded(column: Int)
        case iterationLimit
    }

    func isArtificial(_ column: Int) -> Bool { column >= n }

    /// y′ = c_Bᵀ B⁻¹ of the flipped system, read from the artificial columns.
    func flippedDuals(_ costs: [Rational]) -> [Rational] {
        (0..<m).map { k in
            var sum = Rational()
            for r in 0..<m where !costs[basis[r]].isZero { sum.addProduct(costs[basis[r]], tableau[r][n + k]) }
            return sum
        }
    }

    /// y with Aᵀy = (the duals of the original, unflipped rows).
    func duals(_ costs: [Rational]) -> [Rational] {
        zip(flippedDuals(costs), rowSigns).map { $1 < 0 ? -$0 : $0 }
    }

    mutating func pivot(row r: Int, column q: Int) {
        let p = tableau[r][q]
        let width = n + m
        for j in 0..<width where !tableau[r][j].isZero { tableau[r][j] = tableau[r][j] / p }
        values[r] = values[r] / p
        let support = (0..<width).filter { !tableau[r][$0].isZero }
        for k in 0..<m where k != r && !tableau[k][q].isZero {
            let factor = tableau[k][q]
            for j in support { tableau[k][j].subtractProduct(factor, tableau[r][j]) }
            values[k].subtractProduct(factor, values[r])
        }
        basis[r] = q
        pivots += 1
    }

    /// Simplex iterations for `costs` (length n + m) until optimal or unbounded.
    mutating func run(costs: [Rational], artificialsMayEnter: Bool, iterationLimit: Int) -> Outcome {
        for _ in 0..<iterationLimit {
            let inBasis = Set(basis)
            var entering = -1
            var best = Rational()
            for j in 0..<(n + m) where !inBasis.contains(j) && (artificialsMayEnter || !isArtificial(j)) {
                var reduced = costs[j]
                for r in 0..<m where !costs[basis[r]].isZero && !tableau[r][j].isZero {
                    reduced.subtractProduct(costs[basis[r]], tableau[r][j])
                }
                guard reduced.signum < 0 else { continue }
                if blandMode {
                    entering = j
                    break
                }
                if entering < 0 || reduced < best {
                    entering = j
                    best = reduced
                }
            }
            if entering < 0 { return .optimal }
            var leaving = -1
            var bestRatio = Rational()
            for r in 0..<m where tableau[r][entering].signum > 0 {
                let ratio = values[r] / tableau[r][entering]
                if leaving < 0 || ratio < bestRatio || (ratio == bestRatio && basis[r] < basis[leaving]) {
                    leaving = r
                    bestRatio = ratio
                }
            }
            if leaving < 0 { return .unbounded(column: entering) }
            degenerateStreak = bestRatio.isZero ? degenerateStreak + 1 : 0
            if degenerateStreak > 2 * m + 10 { blandMode = true }
            pivot(row: leaving, column: entering)
        }
        return .iterationLimit
    }

    /// After a phase 1 with zero infeasibility: pivots basic artificials out wherever a
    /// structural column has a non-zero entry in their row; the others mark redundant rows.
    mutating func driveOutArtificials() {
        for r in 0..<m where isArtificial(basis[r]) {
            let inBasis = Set(basis)
            if let q = (0..<n).first(where: { !inBasis.contains($0) && !tableau[r][$0].isZero }) { pivot(row: r, column: q) }
        }
    }

    /// The basic solution x (structural part).
    var solution: [Rational] {
        var x = [Rational](repeating: Rational(), count: n)
        for r in 0..<m where !isArtificial(basis[r]) { x[basis[r]] = values[r] }
        return x
    }
}
