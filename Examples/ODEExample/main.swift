// A client of the public integrator library, as a user's package would write it: the
// Prothero–Robinson problem y′ = −10⁶ (y − cos t) − sin t, y(0) = 1 (exact solution y = cos t,
// stiffness 10⁶), integrated at 60 digits with Radau IIA, printing y(t) for t = 1 … 10 to 50
// significant digits.
import Integrators
import Multiprecision

/// The Prothero–Robinson system with stiffness λ = −10⁶.
struct ProtheroRobinson: ODESystem {
    var dimension: Int { 1 }

    func derivative(at t: BigFloat, _ y: BigVector) -> BigVector? {
        let p = y.precision
        let lambda = BigFloat(-1_000_000, precision: p)
        let value = lambda * (y[0] - BigFloat.cos(t, precision: p)) - BigFloat.sin(t, precision: p)
        return BigVector([value], precision: p)
    }

    func jacobian(at t: BigFloat, _ y: BigVector) -> BigMatrix? {
        var matrix = BigMatrix(rows: 1, columns: 1, precision: y.precision)
        matrix[0, 0] = BigFloat(-1_000_000, precision: y.precision)
        return matrix
    }
}

let digits = 60
let problem = ODEProblem(
    system: ProtheroRobinson(), start: Rational(0), initialState: [Rational(1)],
    targets: (1...10).map { Rational($0) },
    precision: Precision.bits(forDecimalDigits: digits), log10Tolerance: -Double(digits - 5))
do {
    let solution = try problem.solve(.radauIIA())
    for (t, y) in zip(solution.targets, solution.targetStates) {
        print("\(t) \(y[0].formatted(significantDigits: 50))")
    }
} catch {
    print("error: \(error)")
}
