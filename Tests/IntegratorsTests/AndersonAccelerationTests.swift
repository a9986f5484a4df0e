import Integrators
import Multiprecision
import Testing

/// Anderson acceleration on a linear fixed-point iteration z ← T z + c, whose fixed point the
/// residual T z + c − z certifies: with depth ≥ dim the method is GMRES in disguise and reaches
/// the fixed point to working precision in a few more steps than the dimension, where the plain
/// iteration (spectral radius 0.9) has gained less than a digit; at any exponent.
@Suite("Anderson acceleration")
struct AndersonAccelerationTests {
    static let precision = 256
    /// Upper triangular, eigenvalues 0.9, 0.8, −0.7, 0.5, non-normal.
    static let t: [[Double]] = [
        [0.9, 0.5, -0.25, 0.125],
        [0, 0.8, 0.5, -0.5],
        [0, 0, -0.7, 0.75],
        [0, 0, 0, 0.5]
    ]

    /// T z + c − z, with c = scale · (1, 2, 3, 4).
    static func correction(_ z: BigVector, scale: BigFloat) -> BigVector {
        var f = BigVector(count: 4, precision: precision)
        for i in 0..<4 {
            var sum = scale * BigFloat(i + 1, precision: precision) - z[i]
            for j in 0..<4 { sum += BigFloat(exactly: t[i][j], precision: precision) * z[j] }
            f[i] = sum
        }
        return f
    }

    /// log10 of ‖T z + c − z‖∞ relative to the scale.
    static func log10Residual(_ z: BigVector, scale: BigFloat) -> Double {
        let f = correction(z, scale: scale)
        let largest = f.elements.map { ($0 / scale).magnitude }.max()!
        return largest.isZero ? -Double.infinity : largest.log10Magnitude!
    }

    @Test("reaches the fixed point to 70 digits in 12 steps (plain: under one digit), at scales 1 and 2^-3000", arguments: [0, -3000])
    func linear(binaryExponent: Int) {
        let p = Self.precision
        let scale = BigFloat.scaled(BigFloat(1, precision: p), byPowerOfTwo: binaryExponent)
        var acceleration = AndersonAcceleration(depth: 4)
        var z = BigVector(count: 4, precision: p), plain = z
        var combinedSteps = 0
        for step in 0..<12 {
            let (next, combined) = acceleration.next(z, correction: Self.correction(z, scale: scale))
            #expect(combined == (step > 0))
            if combined { combinedSteps += 1 }
            z = next
            let f = Self.correction(plain, scale: scale)
            for i in 0..<4 { plain[i] = plain[i] + f[i] }
        }
        #expect(combinedSteps == 11)
        #expect(Self.log10Residual(z, scale: scale) < -70)
        #expect(Self.log10Residual(plain, scale: scale) > -1)
    }

    @Test("after a reset the next step is the plain one")
    func reset() {
        let p = Self.precision
        let scale = BigFloat(1, precision: p)
        var acceleration = AndersonAcceleration(depth: 2)
        var z = BigVector(count: 4, precision: p)
        for _ in 0..<3 { z = acceleration.next(z, correction: Self.correction(z, scale: scale)).0 }
        acceleration.reset()
        let f = Self.correction(z, scale: scale)
        let (next, combined) = acceleration.next(z, correction: f)
        #expect(!combined)
        for i in 0..<4 { #expect(next[i] == z[i] + f[i]) }
    }
}
