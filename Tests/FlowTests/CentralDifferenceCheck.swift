import Foundation
import Integrators
import Multiprecision
import Testing

/// A system's Jacobian at (x, y) against the central difference of its derivative,
/// (f(y + εe_b) − f(y − εe_b))/(2ε) with ε = 2^-100·|y_b|: every entry within 10^-digits of its
/// row's largest (rows mix O(τ) and O(1) terms). At 512 bits the truncation is about 1e-60
/// relative and the rounding about 1e-124, so the difference is an independent value to 50 digits.
func expectJacobianMatchesCentralDifference(
    _ system: some StiffSystem, at x: BigFloat, _ y: BigVector, _ jacobian: BigMatrix, digits: Double,
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let n = y.count
    for b in 0..<n {
        let epsilon = BigFloat.scaled(y[b].magnitude, byPowerOfTwo: -100)
        var plus = y, minus = y
        plus[b] = y[b] + epsilon
        minus[b] = y[b] - epsilon
        let fp = try #require(system.derivative(at: x, plus), sourceLocation: sourceLocation)
        let fm = try #require(system.derivative(at: x, minus), sourceLocation: sourceLocation)
        for a in 0..<n {
            let difference = (fp[a] - fm[a]) / (2 * epsilon)
            var rowScale = BigFloat(precision: y.precision)
            for c in 0..<n { rowScale = BigFloat.maximum(rowScale, jacobian[a, c].magnitude) }
            let error = ((difference - jacobian[a, b]) / rowScale).magnitude.log10Magnitude ?? -Double.infinity
            #expect(error < -digits, "∂f_\(a)/∂y_\(b): relative error 1e\(error)", sourceLocation: sourceLocation)
        }
    }
}
