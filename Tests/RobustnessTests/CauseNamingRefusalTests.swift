import Foundation
import Testing

/// End-to-end refusals that name their cause (issue 14): squared-loss levels below the exact
/// infimum on inconsistent regression data, initializations the integrator cannot follow, and
/// messages that show the user's decimals (never "p/q"). Each runs the built binary.
@Suite(.serialized) struct CauseNamingRefusalTests {
    typealias CLI = CommandLineTests

    /// A file of the repository, absolute (the tests may run from any directory).
    static func repo(_ relative: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(relative).path
    }

    /// X w = y without solution: the message names the rows and the infimum L*, exactly.
    @Test func lossLevelsBelowTheInfimumOfInconsistentData() throws {
        // Rows 1 and 2: equal features, targets 1 and 3; L* = ½((1 − 2)² + (3 − 2)²) = 1.
        let duplicate = CLI.file("duplicate-rows.csv", "x1,x2,y\n1,2,1\n1,2,3\n0,1,1\n")
        try CLI.expectRefused(
            ["flow", "--data", duplicate, "--loss", "squared", "--tau", "10"], mention: "rows 1 and 2 have the same features")
        try CLI.expectRefused(["flow", "--data", duplicate, "--loss", "squared", "--tau", "10"], mention: "L* = 1 ")
        try CLI.expectRefused(
            ["flow", "--data", duplicate, "--loss", "squared", "--log10-loss=-3"], mention: "--log10-loss -3 is never reached")
        try CLI.expectRefused(
            ["flow", "--data", duplicate, "--model", "uv", "--loss", "squared", "--tau", "5"], mention: "X w = y has no solution")
        // Rank-deficient X (row 2 = 2·row 1) with targets 1, 3: L* = 1/10 by projecting y on span(1, 2).
        let dependent = CLI.file("dependent-rows.csv", "x1,x2,y\n1,2,1\n2,4,3\n")
        try CLI.expectRefused(
            ["flow", "--data", dependent, "--loss", "squared", "--tau", "10"], mention: "rows 1, 2 are linearly dependent")
        try CLI.expectRefused(["flow", "--data", dependent, "--loss", "squared", "--tau", "10"], mention: "L* = 0.1 ")
        let zero = CLI.file("zero-row.csv", "x1,x2,y\n0,0,2\n1,1,1\n")
        try CLI.expectRefused(
            ["flow", "--data", zero, "--loss", "squared", "--tau", "3"], mention: "row 1 has every feature 0 and the target 2")
        // A level above L* is reachable (τ* = −ln(1/10) ≈ 2.303): the flow runs.
        let reachable = try CLI.run(["flow", "--data", dependent, "--loss", "squared", "--tau", "1", "--digits", "8", "--format", "json"])
        #expect(reachable.status == 0, "\(reachable.stderr.prefix(300))")
        CLI.expectCleanJSON(reachable.stdout, "reachable level")
        // Consistent data are untouched.
        let consistent = CLI.file("consistent.csv", "x1,x2,y\n1,2,1\n2,4,2\n")
        #expect(try CLI.run(["flow", "--data", consistent, "--loss", "squared", "--tau", "5", "--digits", "8"]).status == 0)
    }

    @Test func initializationsBeyondTheIntegratorAreRefusedUpFront() throws {
        try CLI.expectRefused(
            ["flow", "--data", "builtin:F1", "--init-plus", "1e-20,1,1,1,1,1e20", "--init-minus", "1,1,1,1,1,1", "--tau", "10"],
            mention: "span from 1e-20 to 1e20, a ratio of 1e40")
        // α = 1e20 used to end in "step size collapsed at t = 0".
        try CLI.expectRefused(
            [
                "flow", "--data", Self.repo("Docs/examples/two.csv"), "--model", "two-layer", "--outputs", "2", "--width", "4",
                "--alpha", "1e20", "--time", "1"
            ], mention: "stiffness α²·‖X‖²_F·t = 10^40.63")
        try CLI.expectRefused(
            [
                "flow", "--data", Self.repo("Docs/examples/two.csv"), "--model", "two-layer", "--outputs", "2", "--width", "4,8",
                "--alpha", "1e4", "--time", "1"
            ], mention: "lower --alpha or the last --time")
    }

    /// The user wrote decimals: the refusals show decimals.
    @Test func messagesShowTheDecimalsTyped() throws {
        try CLI.expectRefused(
            ["flow", "--data", "builtin:T11", "--optimizer", "gd", "--step", "0.03", "--time", "0.5", "--alpha", "0.5"],
            mention: "--time 0.5 is not a multiple of the step η = 0.03")
        try CLI.expectRefused(
            ["flow", "--data", "builtin:T11", "--optimizer", "gd", "--step=-0.01", "--time", "0.5"], mention: "--step -0.01")
        try CLI.expectRefused(
            ["flow", "--data", "builtin:T11", "--model", "uv", "--loss", "squared", "--alpha=-0.5", "--tau", "10"],
            mention: "--alpha -0.5: an initialization scale must be positive")
        try CLI.expectRefused(
            ["flow", "--data", "builtin:T11", "--model", "uv", "--loss", "squared", "--shape", "1.5", "--tau", "10"],
            mention: "--shape 1.5")
        try CLI.expectRefused(
            ["flow", "--data", "builtin:F1", "--init-plus", "1,1,1,1,1,-0.25", "--init-minus", "1,1,1,1,1,1", "--tau", "10"],
            mention: "-0.25 is not positive")
        try CLI.expectRefused(
            [
                "flow", "--model-file", Self.repo("Data/models/diagonal2.yaml"), "--data", Self.repo("Data/T11.csv"), "--scale", "0.5",
                "--optimizer", "gd", "--step", "0.03", "--time", "0.5"
            ], mention: "time 0.5 is not a non-negative multiple of the step η = 0.03")
        try CLI.expectRefused(
            ["analyze", "--data", "builtin:F1", "--alpha=-0.5", "--tau", "10"],
            mention: "--alpha -0.5: an initialization scale must be positive")
        try CLI.expectRefused(
            ["limits", "--data", Self.repo("Data/F1.csv"), "--kind", "q-mu", "--mu=-0.5", "--depth", "3"],
            mention: "μ must be positive, got -0.5")
        for arguments in [
            ["flow", "--data", "builtin:T11", "--optimizer", "gd", "--step", "0.03", "--time", "0.5", "--alpha", "0.5"],
            ["flow", "--data", "builtin:T11", "--model", "uv", "--loss", "squared", "--alpha=-0.5", "--tau", "10"]
        ] {
            let r = try CLI.run(arguments)
            #expect(!r.stderr.contains("/100") && !r.stderr.contains("/2 "), "\(arguments): a fraction in \(r.stderr)")
        }
    }

    /// Seeds near 2^64 wrap instead of trapping on overflow.
    @Test func widthSweepSeedsAtTheTopOfTheRange() throws {
        let r = try CLI.run([
            "flow", "--data", Self.repo("Docs/examples/two.csv"), "--model", "two-layer", "--outputs", "2", "--width", "2,4",
            "--seed", "18446744073709551615", "--seeds", "2", "--time", "1", "--digits", "6", "--format", "json"
        ])
        #expect(!r.signaled, "trapped: \(r.stderr.prefix(300))")
        #expect(r.status == 0, "\(r.stderr.prefix(300))")
        CLI.expectCleanJSON(r.stdout, "width sweep")
    }
}
