import Limits
import LinearAlgebra
import Multiprecision

/// Finds the KKT point of the l_{2/D} max-margin problem min Σ|w_i|^{2/D} s.t. Zw ≥ 1 (D > 2) nearest
/// to a given w̃ among a family of candidates (MATH.md §2.2, §2.5; the problem is non-convex, so
/// "nearest found", not "nearest").
///
/// Candidates: for k = 1 … K the support A = the k largest |w̃_i|, and for j = 1 … min(k, N) the tight
/// set S = the j samples with the smallest margins z_nᵀw̃. On each (A, S) Newton's method solves the
/// square system
///
///     (2/D)|w_i|^{2/D−1} sign(w_i) = (Z_{S,A}ᵀλ)_i  (i ∈ A),      z_nᵀw = 1  (n ∈ S),
///
/// from w = w̃_A, λ = 0, with step halving on the residual and without letting a w_i change sign.
/// A solution is a KKT point when λ ≥ 0 and every margin is ≥ 1 (w_i = 0 off A is allowed: for
/// D > 2 any subgradient value is admissible at 0). The winner is solved again at ≈ 1.5p + 32 bits
/// from its solution and the normwise agreement is its verified digits; `KKTResidualCheck` of the
/// `Limits` layer reports its residuals independently.
///
/// Contract: precision p bits, K = min(d, N, `maximumSupport`); nil when no candidate converges.
public struct StationaryPointSearch: Sendable {
    public struct Result: Sendable {
        public var reference: ReferenceVector
        public var support: [Int]
        public var tight: [Int]
        public var multipliers: [BigFloat]
        /// The largest KKT residual reported by `KKTResidualCheck`.
        public var kktResidual: BigFloat
        public var verifiedDigits: Int
    }

    public let z: [[Rational]]
    public let depth: Int
    public let precision: Int
    public var maximumSupport = 8

    public init(z: [[Rational]], depth: Int, precision: Int) {
        self.z = z
        self.depth = depth
        self.precision = precision
    }

    public func nearest(to target: [BigFloat]) -> Result? {
        let p = precision
        let d = target.count, n = z.count
        let Z = z.map { $0.map { BigFloat($0, precision: p) } }
        let t = target.map { BigFloat($0, precision: p) }
        let byMagnitude = (0..<d).sorted { t[$0].magnitude > t[$1].magnitude }
        let margins = Z.map { row in zip(row, t).reduce(BigFloat(precision: p)) { $0 + $1.0 * $1.1 } }
        let byMargin = (0..<n).sorted { margins[$0] < margins[$1] }
        var best: (w: [BigFloat], support: [Int], tight: [Int], lambda: [BigFloat], distance: BigFloat)?
        for k in 1...Swift.max(1, Swift.min(d, n, maximumSupport)) {
            let support = Array(byMagnitude.prefix(k)).sorted()
            for j in 1...Swift.min(k, n) {
                let tight = Array(byMargin.prefix(j)).sorted()
                guard let solution = solve(Z: Z, support: support, tight: tight, start: t, precision: p) else { continue }
                guard isKKT(Z: Z, w: solution.w, lambda: solution.lambda, precision: p) else { continue }
                var squares = BigFloat(precision: p)
                for i in 0..<d {
                    let e = solution.w[i] - t[i]
                    squares += e * e
                }
                let distance = BigFloat.sqrt(squares)
                if best == nil || distance < best!.distance {
                    best = (solution.w, support, tight, solution.lambda, distance)
                }
            }
        }
        guard let best else { return nil }
        // Check run at higher precision from the winner.
        let q = p + p / 2 + 32
        let Zq = z.map { $0.map { BigFloat($0, precision: q) } }
        let check = solve(
            Z: Zq, support: best.support, tight: best.tight, start: best.w.map { BigFloat($0, precision: q) },
            precision: q, lambdaStart: best.lambda.map { BigFloat($0, precision: q) })
        var digits = 0
        var w = best.w, lambda = best.lambda
        if let check {
            let scale = check.w.map(\.magnitude).max()!
            var worst = BigFloat(precision: q)
            for (a, b) in zip(best.w, check.w) { worst = BigFloat.maximum(worst, (BigFloat(a, precision: q) - b).magnitude) }
            let cap = Precision.decimalDigits(forBits: p)
            if worst.isZero {
                digits = cap
            } else if let lw = worst.log10Magnitude, let ls = scale.log10Magnitude {
                digits = Swift.max(0, Swift.min(cap, Int((ls - lw).rounded(.down))))
            }
            w = check.w
            lambda = check.lambda
        }
        let residual = (try? KKTResidualCheck(z: z, w: w, depth: depth, precision: q))?.worst ?? BigFloat.infinity(precision: q)
        return Result(
            reference: ReferenceVector(kind: .l2dStationary, w: w, normwiseDigits: digits),
            support: best.support, tight: best.tight, multipliers: lambda, kktResidual: residual, verifiedDigits: digits)
    }

    /// Newton on the (A, S) system; nil when it does not converge.
    func solve(
        Z: [[BigFloat]], support: [Int], tight: [Int], start: [BigFloat], precision p: Int,
        lambdaStart: [BigFloat]? = nil
    ) -> (w: [BigFloat], lambda: [BigFloat])? {
        let k = support.count, j = tight.count, size = k + j
        let two = BigFloat(2, precision: p), D = BigFloat(depth, precision: p)
        let c = two / D, q = two / D - 1
        var x = support.map { start[$0] } + (lambdaStart ?? [BigFloat](repeating: BigFloat(precision: p), count: j))
        guard x.prefix(k).allSatisfy({ !$0.isZero }) else { return nil }
        let signs = x.prefix(k).map(\.isNegative)
        func residual(_ x: [BigFloat]) -> [BigFloat] {
            var f = [BigFloat]()
            for (a, i) in support.enumerated() {
                var value = c * BigFloat.pow(x[a].magnitude, q)
                if x[a].isNegative { value = -value }
                for (b, n) in tight.enumerated() { value -= Z[n][i] * x[k + b] }
                f.append(value)
            }
            for n in tight {
                var value = BigFloat(-1, precision: p)
                for (a, i) in support.enumerated() { value += Z[n][i] * x[a] }
                f.append(value)
            }
            return f
        }
        func norm(_ f: [BigFloat]) -> BigFloat { f.map(\.magnitude).max() ?? BigFloat(precision: p) }
        let tolerance = BigFloat.scaled(BigFloat(1, precision: p), byPowerOfTwo: -(p - 24))
        var f = residual(x)
        for _ in 0..<80 {
            if norm(f) <= tolerance { return (Self.expand(x, support, Z[0].count, p), Array(x.suffix(j))) }
            var jacobian = BigMatrix(rows: size, columns: size, precision: p)
            for (a, i) in support.enumerated() {
                jacobian[a, a] = c * q * BigFloat.pow(x[a].magnitude, q - 1)
                for (b, n) in tight.enumerated() {
                    jacobian[a, k + b] = -Z[n][i]
                    jacobian[k + b, a] = Z[n][i]
                }
            }
            guard let lu = LUFactorization(jacobian) else { return nil }
            var step = BigVector(f, precision: p)
            lu.solve(&step)
            var scale = BigFloat(1, precision: p)
            var accepted = false
            for _ in 0..<40 {
                let trial = (0..<size).map { x[$0] - scale * step[$0] }
                let keepsSigns = zip(trial.prefix(k), signs).allSatisfy { !$0.isZero && $0.isNegative == $1 }
                if keepsSigns {
                    let g = residual(trial)
                    if norm(g) < norm(f) {
                        x = trial
                        f = g
                        accepted = true
                        break
                    }
                }
                scale = scale / 2
            }
            if !accepted { break }
        }
        let loose = BigFloat.scaled(BigFloat(1, precision: p), byPowerOfTwo: -(p / 2))
        return norm(f) <= loose ? (Self.expand(x, support, Z[0].count, p), Array(x.suffix(j))) : nil
    }

    static func expand(_ x: [BigFloat], _ support: [Int], _ d: Int, _ p: Int) -> [BigFloat] {
        var w = [BigFloat](repeating: BigFloat(precision: p), count: d)
        for (a, i) in support.enumerated() { w[i] = x[a] }
        return w
    }

    /// λ ≥ 0 and all margins ≥ 1, up to 2^-(p/2).
    func isKKT(Z: [[BigFloat]], w: [BigFloat], lambda: [BigFloat], precision p: Int) -> Bool {
        let slack = BigFloat.scaled(BigFloat(1, precision: p), byPowerOfTwo: -(p / 2))
        guard lambda.allSatisfy({ $0 >= -slack }) else { return false }
        for row in Z {
            let margin = zip(row, w).reduce(BigFloat(precision: p)) { $0 + $1.0 * $1.1 }
            if margin < 1 - slack { return false }
        }
        return true
    }
}
