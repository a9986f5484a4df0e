import LinearAlgebra
import Multiprecision

/// The Butcher tableau of the s-stage Radau IIA collocation method (order 2s − 1, stage order s,
/// L-stable and stiffly accurate), computed at run time in MPFR.
///
/// Nodes: c_s = 1 and the s − 1 zeros in (0, 1) of P_s(2x − 1) − P_{s−1}(2x − 1) (Legendre
/// polynomials), found in Double and refined by Newton's method in MPFR. Coefficients:
/// a_ij = ∫₀^{c_i} ℓ_j(t) dt from the Vandermonde system Σ_j a_ij c_j^{k−1} = c_i^k / k,
/// k = 1 … s, solved with 4s extra guard bits (the system's condition number grows like 4^s).
/// Accuracy: every entry to about 2^-precision relative.
public struct RadauCoefficients: Sendable {
    public let stages: Int
    public let precision: Int
    public let nodes: [BigFloat]
    /// a_ij, row-major.
    public let matrix: [[BigFloat]]

    public init(stages: Int, precision: Int) {
        precondition(stages >= 1, "Radau IIA needs at least one stage")
        self.stages = stages
        self.precision = precision
        let working = precision + 4 * stages + 32
        let interior = Self.interiorNodes(stages: stages, precision: working)
        let c = interior + [BigFloat(1, precision: working)]
        var vandermonde = BigMatrix(rows: stages, columns: stages, precision: working)
        for k in 0..<stages {
            for j in 0..<stages { vandermonde[k, j] = BigFloat.pow(c[j], k) }
        }
        guard let lu = LUFactorization(vandermonde) else { preconditionFailure("Radau nodes are distinct") }
        var rows = [[BigFloat]]()
        for i in 0..<stages {
            var rhs = BigVector(count: stages, precision: working)
            for k in 0..<stages { rhs[k] = BigFloat.pow(c[i], k + 1) / (k + 1) }
            lu.solve(&rhs)
            rows.append(rhs.elements.map { BigFloat($0, precision: precision) })
        }
        nodes = c.map { BigFloat($0, precision: precision) }
        matrix = rows
    }

    /// The s − 1 interior nodes in increasing order.
    private static func interiorNodes(stages s: Int, precision: Int) -> [BigFloat] {
        guard s > 1 else { return [] }
        // Radau polynomial R(x) = P_s(2x−1) − P_{s−1}(2x−1).
        func radauDouble(_ x: Double) -> (value: Double, derivative: Double) {
            let t = 2 * x - 1
            var previous = 1.0, current = t, dPrevious = 0.0, dCurrent = 1.0
            if s == 1 { return (t - 1, 2) }
            var previousBeforeLast = previous, dPreviousBeforeLast = dPrevious
            for n in 1..<s {
                let next = (Double(2 * n + 1) * t * current - Double(n) * previous) / Double(n + 1)
                let dNext = (Double(2 * n + 1) * (current + t * dCurrent) - Double(n) * dPrevious) / Double(n + 1)
                previousBeforeLast = current
                dPreviousBeforeLast = dCurrent
                previous = current
                dPrevious = dCurrent
                current = next
                dCurrent = dNext
            }
            return (current - previousBeforeLast, 2 * (dCurrent - dPreviousBeforeLast))
        }
        func radauBig(_ x: BigFloat) -> (value: BigFloat, derivative: BigFloat) {
            let t = 2 * x - 1
            var previous = BigFloat(1, precision: precision), current = t
            var dPrevious = BigFloat(precision: precision), dCurrent = BigFloat(1, precision: precision)
            var last = previous, dLast = dPrevious
            for n in 1..<s {
                let next = ((2 * n + 1) * (t * current) - n * previous) / (n + 1)
                let dNext = ((2 * n + 1) * (current + t * dCurrent) - n * dPrevious) / (n + 1)
                last = current
                dLast = dCurrent
                previous = current
                dPrevious = dCurrent
                current = next
                dCurrent = dNext
            }
            return (current - last, 2 * (dCurrent - dLast))
        }
        // Bracket the s − 1 sign changes of R on a fine grid (roots are ≳ 1/(2s²) apart), bisect in
        // Double, then polish by Newton's method in MPFR.
        var roots = [BigFloat]()
        let grid = 64 * s * s
        var left = 0.0, leftValue = radauDouble(0).value
        for k in 1..<grid {
            let right = Double(k) / Double(grid), rightValue = radauDouble(right).value
            if (leftValue < 0) != (rightValue < 0) {
                var a = left, b = right, fa = leftValue
                for _ in 0..<60 {
                    let middle = (a + b) / 2, fm = radauDouble(middle).value
                    if (fm < 0) == (fa < 0) {
                        a = middle
                        fa = fm
                    } else {
                        b = middle
                    }
                }
                var root = BigFloat(exactly: (a + b) / 2, precision: precision)
                var correct = 40
                while correct < 2 * precision {
                    let (f, df) = radauBig(root)
                    root = root - f / df
                    correct *= 2
                }
                for _ in 0..<2 {
                    let (f, df) = radauBig(root)
                    root = root - f / df
                }
                roots.append(root)
            }
            left = right
            leftValue = rightValue
        }
        precondition(roots.count == s - 1, "found \(roots.count) interior Radau nodes for s = \(s)")
        return roots.sorted()
    }
}

import Foundation
