import Foundation
import Multiprecision
import Testing
@testable import Flow

/// The regression flow in physical time (Woodworth depth 2, MATH.md T11, α = 1e-30) against an
/// independent 60-digit mpmath Taylor-series integration of the same ODE
/// (Fixtures/make_saddle_flow_reference.py → saddle_flow_reference.json), on the plateaus of the
/// three saddles and across the jumps.
@Suite struct SaddleFlowReferenceTests {
    static let x: [[Rational]] = [["1", "0.5", "0.7", "0"], ["0.5", "1", "0.1", "0.7"]].map { $0.map { try! Rational(decimal: $0) } }
    static let y = [Rational(1), Rational(0)]

    @Test func matchesTheMpmathReferenceAtAlpha1em30() throws {
        let reference = try FlowFixtures.json("saddle_flow_reference")
        let points = try #require(reference["points"] as? [[String: Any]])
        let alpha = try Rational(decimal: "1e-30")
        let network = try DiagonalNetwork(depth: 2, alpha: alpha, dimension: 4)
        let digits = 20
        var flow = try DiagonalRegressionTimeFlow(x: Self.x, y: Self.y, network: network, digits: digits, horizon: 250)
        let p = flow.precision
        let unit = -BigFloat.log(BigFloat(alpha, precision: p)) / 2
        for point in points {
            let rescaled = try #require(point["rescaled_time"] as? String)
            let t = try BigFloat(rescaled, precision: p) * unit
            #expect(FlowFixtures.agreement(t, try #require(point["t"] as? String)) > 25)  // same t as the reference
            try flow.advance(to: t)
            let eta = try #require(point["eta"] as? [String])
            let beta = try #require(point["beta"] as? [String])
            // η to the requested digits (norm-wise), β coordinatewise *relative* (the off-support
            // entries, down to 1e-58, come from the closed form with relative accuracy).
            #expect(FlowFixtures.agreement(flow.eta, eta) > Double(digits - 2), "η at T = \(rescaled)")
            for (value, expected) in zip(flow.predictor, beta) {
                #expect(FlowFixtures.agreement(value, expected) > Double(digits - 5), "β at T = \(rescaled): \(value) vs \(expected)")
            }
            #expect(FlowFixtures.agreement(flow.loss, try #require(point["loss"] as? String)) > Double(digits - 2))
        }
    }
}
