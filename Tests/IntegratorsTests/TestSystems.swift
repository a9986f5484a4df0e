import Integrators
import Multiprecision

/// Test problems with closed-form solutions, written against the public API only.

/// y′ = −y², y(0) = 1: y = 1/(1 + t).
struct Riccati: ODESystem {
    var dimension: Int { 1 }
    func derivative(at t: BigFloat, _ y: BigVector) -> BigVector? { BigVector([-(y[0] * y[0])], precision: y.precision) }
    func jacobian(at t: BigFloat, _ y: BigVector) -> BigMatrix? {
        var j = BigMatrix(rows: 1, columns: 1, precision: y.precision)
        j[0, 0] = -2 * y[0]
        return j
    }
    static func exact(_ t: BigFloat) -> BigFloat { 1 / (1 + t) }
}

/// y′ = y cos t, y(0) = 1: y = e^{sin t} (non-autonomous; no Jacobian given, so the implicit
/// method uses difference quotients).
struct ExponentialSine: ODESystem {
    var dimension: Int { 1 }
    func derivative(at t: BigFloat, _ y: BigVector) -> BigVector? {
        BigVector([y[0] * BigFloat.cos(t, precision: y.precision)], precision: y.precision)
    }
    static func exact(_ t: BigFloat) -> BigFloat { BigFloat.exp(BigFloat.sin(t)) }
}

/// The rotation y₁′ = −y₂, y₂′ = y₁, y(0) = (1, 0): y = (cos t, sin t).
struct Rotation: ODESystem {
    var dimension: Int { 2 }
    func derivative(at t: BigFloat, _ y: BigVector) -> BigVector? { BigVector([-y[1], y[0]], precision: y.precision) }
    func jacobian(at t: BigFloat, _ y: BigVector) -> BigMatrix? {
        var j = BigMatrix(rows: 2, columns: 2, precision: y.precision)
        j[0, 1] = BigFloat(-1, precision: y.precision)
        j[1, 0] = BigFloat(1, precision: y.precision)
        return j
    }
}

/// Prothero–Robinson y′ = λ (y − cos t) − sin t, y(0) = 1: y = cos t for every λ.
struct ProtheroRobinson: ODESystem {
    var lambda: Int
    var dimension: Int { 1 }
    func derivative(at t: BigFloat, _ y: BigVector) -> BigVector? {
        let p = y.precision
        return BigVector(
            [BigFloat(lambda, precision: p) * (y[0] - BigFloat.cos(t, precision: p)) - BigFloat.sin(t, precision: p)], precision: p)
    }
    func jacobian(at t: BigFloat, _ y: BigVector) -> BigMatrix? {
        var j = BigMatrix(rows: 1, columns: 1, precision: y.precision)
        j[0, 0] = BigFloat(lambda, precision: y.precision)
        return j
    }
}

/// |a − b| as log10 (−∞ when equal).
func log10Error(_ a: BigFloat, _ b: BigFloat) -> Double { (a - b).log10Magnitude ?? -.infinity }

/// The observed order log2(e(h) / e(h/2)) from errors given as log10.
func observedOrder(_ coarse: Double, _ fine: Double) -> Double { (coarse - fine) / 0.30102999566398119 }

/// y′ = −y³, y(0) = 1: y = (1 + 2t)^(−1/2).
struct Cubic: ODESystem {
    var dimension: Int { 1 }
    func derivative(at t: BigFloat, _ y: BigVector) -> BigVector? { BigVector([-(y[0] * y[0] * y[0])], precision: y.precision) }
    func jacobian(at t: BigFloat, _ y: BigVector) -> BigMatrix? {
        var j = BigMatrix(rows: 1, columns: 1, precision: y.precision)
        j[0, 0] = -3 * (y[0] * y[0])
        return j
    }
    static func exact(_ t: BigFloat) -> BigFloat { 1 / BigFloat.sqrt(1 + 2 * t) }
}
