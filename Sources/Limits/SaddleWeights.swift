import Multiprecision

/// The growth-time weights t_i^± > 0 of the weighted saddle-to-saddle algorithm and of the
/// weighted ℓ1 limit Σ_i (t_i^+ k_i^+ + t_i^- k_i^-) (MATH.md §12.2). Unit weights t ≡ 1 are
/// Pesme–Flammarion's algorithm and the plain ℓ1 norm.
public struct SaddleWeights: Sendable, Equatable {
    public let plus: [Rational]
    public let minus: [Rational]

    /// - Throws: `LimitError.invalidData` for lengths that differ or a weight that is not positive.
    public init(plus: [Rational], minus: [Rational]) throws(LimitError) {
        guard plus.count == minus.count, !plus.isEmpty else {
            throw .invalidData("\(plus.count) weights t+ and \(minus.count) weights t-: give one pair per coordinate")
        }
        for (i, (a, b)) in zip(plus, minus).enumerated() where a.signum <= 0 || b.signum <= 0 {
            throw .invalidData("coordinate \(i + 1): the weights t+ = \(a), t- = \(b) must be positive")
        }
        self.plus = plus
        self.minus = minus
    }

    /// t ≡ 1 on `count` coordinates.
    public static func unit(_ count: Int) -> SaddleWeights {
        // Unit weights are positive and of equal lengths: the checks cannot fail.
        SaddleWeights(unchecked: Array(repeating: Rational(1), count: count), Array(repeating: Rational(1), count: count))
    }

    private init(unchecked plus: [Rational], _ minus: [Rational]) {
        self.plus = plus
        self.minus = minus
    }

    public var count: Int { plus.count }
    public var isUnit: Bool { plus.allSatisfy { $0 == Rational(1) } && minus.allSatisfy { $0 == Rational(1) } }

    /// Reads "t1+:t1-,t2+:t2-,…" (decimals or p/q, exact), one pair per coordinate; a single
    /// number t in a pair's place means t+ = t- = t.
    public init(parsing text: String) throws(LimitError) {
        var plus: [Rational] = [], minus: [Rational] = []
        for (k, item) in text.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            let parts = item.split(separator: ":", omittingEmptySubsequences: false).map { SaddleWeights.trimmed($0) }
            guard parts.count == 1 || parts.count == 2 else { throw .invalidData("weights: pair \(k + 1) '\(item)' is not t+:t-") }
            var values: [Rational] = []
            for part in parts {
                do {
                    values.append(part.contains("/") ? try Rational(fraction: part) : try Rational(decimal: part))
                } catch { throw .invalidData("weights: pair \(k + 1): '\(part)' is not a decimal or p/q number") }
            }
            plus.append(values[0])
            minus.append(values.count == 2 ? values[1] : values[0])
        }
        try self.init(plus: plus, minus: minus)
    }

    /// The weighted ℓ1 norm Σ t_i^+ k_i^+ + t_i^- k_i^-, exact.
    public func norm(_ k: [Rational]) -> Rational {
        var sum = Rational()
        for (i, value) in k.enumerated() {
            if value.signum > 0 { sum.addProduct(plus[i], value) } else if value.signum < 0 { sum.addProduct(minus[i], -value) }
        }
        return sum
    }

    private static func trimmed(_ text: Substring) -> String {
        String(text.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
