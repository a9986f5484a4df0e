import Foundation
@testable import Experiments
import Multiprecision
import Testing
@testable import Asymptotics

/// Experiment files: normalisation and identity, and the errors a user sees for bad files
/// (with the line and column of the offending YAML node).
@Suite struct ExperimentParserTests {
    static func parse(_ yaml: String) throws(ExperimentError) -> Experiment {
        try ExperimentParser.parse(yaml, source: "exp.yaml", baseDirectory: "/nonexistent")
    }

    static func failure(_ yaml: String) -> String {
        do {
            _ = try parse(yaml)
            return "no error"
        } catch { return error.description }
    }

    @Test func fnv1aTestVectors() {
        // Published FNV-1a 64 test vectors (Fowler/Noll/Vo reference code).
        #expect(FNV1a.hex("") == "cbf29ce484222325")
        #expect(FNV1a.hex("a") == "af63dc4c8601ec8c")
        #expect(FNV1a.hex("foobar") == "85944171f73967e8")
    }

    @Test func normalisedExperimentAndGrid() throws {
        let a = try Self.parse(
            """
            name: first
            data: builtin:T4
            quantity: checkpoints
            depths: [3, 2]
            alphas: [10, 0.5, "1e-3"]
            tau: [100, 10]
            digits: 12
            """)
        let b = try Self.parse(
            "data: builtin:T4\nquantity: checkpoints\ndepths: [2, 3]\nalphas: [0.0010, 1/2, 10.0]\ntau: [1e1, 1e2]\ndigits: 12\nloss: exponential\n"
        )
        // Written by hand: FNV-1a of "x1,x2,y\n1,2,1\n" is the data fingerprint.
        let expected = """
            biasflow-sweep-experiment/1
            data: \(FNV1a.hex("x1,x2,y\n1,2,1\n")) (1×3)
            loss: exponential
            quantity: checkpoints
            depths: 2,3
            alphas: 0.001,0.5,10
            tau: 10,100
            digits: 12

            """
        #expect(a.canonicalText == expected)
        #expect(b.canonicalText == expected && a.hash == b.hash && a.hash == FNV1a.hex(expected))
        #expect(
            a.grid.map(\.label) == [
                "D = 2, α = 0.001", "D = 2, α = 0.5", "D = 2, α = 10", "D = 3, α = 0.001", "D = 3, α = 0.5", "D = 3, α = 10"
            ])
        #expect(a.grid[4].alpha == Rational(1, 2))
        #expect(Experiment.text(Rational(1, 3)) == "1/3" && Experiment.text(Rational(-7, 4)) == "-1.75")
    }

    @Test func syntaxErrorsCarryLineAndColumn() {
        let message = Self.failure("data: builtin:T4\nquantity: checkpoints\ndepths: [2, 3\nalphas: [1]\n")
        #expect(message.hasPrefix("exp.yaml:4:7: YAML syntax error: "), "\(message)")
        let tab = Self.failure("data: builtin:T4\n\tquantity: checkpoints\n")
        #expect(tab.hasPrefix("exp.yaml:2:1: YAML syntax error: "), "\(tab)")
    }

    @Test func badValuesNameTheirPlace() {
        let base = "data: builtin:T4\nquantity: checkpoints\ndepths: [2]\nalphas: [1]\ntau: [10]\ndigits: 12\n"
        #expect(
            Self.failure(base + "colour: red\n")
                == "exp.yaml:7:1: unknown key 'colour'; the keys are name, data, loss, quantity, depths, alphas, tau, digits, horizon, kernel_ratio, rich_distance, model_file, scales, time"
        )
        #expect(
            Self.failure(base.replacingOccurrences(of: "alphas: [1]", with: "alphas: [1, -2]"))
                == "exp.yaml:4:13: alpha '-2' must be positive")
        #expect(
            Self.failure(base.replacingOccurrences(of: "alphas: [1]", with: "alphas: [1, one]"))
                == "exp.yaml:4:13: alpha 'one' is not a decimal number or fraction p/q")
        #expect(
            Self.failure(base.replacingOccurrences(of: "alphas: [1]", with: "alphas: [1, 1.0]"))
                == "exp.yaml:4:9: 'alphas' lists the value 1 twice")
        #expect(
            Self.failure(base.replacingOccurrences(of: "depths: [2]", with: "depths: [1]"))
                == "exp.yaml:3:10: depth '1' is not an integer between 2 and 64")
        #expect(
            Self.failure(base.replacingOccurrences(of: "digits: 12", with: "digits: many"))
                == "exp.yaml:6:9: digits 'many' is not an integer between 1 and 10000")
        #expect(
            Self.failure(base.replacingOccurrences(of: "tau: [10]\n", with: ""))
                == "exp.yaml:2:11: quantity checkpoints needs the key 'tau'")
        #expect(
            Self.failure(base.replacingOccurrences(of: "quantity: checkpoints", with: "quantity: magic"))
                == "exp.yaml:2:11: quantity 'magic' is not one of checkpoints, transition, distances")
        #expect(
            Self.failure(base.replacingOccurrences(of: "builtin:T4", with: "builtin:T5"))
                == "exp.yaml:1:7: data: builtin:T5: no built-in data set of that name; the built-in data sets are builtin:F1, builtin:T4, builtin:T11, builtin:woodworth"
        )
        #expect(
            Self.failure(base.replacingOccurrences(of: "builtin:T4", with: "missing.csv"))
                == "exp.yaml:1:7: data: /nonexistent/missing.csv: no such file")
        #expect(Self.failure("- just\n- a list\n").hasPrefix("exp.yaml:1:1: an experiment is a YAML mapping"))
    }

    @Test func contradictoryOptionsAreRefused() {
        // A classification loss on regression data: the first target that is not ±1 is named.
        let regression = "data: builtin:T11\nloss: logistic\nquantity: checkpoints\ndepths: [2]\nalphas: [1]\ntau: [10]\ndigits: 12\n"
        #expect(
            Self.failure(regression)
                == "exp.yaml:2:7: the logistic loss needs labels ±1, but builtin:T11:3:5 (column 'y'): label 0 is not ±1: classification labels must be exactly 1 or -1"
        )
        // A checkpoint before the start of the flow: τ(0) = −ln L(0) = −ln 1 = 0 for one point.
        let early = "data: builtin:T4\nquantity: checkpoints\ndepths: [2]\nalphas: [1]\ntau: [-5]\ndigits: 12\n"
        #expect(Self.failure(early) == "exp.yaml:5:7: tau -5 is not after the start of the flow, τ(0) = −ln L(0) ≈ 0")
        #expect(throws: SweepError("shard 3/2: a shard is i/n with 1 ≤ i ≤ n")) { try SweepShard(parsing: "3/2") }
        #expect(throws: SweepError("shard 'a/b': a shard is i/n, e.g. 1/4")) { try SweepShard(parsing: "a/b") }
    }
}
