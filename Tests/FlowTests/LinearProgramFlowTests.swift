import Foundation
import Multiprecision
import Testing
@testable import Flow

/// The LP flow (MATH.md §6.2, T14) on Docs/examples/lp-small.csv: the closed form
/// x(t) = x₀ ∘ exp(−4Aᵀ∫(Ax − b)) against an independent integration of the primal ODE
/// dx/dt = −4x∘Aᵀ(Ax − b), and the flow's limit against the entropic LP solved by mpmath
/// (Fixtures/make_entropic_lp_reference.py), with its KKT conditions.
@Suite struct LinearProgramFlowTests {
    static let a: [[Rational]] = [[1, 1, 1, 1], [1, -1, 2, -1]].map { $0.map { Rational($0) } }
    static let b = [Rational(1), Rational(1, 2)]
    static let c = [Rational(1), Rational(2), Rational(3), Rational(1, 2)]

    @Test func closedFormIdentityAlongTheFlow() throws {
        let lambda = Rational(1, 5)
        let digits = 25
        var flow = try LinearProgramFlow(a: Self.a, b: Self.b, c: Self.c, lambda: lambda, digits: digits)
        let p = flow.precision
        let primal = try LinearProgramPrimalField(a: Self.a, b: Self.b, c: Self.c, lambda: lambda, precision: p)
        var solver = TimeClockFlowSolver(
            system: primal, method: .radau(stages: 14), initialState: primal.initialState,
            log10Tolerance: -Double(digits + 3), initialStep: BigFloat(exactly: 1e-4, precision: p))
        for t in ["0.25", "1", "4"] {
            let time = try BigFloat(t, precision: p)
            try flow.advance(to: time)
            try solver.advance(to: time)
            let state = solver.state
            // Identity inside the primal run: x = x₀ ∘ exp(−4Aᵀθ) with its own θ.
            for j in 0..<4 {
                var exponent = BigFloat(-Self.c[j] / lambda, precision: p)
                for i in 0..<2 { exponent -= 4 * BigFloat(Self.a[i][j], precision: p) * state[4 + i] }
                let closed = BigFloat.exp(exponent)
                let relative = ((state[j] - closed) / closed).magnitude
                #expect(relative.log10Magnitude! < -Double(digits - 4), "x_\(j + 1) at t = \(t): \(relative)")
                // And the dual (closed-form) flow agrees with the primal one.
                let other = ((flow.x[j] - state[j]) / state[j]).magnitude
                #expect(other.isZero || other.log10Magnitude! < -Double(digits - 4), "dual vs primal x_\(j + 1) at t = \(t): \(other)")
            }
        }
    }

    @Test func limitSolvesTheEntropicLPOfTheMpmathReference() throws {
        let reference = try FlowFixtures.json("entropic_lp_reference")
        let points = try #require(reference["points"] as? [[String: Any]])
        for point in points {
            let lambdaText = try #require(point["lambda"] as? String)
            let lambda = try Rational(decimal: lambdaText)
            let digits = 30
            var flow = try LinearProgramFlow(a: Self.a, b: Self.b, c: Self.c, lambda: lambda, digits: digits)
            #expect(try flow.runToLimit())
            // KKT: primal feasibility to the requested digits; stationarity c + λ ln x + Aᵀμ = 0 with μ = 4λθ.
            let p = flow.precision
            #expect(flow.residual.allSatisfy { $0.isZero || $0.log10Magnitude! <= -Double(digits) })
            let mu = flow.multiplier
            for j in 0..<4 {
                var value = BigFloat(Self.c[j], precision: p) + BigFloat(lambda, precision: p) * BigFloat.log(flow.x[j])
                for i in 0..<2 { value += BigFloat(Self.a[i][j], precision: p) * mu[i] }
                #expect(value.isZero || value.log10Magnitude! < -Double(digits))
            }
            #expect(FlowFixtures.agreement(flow.x, try #require(point["x"] as? [String])) > Double(digits - 2), "x at λ = \(lambdaText)")
            #expect(FlowFixtures.agreement(mu, try #require(point["mu"] as? [String])) > Double(digits - 4), "μ at λ = \(lambdaText)")
        }
    }
}
