import Integrators
import Multiprecision
import Testing

/// Gragg–Bulirsch–Stoer extrapolation's order 2k observed by step halving at fixed steps, at the
/// step ends and for the dense output inside the steps, on y′ = −y³ at 320 bits.
@Suite("Extrapolation convergence")
struct ExtrapolationConvergenceTests {
    static let precision = 320

    static func solve(columns: Int, steps: Int) throws -> ODESolution {
        let problem = ODEProblem(
            system: Cubic(), start: Rational(0), initialState: [Rational(1)], end: Rational(1),
            precision: precision, log10Tolerance: -85)
        return try problem.solve(.extrapolation(columns: columns), stepping: .fixed(Rational(1, steps)))
    }

    @Test("order 2k at the step ends", arguments: [(2, 16), (3, 8), (4, 8), (5, 4)])
    func endOrder(columns: Int, steps: Int) throws {
        let one = BigFloat(1, precision: Self.precision)
        let coarse = log10Error(try Self.solve(columns: columns, steps: steps).targetStates[0][0], Cubic.exact(one))
        let fine = log10Error(try Self.solve(columns: columns, steps: 2 * steps).targetStates[0][0], Cubic.exact(one))
        let order = observedOrder(coarse, fine)
        print("observed order \(#function) k = \(columns): \(order)")
        #expect(abs(order - Double(2 * columns)) < 0.3, "k = \(columns): observed order \(order)")
    }

    static func denseError(columns: Int, steps: Int) throws -> Double {
        let solution = try solve(columns: columns, steps: steps)
        var worst = -Double.infinity
        for k in 0..<steps {
            let t = BigFloat(Rational(3 * k + 1, 3 * steps), precision: precision)
            let value = try #require(solution(at: t))
            worst = max(worst, log10Error(value[0], Cubic.exact(t)))
        }
        return worst
    }

    @Test("dense output of order 2k inside the steps", arguments: [(2, 16), (3, 8), (4, 8)])
    func denseOrder(columns: Int, steps: Int) throws {
        let order = observedOrder(
            try Self.denseError(columns: columns, steps: steps), try Self.denseError(columns: columns, steps: 2 * steps))
        print("observed order \(#function) k = \(columns): \(order)")
        #expect(abs(order - Double(2 * columns)) < 0.3, "k = \(columns): observed dense order \(order)")
    }
}
