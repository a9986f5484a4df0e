import Datasets
import Flow
import Foundation
import Limits
import Multiprecision
import Reports
import Testing

/// The one JSON writer and the §4 contracts built on it: RFC 8259 strings, decimal-string numbers,
/// never NaN, ±∞ or −0.
@Suite struct JSONWriterTests {
    static func parse(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    @Test func stringsRoundTripThroughAnIndependentParser() throws {
        let texts = ["plain", "quote \" backslash \\ slash /", "tab\tline\nreturn\r", "\u{0}\u{1}\u{1F}\u{7F}", "α^D ≤ 1e-30 😀", ""]
        for text in texts {
            #expect(try Self.parse(JSONText.string(text)) as? String == text)
        }
    }

    @Test func numbersAreDecimalStringsNeverSpecial() throws {
        #expect(JSONText.decimal("-0") == "\"0\"")
        #expect(JSONText.decimal("-0.000") == "\"0\"")
        #expect(JSONText.decimal("-0e5") == "\"0\"")
        #expect(JSONText.decimal("-0.5") == "\"-0.5\"")
        #expect(JSONText.decimal("nan") == "null")
        #expect(JSONText.decimal("inf") == "null")
        #expect(JSONText.decimal("-inf") == "null")
        #expect(JSONText.decimal(nil) == "null")
        #expect(JSONText.decimal("1/3") == "\"1/3\"")
        #expect(JSONText.number(.nan) == "null")
        #expect(JSONText.number(.infinity) == "null")
        #expect(JSONText.number(-0.0) == "\"0\"")
        #expect(JSONText.number(0.125) == "\"0.125\"")
        #expect(JSONText.decimal((-BigFloat(0, precision: 64)).formatted(significantDigits: 5)) == "\"0\"")
    }

    /// min ‖w‖₁ s.t. w₁ ≥ 1, w₂ ≥ 1 (z = I): w = (1, 1), objective 2, by hand.
    @Test func limitContractOfAnExactLimit() throws {
        let z = [[Rational(1), Rational(0)], [Rational(0), Rational(1)]]
        let limit = try LimitProblem(kind: .l1Margin, classificationRows: z).solve()
        let object = try #require(try Self.parse(LimitJSON.render(limit, kind: "l1-margin", exact: true, digits: 10)) as? [String: Any])
        #expect(object["kind"] as? String == "l1-margin")
        #expect(object["w"] as? [String] == ["1", "1"])
        #expect(object["objective"] as? String == "2")
        #expect(object["exact"] as? Bool == true)
        let certificate = try #require(object["certificate"] as? [String: Any])
        #expect(certificate["verified"] as? Bool == true)
        #expect(certificate["primal_objective"] as? String == "2")
    }

    /// The flow contract on F1 to τ = 5: keys in order asked, τ printed as asked, counts integers.
    @Test func flowContractOfATrajectory() throws {
        let z = try [
            ["0.646", "0.822", "0.330", "-1.303", "0.905", "0.446"], ["0.837", "0.581", "0.365", "0.294", "0.028", "0.547"],
            ["1.036", "-0.163", "-0.482", "0.599", "0.040", "-0.292"], ["1.082", "-0.257", "0.008", "-0.276", "1.294", "1.007"]
        ]
        .map { row in try row.map { try Rational(decimal: $0) } }
        let network = try DiagonalNetwork(depth: 2, alpha: Rational(1), dimension: 6)
        let problem = try FlowProblem(
            data: .classification(z: z), network: network, loss: .exponential, checkpoints: [.tau("5")], digits: 8)
        var solver = VerifiedFlowSolver(problem: problem)
        solver.allowShortfall = true
        let text = FlowJSON.render(try solver.solve())
        let object = try #require(try Self.parse(text) as? [String: Any])
        let checkpoint = try #require((object["checkpoints"] as? [[String: Any]])?.first)
        #expect(checkpoint["target"] as? String == "τ = 5")
        let tau = try #require(checkpoint["tau"] as? String)
        #expect(abs((Double(tau) ?? 0) - 5) < 1e-6)
        #expect((checkpoint["w"] as? [String])?.count == 6)
        #expect((checkpoint["nu"] as? [String])?.count == 4)
        #expect(checkpoint["steps"] is Int)
        for bad in ["\"nan\"", "\"inf\"", "\"-0\""] { #expect(!text.contains(bad)) }
    }
}
