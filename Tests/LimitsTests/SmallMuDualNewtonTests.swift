import Foundation
import Multiprecision
import Testing

@testable import Limits

/// The dual Newton of argmin Q^D_μ and of the sweep path at tiny μ (μ down to 1e-300), where for
/// D > 2 the supported s_j sit at 1 − s_j ≈ μ^{(D−2)/D} from the edge of the domain and the
/// working precision has to grow with log(1/μ) (`DualNewtonCore.covering`).
@Suite struct SmallMuDualNewtonTests {
    /// Cases of Fixtures/small_mu_reference.json (written by make_small_mu_reference.py, mpmath).
    static func cases() throws -> [[String: Any]] {
        let url = try #require(Bundle.module.url(forResource: "small_mu_reference", withExtension: "json", subdirectory: "Fixtures"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        return try #require(object["cases"] as? [[String: Any]])
    }

    static func floats(_ strings: [String]) throws -> [BigFloat] { try strings.map { try BigFloat($0, precision: 256) } }

    @Test func argminAtTinyMuMatchesMpmath() throws {
        // F1 (D = 3, 2; μ = 1e-100) and T11 (D = 3, μ = 1e-300; D = 2, μ = 1e-200) against the
        // independent mpmath KKT solve (50 digits): every verified digit is correct.
        for entry in try Self.cases() {
            let depth = try #require(entry["depth"] as? Int)
            let mu = try Rational(decimal: try #require(entry["mu"] as? String))
            let problem =
                (entry["kind"] as? String) == "classification"
                ? try RegularizedLimitProblem(classificationRows: Fixtures.f1, depth: depth, mu: mu)
                : try RegularizedLimitProblem(regressionRows: Fixtures.t11x, targets: Fixtures.t11y, depth: depth, mu: mu)
            let limit = try DualNewtonSolver(options: .init(precision: 192)).solve(problem)
            let w = try Self.floats(try #require(entry["w"] as? [String]))
            let dual = try Self.floats(try #require(entry["dual"] as? [String]))
            let label = "\(entry["data"] ?? "") D = \(depth), μ = \(entry["mu"] ?? "")"
            #expect(limit.verifiedDigits >= 45, "\(label): \(limit.verifiedDigits) digits")
            let claimed = Swift.min(limit.verifiedDigits, 48)
            #expect(AgreedDigits.normwise(limit.w, w) >= claimed, "\(label): w")
            #expect(AgreedDigits.normwise(limit.dual, dual) >= claimed, "\(label): λ")
        }
    }

    @Test func sweepPathReachesMu1eMinus100AtDepth3() throws {
        // F1, D = 3, down to μ = 1e-100 (2 grid steps per decade, so the test is quick).
        let mu = try Rational(decimal: "1e-100")
        let problem = try RegularizedLimitProblem(classificationRows: Fixtures.f1, depth: 3, mu: mu)
        let sweep = try SweepPath(problem, stepsPerDecade: 2, options: .init(precision: 128)).solve()
        #expect(sweep.verifiedDigits >= 30)
        // Invariant, independent of the working precision: w = μ h_3(Zᵀλ) with Zᵀλ formed exactly
        // from the reported λ and h_3 evaluated at 2000 bits.
        let lambda = try sweep.dual.map { try Rational(exactly: $0) }
        let bits = 2000
        let potential = DepthPotential(depth: 3, precision: bits)
        let s = Fixtures.transposeTimes(Fixtures.f1, lambda).map { BigFloat($0, precision: bits) }
        let recomputed = s.map { BigFloat(mu, precision: bits) * potential.h($0) }
        #expect(AgreedDigits.normwise(sweep.w, recomputed) >= sweep.verifiedDigits)
        // KKT of the last step (λ ≥ the previous multipliers): margins ≥ 1, complementary slackness.
        #expect(sweep.residuals.primalInfeasibility.doubleValue < 1e-35)
        #expect(sweep.residuals.complementarity.doubleValue < 1e-35)
        // The μ → 0 end of the F1 sweep at D = 3 is the l_{2/3} KKT point (500/323) e₁ (RichLimit);
        // the other weights are O(μ).
        let end = BigFloat(Rational(500, 323), precision: bits)
        #expect((BigFloat(sweep.w[0], precision: bits) - end).magnitude.doubleValue < 1e-30)
        for weight in sweep.w.dropFirst() { #expect(weight.magnitude.doubleValue < 1e-95) }
    }
}
