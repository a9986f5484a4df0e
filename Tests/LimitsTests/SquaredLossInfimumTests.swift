import Limits
import Multiprecision
import Testing

/// The exact infimum of ½‖Xw − y‖² against values worked by hand (projection of y on col(X)).
@Suite struct SquaredLossInfimumTests {
    static func r(_ rows: [[Int]]) -> [[Rational]] { rows.map { $0.map { Rational($0) } } }

    @Test func consistentDataHaveInfimumZero() throws {
        let infimum = try SquaredLossInfimum(x: Self.r([[1, 2], [2, 4]]), y: [Rational(1), Rational(2)])
        #expect(infimum.isConsistent && infimum.value.isZero && infimum.cause == nil)
    }

    /// Rows (1, 2) → 1 and (1, 2) → 3: the best fit predicts 2 on both, L* = ½(1 + 1) = 1.
    @Test func duplicateRowsWithDifferentTargets() throws {
        let infimum = try SquaredLossInfimum(x: Self.r([[1, 2], [1, 2], [0, 1]]), y: [Rational(1), Rational(3), Rational(1)])
        #expect(infimum.value == Rational(1))
        #expect(infimum.certificate?.isVerified == true)
        #expect(infimum.cause?.contains("rows 1 and 2 have the same features") == true)
    }

    /// X = [(1, 2), (2, 4)] has rank 1; y = (1, 3) projects to (7/5)(1, 2), residual (−2/5, 1/5),
    /// L* = ½(4 + 1)/25 = 1/10; the certificate v = r/rᵀr = (−2, 1) has Xᵀv = 0, yᵀv = 1.
    @Test func rankDeficientInconsistentSystem() throws {
        let infimum = try SquaredLossInfimum(x: Self.r([[1, 2], [2, 4]]), y: [Rational(1), Rational(3)])
        #expect(infimum.value == Rational(1, 10))
        #expect(infimum.certificate?.combination == [Rational(-2), Rational(1)])
        #expect(infimum.certificate?.isVerified == true)
        #expect(infimum.cause?.contains("rows 1, 2 are linearly dependent") == true)
        // τ* = −ln(1/10) = 2.302585…: τ = 2.3 is above L* (reachable), τ = 2.31 is not.
        #expect(infimum.admits(tau: Rational(23, 10)))
        #expect(!infimum.admits(tau: Rational(231, 100)))
        #expect(infimum.admits(log10Loss: Rational(-99, 100)))
        #expect(!infimum.admits(log10Loss: Rational(-1)))
    }

    @Test func zeroFeatureRowWithNonZeroTarget() throws {
        let infimum = try SquaredLossInfimum(x: Self.r([[0, 0], [1, 1]]), y: [Rational(2), Rational(1)])
        #expect(infimum.value == Rational(2))
        #expect(infimum.cause?.contains("row 1 has every feature 0 and the target 2") == true)
    }
}
