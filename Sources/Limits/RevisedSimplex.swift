import Multiprecision

/// A revised primal simplex method, generic over the number type, for the linear programs of the
/// l1 limits:
///
///     minimize  Σ_j (a_j + b_j)   subject to   M (a − b) − E s = r,   a, b, s ≥ 0,
///
/// with M an m × d matrix, E = I (one surplus variable per row: the constraints M w ≥ r, the
/// l1-margin problem) or no surplus columns (M w = r, basis pursuit). w = a − b.
///
/// Method: two phases with one artificial column sign(r_i)·e_i per row; a dense explicit basis
/// inverse (m × m, so its size is the number of constraints, never the number of features) updated
/// by elementary row operations; Dantzig pricing through one product Mᵀy per iteration, switching for
/// good to Bland's rule (smallest index) after a run of degenerate pivots, which excludes cycling.
///
/// In `Rational` every test is exact and the result is an exact optimal basis (or an exact proof of
/// infeasibility). In `Double` the result is only a candidate basis, which the caller re-solves and
/// verifies exactly. Artificial columns that cannot leave the basis at the end of phase 1 mark
/// redundant rows (rank-deficient consistent systems); they stay basic at value 0.
struct RevisedSimplex<S: SimplexScalar> {
    enum Outcome { case optimal, unbounded, iterationLimit }

    let m: Int
    let d: Int
    let hasSurplus: Bool
    /// M, row-major (entry (i, j) at i·d + j).
    let entries: [S]
    let rhs: [S]
    /// sign(r_i) (+1 for r_i = 0): the artificial column of row i is artificialSign[i]·e_i.
    let artificialSign: [S]
    /// B^{-1}, row-major m × m.
    var inverse: [S]
    var heads: [Int]
    var values: [S]
    var blandMode = false
    var pivots = 0
    var degenerateStreak = 0
    /// Refactor the basis inverse from scratch every this many pivots (Double: limits drift).
    let refactorInterval: Int?

    var surplusCount: Int { hasSurplus ? m : 0 }
    var structuralCount: Int { 2 * d + surplusCount }
    var columnCount: Int { structuralCount + m }
    func isArtificial(_ column: Int) -> Bool { column >= structuralCount }

    /// M over a common denominator, for exact (`Rational`) runs; nil otherwise.
    var integerMatrix: IntegerMatrix? = nil

    init(matrix: [[S]], rhs: [S], hasSurplus: Bool, refactorInterval: Int?) {
        let m = matrix.count, d = matrix.first?.count ?? 0
        self.m = m
        self.d = d
        entries = matrix.flatMap { $0 }
        self.rhs = rhs
        self.hasSurplus = hasSurplus
        self.refactorInterval = refactorInterval
        let signs = rhs.map { $0.toleratedSign < 0 ? -S.one : S.one }
        artificialSign = signs
        // B = diag(signs), so B^{-1} = diag(signs) too.
        var identity = [S](repeating: .zero, count: m * m)
        for i in 0..<m { identity[i * m + i] = signs[i] }
        inverse = identity
        let first = 2 * d + (hasSurplus ? m : 0)
        heads = (0..<m).map { first + $0 }
        values = zip(rhs, signs).map { $0 * $1 }  // |r_i|
    }

    /// Column `q` of the constraint matrix, dense.
    func column(_ q: Int) -> [S] {
        if q < d { return (0..<m).map { entries[$0 * d + q] } }
        if q < 2 * d { return (0..<m).map { -entries[$0 * d + q - d] } }
        var e = [S](repeating: .zero, count: m)
        if q < structuralCount { e[q - 2 * d] = -S.one } else { e[q - structuralCount] = artificialSign[q - structuralCount] }
        return e
    }

    func cost(_ q: Int, phase: Int) -> S {
        if phase == 1 { return isArtificial(q) ? .one : .zero }
        return q < 2 * d ? .one : .zero
    }

    /// y = B^{-T} c_B for the phase's costs.
    func duals(phase: Int) -> [S] {
        var y = [S](repeating: .zero, count: m)
        let m = self.m
        inverse.withUnsafeBufferPointer { inv in
            y.withUnsafeMutableBufferPointer { y in
                for r in 0..<m {
                    let c = cost(heads[r], phase: phase)
                    if c.toleratedSign == 0 { continue }
                    for i in 0..<m { y[i].addProduct(c, inv[r * m + i]) }
                }
            }
        }
        return y
    }

    /// Mᵀy.
    func transposeProduct(_ y: [S]) -> [S] {
        // Exact runs price through the integer form of M (one gcd per entry of the result instead
        // of one per product).
        if let integerMatrix, let exact = y as? [Rational], let result = integerMatrix.multiplyTransposed(exact) as? [S] {
            return result
        }
        var g = [S](repeating: .zero, count: d)
        let d = self.d
        entries.withUnsafeBufferPointer { a in
            g.withUnsafeMutableBufferPointer { g in
                for i in 0..<m where !y[i].isExactlyZero {
                    let yi = y[i]
                    let row = i * d
                    for j in 0..<d { g[j].addProduct(a[row + j], yi) }
                }
            }
        }
        return g
    }

    /// Reduced cost of column q given y and g = Mᵀy.
    func reducedCost(_ q: Int, phase: Int, y: [S], g: [S]) -> S {
        let c = cost(q, phase: phase)
        if q < d { return c - g[q] }
        if q < 2 * d { return c + g[q - d] }
        if q < structuralCount { return c + y[q - 2 * d] }
        let row = q - structuralCount
        return c - artificialSign[row] * y[row]
    }

    /// B^{-1} A_q.
    func transformedColumn(_ q: Int) -> [S] {
        let m = self.m
        if q < 2 * d {
            let column = self.column(q)
            let nonzero = (0..<m).filter { !column[$0].isExactlyZero }
            var alpha = [S](repeating: .zero, count: m)
            inverse.withUnsafeBufferPointer { inv in
                alpha.withUnsafeMutableBufferPointer { alpha in
                    for r in 0..<m {
                        var sum = S.zero
                        for i in nonzero { sum.addProduct(inv[r * m + i], column[i]) }
                        alpha[r] = sum
                    }
                }
            }
            return alpha
        }
        if q < structuralCount { return (0..<m).map { -inverse[$0 * m + q - 2 * d] } }
        let row = q - structuralCount
        return (0..<m).map { artificialSign[row] * inverse[$0 * m + row] }
    }

    mutating func pivot(row r: Int, column q: Int, alpha: [S]) {
        let p = alpha[r]
        let m = self.m
        values[r] = values[r] / p
        let pivotValue = values[r]
        inverse.withUnsafeMutableBufferPointer { inv in
            for i in 0..<m { inv[r * m + i] = inv[r * m + i] / p }
            let support = (0..<m).filter { !inv[r * m + $0].isExactlyZero }
            for k in 0..<m where k != r && !alpha[k].isExactlyZero {
                let a = alpha[k]
                for i in support { inv[k * m + i].subtractProduct(a, inv[r * m + i]) }
            }
        }
        for k in 0..<m where k != r && !alpha[k].isExactlyZero { values[k].subtractProduct(alpha[k], pivotValue) }
        heads[r] = q
        pivots += 1
        if let interval = refactorInterval, pivots % interval == 0 { _ = refactor() }
    }

    /// Recomputes the basis inverse and the basic values from the basis columns (Gauss–Jordan with
    /// partial pivoting). Returns false if the basis matrix is singular.
    mutating func refactor() -> Bool {
        let m = self.m
        // a = B (column r of B is the column of head r), row-major; inv starts as I.
        var a = [S](repeating: .zero, count: m * m)
        for r in 0..<m {
            let column = self.column(heads[r])
            for i in 0..<m where !column[i].isExactlyZero { a[i * m + r] = column[i] }
        }
        var inv = [S](repeating: .zero, count: m * m)
        for i in 0..<m { inv[i * m + i] = .one }
        let nonsingular = a.withUnsafeMutableBufferPointer { a in
            inv.withUnsafeMutableBufferPointer { inv in
                for k in 0..<m {
                    var best = -1
                    var bestMagnitude = 0.0
                    for i in k..<m where a[i * m + k].toleratedSign != 0 {
                        let magnitude = a[i * m + k].pivotMagnitude
                        if best < 0 || magnitude > bestMagnitude {
                            best = i
                            bestMagnitude = magnitude
                        }
                    }
                    if best < 0 { return false }
                    if best != k {
                        for j in 0..<m {
                            a.swapAt(k * m + j, best * m + j)
                            inv.swapAt(k * m + j, best * m + j)
                        }
                    }
                    let p = a[k * m + k]
                    for j in 0..<m {
                        if !a[k * m + j].isExactlyZero { a[k * m + j] = a[k * m + j] / p }
                        if !inv[k * m + j].isExactlyZero { inv[k * m + j] = inv[k * m + j] / p }
                    }
                    let aSupport = (0..<m).filter { !a[k * m + $0].isExactlyZero }
                    let invSupport = (0..<m).filter { !inv[k * m + $0].isExactlyZero }
                    for i in 0..<m where i != k && !a[i * m + k].isExactlyZero {
                        let f = a[i * m + k]
                        for j in aSupport { a[i * m + j].subtractProduct(f, a[k * m + j]) }
                        for j in invSupport { inv[i * m + j].subtractProduct(f, inv[k * m + j]) }
                    }
                }
                return true
            }
        }
        guard nonsingular else { return false }
        inverse = inv
        values = (0..<m).map { r in
            var v = S.zero
            for i in 0..<m where !rhs[i].isExactlyZero { v.addProduct(inv[r * m + i], rhs[i]) }
            return v
        }
        return true
    }

    /// Runs the simplex iterations of `phase` until optimal.
    mutating func run(phase: Int, iterationLimit: Int) -> Outcome {
        var inBasis = [Bool](repeating: false, count: columnCount)
        for q in heads { inBasis[q] = true }
        for _ in 0..<iterationLimit {
            let y = duals(phase: phase)
            let g = transposeProduct(y)
            var entering = -1
            var best: S? = nil
            for q in 0..<columnCount where !inBasis[q] {
                if phase == 2 && isArtificial(q) { continue }
                let dq = reducedCost(q, phase: phase, y: y, g: g)
                guard dq.toleratedSign < 0 else { continue }
                if blandMode {
                    entering = q
                    break
                }
                if best == nil || dq < best! {
                    best = dq
                    entering = q
                }
            }
            if entering < 0 { return .optimal }
            let alpha = transformedColumn(entering)
            var leaving = -1
            var bestRatio: S? = nil
            if phase == 2 {
                // A redundant row's artificial sits at 0: if the column touches its row, it leaves first.
                leaving = (0..<m).first { isArtificial(heads[$0]) && alpha[$0].toleratedSign != 0 } ?? -1
                if leaving >= 0 { bestRatio = .zero }
            }
            if leaving < 0 {
                for r in 0..<m where alpha[r].toleratedSign > 0 {
                    let ratio = values[r] / alpha[r]
                    guard let current = bestRatio else {
                        leaving = r
                        bestRatio = ratio
                        continue
                    }
                    let diff = (ratio - current).toleratedSign
                    if diff < 0 {
                        leaving = r
                        bestRatio = ratio
                    } else if diff == 0 {
                        let better = blandMode ? heads[r] < heads[leaving] : alpha[r].pivotMagnitude > alpha[leaving].pivotMagnitude
                        if better {
                            leaving = r
                            bestRatio = ratio
                        }
                    }
                }
            }
            if leaving < 0 { return .unbounded }
            if bestRatio!.toleratedSign == 0 { degenerateStreak += 1 } else { degenerateStreak = 0 }
            if degenerateStreak > 2 * m + 10 { blandMode = true }
            inBasis[heads[leaving]] = false
            inBasis[entering] = true
            pivot(row: leaving, column: entering, alpha: alpha)
        }
        return .iterationLimit
    }

    /// Phase-1 objective: the sum of the artificial values.
    var infeasibility: S {
        var total = S.zero
        for r in 0..<m where isArtificial(heads[r]) { total = total + values[r] }
        return total
    }

    /// After phase 1 with zero infeasibility: pivot every basic artificial out where some structural
    /// column has a non-zero entry in its row; the rest mark redundant rows.
    mutating func driveOutArtificials() {
        for r in 0..<m where isArtificial(heads[r]) {
            // Row r of B^{-1}A over structural columns: ρᵀA_q with ρ = row r of the inverse.
            let rho = Array(inverse[(r * m)..<(r * m + m)])
            let g = transposeProduct(rho)
            var chosen = -1
            let inBasis = Set(heads)
            for q in 0..<structuralCount where !inBasis.contains(q) {
                let entry: S
                if q < d { entry = g[q] } else if q < 2 * d { entry = -g[q - d] } else { entry = -rho[q - 2 * d] }
                if entry.toleratedSign != 0 {
                    chosen = q
                    break
                }
            }
            if chosen >= 0 { pivot(row: r, column: chosen, alpha: transformedColumn(chosen)) }
        }
    }

    /// Runs phase 1 (if the basis is the artificial start) and phase 2.
    enum Result {
        case optimal
        case infeasible(farkas: [S])
        case failed(String)
    }

    mutating func solve(iterationLimit: Int, skipPhaseOne: Bool = false) -> Result {
        if !skipPhaseOne {
            switch run(phase: 1, iterationLimit: iterationLimit) {
            case .optimal: break
            case .unbounded: return .failed("phase 1 unbounded (impossible for a bounded phase-1 objective)")
            case .iterationLimit: return .failed("iteration limit in phase 1")
            }
            if infeasibility.toleratedSign > 0 { return .infeasible(farkas: duals(phase: 1)) }
            driveOutArtificials()
        }
        switch run(phase: 2, iterationLimit: iterationLimit) {
        case .optimal: return .optimal
        case .unbounded: return .failed("phase 2 unbounded (impossible: the objective is bounded below by 0)")
        case .iterationLimit: return .failed("iteration limit in phase 2")
        }
    }
}
