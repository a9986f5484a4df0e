@testable import Flow
import Datasets
import Integrators
import Limits
import Multiprecision
import Testing

/// The engine's data-parallel work (stage evaluations, norms and residuals of the implicit phase;
/// the verified solve's two runs side by side) gives results bit-identical to one thread.
@Suite("Results do not depend on the thread count")
struct ThreadCountTests {
    /// Every figure of a checkpoint as exact binary text.
    static func bits(_ checkpoint: Checkpoint) -> [String] {
        func exact(_ x: BigFloat) -> String {
            guard let binary = x.exactBinary else { return x.description }
            return "\(x.precision):\(binary.mantissa)p\(binary.exponent)"
        }
        return
            ([checkpoint.tau, checkpoint.tauFromState, checkpoint.log10Loss, checkpoint.log10Time] + checkpoint.w
            + checkpoint.nu + checkpoint.margins).map(exact) + ["\(checkpoint.steps)", "\(checkpoint.precisionBits)"]
    }

    /// Seeded random separable data: z_n = sign(x_n·β*) x_n.
    static func randomSeparable(samples n: Int, features d: Int) -> [[Rational]] {
        let data = RandomRationalData(samples: n, features: d, seed: 1)
        return zip(data.rows, data.targets).map { row, target in target.signum < 0 ? row.map { -$0 } : row }
    }

    /// One unverified run on `threads` threads.
    static func run(_ problem: FlowProblem, threads: Int, digits: Int) throws -> FlowSolver.Run {
        let setting = VerifiedFlowSolver.runSettings(digits: digits)[0]
        var solver = FlowSolver(problem: problem, precision: setting.precision, log10Tolerance: setting.log10Tolerance)
        solver.threads = threads
        return try solver.solve()
    }

    @Test("F1 to τ = 1e4 (ν and margin-gap coordinates, dense Newton matrix): 1, 2 and 5 threads agree bit for bit")
    func f1() throws {
        let network = try DiagonalNetwork(depth: 2, alpha: Rational(1), dimension: 6)
        let problem = try FlowProblem(
            data: .classification(z: FlowFixtures.f1), network: network, loss: .exponential,
            checkpoints: [.tau("1e2"), .tau("1e4")], digits: 20)
        let reference = try Self.run(problem, threads: 1, digits: 20)
        #expect(reference.statistics.implicitSteps > 0, "the implicit phase is what runs on several threads")
        for threads in [2, 5] {
            let run = try Self.run(problem, threads: threads, digits: 20)
            #expect(run.checkpoints.map(Self.bits) == reference.checkpoints.map(Self.bits))
        }
    }

    @Test("40 × 60 separable to τ = 50 (Schur-form Newton matrix): 1 and 3 threads agree bit for bit")
    func kronecker() throws {
        let z = Self.randomSeparable(samples: 40, features: 60)
        let network = try DiagonalNetwork(depth: 2, alpha: Rational(1), dimension: 60)
        let problem = try FlowProblem(
            data: .classification(z: z), network: network, loss: .exponential,
            checkpoints: [.tau("50")], digits: 10)
        #expect(problem.data.sampleCount + 1 >= RadauStepper.kroneckerDimension)
        let reference = try Self.run(problem, threads: 1, digits: 10)
        #expect(reference.statistics.implicitSteps > 0)
        let run = try Self.run(problem, threads: 3, digits: 10)
        #expect(run.checkpoints.map(Self.bits) == reference.checkpoints.map(Self.bits))
    }

    @Test("the verified solve with its two runs side by side equals the one-thread solve")
    func verified() throws {
        let network = try DiagonalNetwork(depth: 2, alpha: Rational(1), dimension: 6)
        let problem = try FlowProblem(
            data: .classification(z: FlowFixtures.f1), network: network, loss: .exponential,
            checkpoints: [.tau("1e3")], digits: 15)
        var single = VerifiedFlowSolver(problem: problem)
        single.threads = 1
        var parallel = VerifiedFlowSolver(problem: problem)
        parallel.threads = 2
        let a = try single.solve(), b = try parallel.solve()
        #expect(a.checkpoints.map { Self.bits($0.checkpoint) } == b.checkpoints.map { Self.bits($0.checkpoint) })
        #expect(a.checkpoints.map(\.verifiedDigits) == b.checkpoints.map(\.verifiedDigits))
        #expect(a.checkpoints[0].verifiedDigits >= 15)
    }
}
