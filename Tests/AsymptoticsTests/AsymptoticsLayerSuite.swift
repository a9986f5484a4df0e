import Testing
@testable import Asymptotics

/// The Asymptotics test target; suites live in files named after what they check.
@Suite struct AsymptoticsLayerSuite {
    @Test func moduleLoads() { #expect(Bool(true)) }
}
