import Multiprecision

/// The infimum over w of the squared loss L(w) = ½‖Xw − y‖² (the loss of `Loss.squared`), exact:
///
///     L* = ½‖y − Πy‖²,   Π the orthogonal projector onto the column space of X,
///
/// zero exactly when X w = y has a solution. Computed by exact (rational) Gram–Schmidt on the
/// columns of X, so rank-deficient X are decided exactly too. For inconsistent data the residual
/// r = y − Πy gives the Farkas certificate v = r / (yᵀr) (Xᵀv = 0, yᵀv = 1), verified exactly, and
/// `cause` names the rows that contradict each other. Any flow or descent on the squared loss
/// keeps L(w(t)) > L* when L* > 0: a loss level at or below L* is never reached.
///
/// Cost: O(n·D·rank) rational operations (n samples, D features); meant for data sets a flow runs on.
public struct SquaredLossInfimum: Sendable {
    /// L*, exact.
    public let value: Rational
    /// v with Xᵀv = 0 and yᵀv = 1 when X w = y is inconsistent (`nil` when consistent).
    public let certificate: FarkasCertificate?
    /// In words, the rows that make X w = y inconsistent (`nil` when consistent); rows count from 1.
    public let cause: String?

    public var isConsistent: Bool { certificate == nil }

    public init(x: [[Rational]], y: [Rational]) throws(LimitError) {
        let n = x.count
        guard n >= 1, y.count == n else { throw .invalidData("X has \(n) rows and y \(y.count) entries") }
        let d = x[0].count
        guard x.allSatisfy({ $0.count == d }) else { throw .invalidData("the rows of X have different lengths") }
        func dot(_ a: [Rational], _ b: [Rational]) -> Rational {
            var sum = Rational()
            for (p, q) in zip(a, b) { sum.addProduct(p, q) }
            return sum
        }
        // Orthogonal basis q_k of col(X), then r = y − Σ (q_kᵀy / q_kᵀq_k) q_k.
        var basis: [(vector: [Rational], squaredNorm: Rational)] = []
        for j in 0..<d {
            var column = x.map { $0[j] }
            for q in basis {
                let c = dot(q.vector, column) / q.squaredNorm
                if !c.isZero { for i in 0..<n { column[i] = column[i] - c * q.vector[i] } }
            }
            let norm = dot(column, column)
            if !norm.isZero { basis.append((column, norm)) }
        }
        var residual = y
        for q in basis {
            let c = dot(q.vector, residual) / q.squaredNorm
            if !c.isZero { for i in 0..<n { residual[i] = residual[i] - c * q.vector[i] } }
        }
        let squared = dot(residual, residual)
        value = squared / Rational(2)
        guard !squared.isZero else {
            certificate = nil
            cause = nil
            return
        }
        // yᵀr = rᵀr (r ⟂ Πy), so v = r / rᵀr has yᵀv = 1; Xᵀv = 0 is checked exactly.
        let v = residual.map { $0 / squared }
        let verified = (0..<d).allSatisfy { j in dot(x.map { $0[j] }, v).isZero } && dot(y, v) == Rational(1)
        certificate = FarkasCertificate(combination: v, isVerified: verified)
        cause = Self.describe(x: x, y: y, v: v)
    }

    /// The clearest reason: a row of zero features with a non-zero target, two rows with equal
    /// features and different targets, or the rows of v's support (their features combine to zero
    /// with the weights v, their targets do not).
    private static func describe(x: [[Rational]], y: [Rational], v: [Rational]) -> String {
        if let row = x.indices.first(where: { x[$0].allSatisfy(\.isZero) && !y[$0].isZero }) {
            return "row \(row + 1) has every feature 0 and the target \(ExactDecimal.brief(y[row], significantDigits: 12))"
        }
        var seen: [[Rational]: Int] = [:]
        for (row, features) in x.enumerated() {
            if let first = seen[features], y[first] != y[row] {
                return "rows \(first + 1) and \(row + 1) have the same features and different targets "
                    + "(\(ExactDecimal.brief(y[first], significantDigits: 12)) and \(ExactDecimal.brief(y[row], significantDigits: 12)))"
            }
            if seen[features] == nil { seen[features] = row }
        }
        let support = v.indices.filter { !v[$0].isZero }
        let shown =
            support.prefix(12).map { String($0 + 1) }.joined(separator: ", ") + (support.count > 12 ? ", … (\(support.count) rows)" : "")
        return "the features of rows \(shown) are linearly dependent (Σ v_n x_n = 0) and their targets do not follow (Σ v_n y_n ≠ 0)"
    }
}

extension SquaredLossInfimum {
    /// True when the loss level L = e^{−τ} lies above L* (a flow on the squared loss can get
    /// there); false at or below it. Decided at 256 bits (only a level within 2^-250 of L* could
    /// be misjudged).
    public func admits(tau: Rational) -> Bool {
        guard value.signum > 0 else { return true }
        let p = 256
        return BigFloat(tau, precision: p) < -BigFloat.log(BigFloat(value, precision: p))
    }

    /// True when the loss level L = 10^v lies above L*; false at or below it (as `admits(tau:)`).
    public func admits(log10Loss v: Rational) -> Bool {
        guard value.signum > 0 else { return true }
        let p = 256
        return BigFloat(v, precision: p) > BigFloat.log10(BigFloat(value, precision: p))
    }
}
