import Foundation
@testable import Experiments
import Multiprecision
import Testing
@testable import Asymptotics

/// The transition quantity of sweeps against the exact μ-collapse of one data point (MATH.md §9
/// T4): for N = 1 the normalised path depends on α and γ only through μ = α^D/γ, so the
/// transitions of α = 1/2 and α = 1 must sit at the same μ*, and log10(1/ε*) = γ*/ln 10 must
/// scale exactly like α^D.
@Suite struct SweepTransitionTests {
    static let yaml = "data: builtin:T4\nquantity: transition\ndepths: [2]\nalphas: [1/2, 1]\nhorizon: 100\ndigits: 12\n"

    @Test func singlePointTransitionsCollapseInMu() throws {
        let experiment = try ExperimentParser.parse(Self.yaml, source: "t.yaml", baseDirectory: "/")
        #expect(experiment.canonicalText.hasSuffix("digits: 12\nhorizon: 100\nkernel_ratio: 1\nrich_distance: 0.1\n"))
        // D > 2 measures the rich entry against the sweep-end l_{2/D} KKT point: part of the hash.
        let deep = try ExperimentParser.parse(
            Self.yaml.replacingOccurrences(of: "depths: [2]", with: "depths: [2, 3]"),
            source: "t.yaml", baseDirectory: "/")
        #expect(deep.canonicalText.contains("rich_limit: auto") && !experiment.canonicalText.contains("rich_limit"))
        let directory = NSTemporaryDirectory() + "biasflow-transition-\(getpid())"
        try? FileManager.default.removeItem(atPath: directory)
        let store = try SweepStore.create(for: experiment, at: directory)
        _ = try SweepRunner(experiment: experiment, store: store, jobs: 2).run()
        let results = try store.results()
        let half = try #require(results[0]), one = try #require(results[1])
        #expect(
            half.fields == ["alpha_to_depth", "kernel_exit_log10_inv_eps", "kernel_exit_mu", "rich_entry_log10_inv_eps", "rich_entry_mu"])
        #expect(half.records[0][0] == "1/4" && one.records[0][0] == "1")
        // A store holds at most the digits the experiment asks for (12 here), as checkpoints do.
        for result in [half, one] {
            for number in result.records[0].dropFirst().compactMap({ $0 }) {
                let mantissa = number.split(whereSeparator: { $0 == "e" }).first ?? ""
                #expect(mantissa.filter(\.isNumber).drop(while: { $0 == "0" }).count <= 12, "\(number)")
            }
        }
        let p = 128
        func value(_ r: SweepPointResult, _ field: String) throws -> BigFloat {
            try BigFloat(try #require(r.records[0][r.fields.firstIndex(of: field)!]), precision: p)
        }
        for kind in ["kernel_exit", "rich_entry"] {
            let muHalf = try value(half, kind + "_mu"), muOne = try value(one, kind + "_mu")
            #expect(((muHalf - muOne) / muOne).magnitude < (try! BigFloat("1e-10", precision: p)), "\(kind): μ* \(muHalf) vs \(muOne)")
            let ratio = try value(one, kind + "_log10_inv_eps") / value(half, kind + "_log10_inv_eps")
            #expect((ratio - 4).magnitude < (try! BigFloat("1e-10", precision: p)), "\(kind): ratio \(ratio)")
        }
    }

    @Test func storedTransitionNumbersAreRoundedToTheExperimentsDigits() {
        // μ* of the D = 3, α = 100 rich entry on F1 as the transitions table prints it (20 digits).
        let mu = VerifiedDecimal(value: "0.0010297335524356402674", digits: 20)
        #expect(SweepPointComputation.capped(mu, 8) == "0.0010297336")
        #expect(SweepPointComputation.capped(mu, 30) == "0.0010297335524356402674")
        #expect(SweepPointComputation.capped(VerifiedDecimal(value: "421754230.37931534929", digits: 20), 8) == "4.2175423e8")
        #expect(SweepPointComputation.capped(VerifiedDecimal(value: "9.99999996e-5", digits: 9), 3) == "0.000100")
        #expect(SweepPointComputation.capped(nil, 8) == nil)
    }

    @Test func transitionSettingsAreChecked() {
        func failure(_ yaml: String) -> String {
            do {
                _ = try ExperimentParser.parse(yaml, source: "t.yaml", baseDirectory: "/")
                return "no error"
            } catch { return error.description }
        }
        #expect(failure(Self.yaml + "tau: [10]\n") == "t.yaml:7:6: 'tau' belongs to quantity checkpoints, not transition")
        #expect(
            failure(Self.yaml.replacingOccurrences(of: "horizon: 100\n", with: ""))
                == "t.yaml:2:11: quantity transition needs the key 'horizon'")
        #expect(
            failure(Self.yaml + "loss: logistic\n")
                == "t.yaml:7:7: quantity transition follows the exponential-loss flow; loss logistic does not fit it")
        #expect(failure(Self.yaml + "rich_distance: 0\n") == "t.yaml:7:16: rich_distance '0' is not a positive number")
        #expect(
            failure("data: builtin:T4\nquantity: checkpoints\ndepths: [2]\nalphas: [1]\ntau: [10]\ndigits: 12\nhorizon: 5\n")
                == "t.yaml:7:10: 'horizon' belongs to quantity transition, not checkpoints")
    }
}
