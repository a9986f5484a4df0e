import Testing
import Multiprecision
@testable import Limits

@Suite struct ExactLinearSystemTests {
    /// The Hilbert matrix H_ij = 1/(i+j+1) has the integer inverse
    /// (H⁻¹)_ij = (−1)^{i+j} (i+j+1) C(n+i, n−j−1) C(n+j, n−i−1) C(i+j, i)² (closed form).
    @Test func hilbertInverseIsExact() throws {
        let n = 8
        let h = (0..<n).map { i in (0..<n).map { j in Rational(1, i + j + 1) } }
        func binomial(_ a: Int, _ b: Int) -> Int {
            guard b >= 0 && b <= a else { return 0 }
            var r = 1
            for k in 0..<b { r = r * (a - k) / (k + 1) }
            return r
        }
        let columns = (0..<n).map { j in (0..<n).map { i in Rational(i == j ? 1 : 0) } }
        let inverse = try #require(ExactLinearSystem.solve(h, rightHandSides: columns))
        for i in 0..<n {
            for j in 0..<n {
                let sign = (i + j) % 2 == 0 ? 1 : -1
                let b = binomial(i + j, i)
                let expected = sign * (i + j + 1) * binomial(n + i, n - j - 1) * binomial(n + j, n - i - 1) * b * b
                #expect(inverse[j][i] == Rational(expected))
            }
        }
    }

    @Test func singularSystemsAreReported() {
        let a = [[Rational(1), Rational(2)], [Rational(2), Rational(4)]]
        #expect(ExactLinearSystem.solve(a, rightHandSides: [[Rational(1), Rational(2)]]) == nil)
    }

    @Test func exactDecimalRounding() {
        #expect(ExactDecimal.format(Rational(1, 3), significantDigits: 5) == "0.33333")
        #expect(ExactDecimal.format(Rational(-2, 3), significantDigits: 5) == "-0.66667")
        #expect(ExactDecimal.format(Rational(99996, 100), significantDigits: 4) == "1000")
        #expect(ExactDecimal.format(Rational(1, 8_000_000), significantDigits: 3) == "1.25e-7")
        #expect(ExactDecimal.format(Rational(80, 49), significantDigits: 8) == "1.6326531")
        #expect(ExactDecimal.format(Rational(123456789), significantDigits: 3) == "1.23e8")
        #expect(ExactDecimal.format(Rational(), significantDigits: 3) == "0")
    }
}
