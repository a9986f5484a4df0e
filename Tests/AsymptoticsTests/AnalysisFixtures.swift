import Flow
import Foundation
import Limits
import Multiprecision
import Testing
@testable import Asymptotics

/// Shared, lazily computed trajectories and reports (each flow is solved once per test process),
/// and the independent reference of Fixtures/make_analysis_reference.py.
enum AnalysisFixtures {
    static let f1: [[Rational]] = [
        ["0.646", "0.822", "0.330", "-1.303", "0.905", "0.446"],
        ["0.837", "0.581", "0.365", "0.294", "0.028", "0.547"],
        ["1.036", "-0.163", "-0.482", "0.599", "0.040", "-0.292"],
        ["1.082", "-0.257", "0.008", "-0.276", "1.294", "1.007"]
    ].map { $0.map { try! Rational(decimal: $0) } }

    static func trajectory(_ z: [[Rational]], depth: Int, alpha: Rational, _ checkpoints: [CheckpointTarget], digits: Int) -> Trajectory {
        let network = try! DiagonalNetwork(depth: depth, alpha: alpha, dimension: z[0].count)
        let problem = try! FlowProblem(
            data: .classification(z: z), network: network, loss: .exponential, checkpoints: checkpoints, digits: digits)
        var solver = VerifiedFlowSolver(problem: problem)
        solver.allowShortfall = true
        return try! solver.solve()
    }

    static func limits(_ z: [[Rational]], depth: Int, _ trajectory: Trajectory) -> LimitReferences {
        let precision = trajectory.checkpoints.map { $0.checkpoint.precisionBits }.max()!
        return try! LimitReferences(z: z, depth: depth, precision: precision)
    }

    /// F1, D = 2, α = 1, τ = 10, 100, 1000, 1e4 (MATH.md T7), 12 digits.
    static let depth2 = trajectory(f1, depth: 2, alpha: Rational(1), ["10", "100", "1000", "1e4"].map { .tau($0) }, digits: 12)
    static let depth2Limits = limits(f1, depth: 2, depth2)
    static let depth2Report: RegimeReport = {
        var analyzer = RegimeAnalyzer(rule: try! RegimeRule())
        analyzer.includeSweep = false
        return try! analyzer.analyze(depth2, limits: depth2Limits, dataName: "F1")
    }()

    /// F1, D = 3, α = 1, τ = 100, 1000, 1e4 (MATH.md T8), 12 digits.
    static let depth3 = trajectory(f1, depth: 3, alpha: Rational(1), ["100", "1000", "1e4"].map { .tau($0) }, digits: 12)
    static let depth3Report: RegimeReport = {
        var analyzer = RegimeAnalyzer(rule: try! RegimeRule())
        analyzer.includeSweep = false
        analyzer.includeRegularized = false
        return try! analyzer.analyze(depth3, limits: limits(f1, depth: 3, depth3), dataName: "F1")
    }()

    struct Reference: Decodable {
        struct Block: Decodable {
            var depth: Int
            var checkpoints: [[String: String]]
        }
        var w2_exact: [String]
        var w1_exact: [String]
        var l23_kkt_exact: [String]
        var depths: [Block]

        func checkpoint(depth: Int, tau: String) -> [String: String] {
            depths.first { $0.depth == depth }!.checkpoints.first { $0["tau"] == tau }!
        }
    }

    static let reference: Reference = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/analysis_reference.json")
        return try! JSONDecoder().decode(Reference.self, from: try! Data(contentsOf: url))
    }()

    /// Significant digits on which the decimal `value` agrees with the decimal `reference`.
    static func agreement(_ value: String, _ reference: String) -> Double {
        let a = try! BigFloat(value, precision: 256), b = try! BigFloat(reference, precision: 256)
        let difference = a - b
        if difference.isZero { return 77 }
        return (b.log10Magnitude ?? 0) - (difference.log10Magnitude ?? 0)
    }

    static func double(_ text: String) -> Double { Double(text)! }
}
