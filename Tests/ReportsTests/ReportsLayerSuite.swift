import Testing
@testable import Reports

/// The Reports test target; suites live in files named after what they check.
@Suite struct ReportsLayerSuite {
    @Test func moduleLoads() { #expect(Bool(true)) }
}
