import ArgumentParser
import KernelBenchmark
import Multiprecision

/// `biasflow bench …`: benchmarks that compare BiasFlow with a floor or a peer in one run.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks measured against a floor or a peer in the same run.",
        subcommands: [BenchKernelsCommand.self]
    )
}

/// `biasflow bench kernels`: the in-place kernel workload through Swift and as plain C on MPFR.
struct BenchKernelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernels",
        abstract: "Time the in-place kernels (matvec, softmax, transposed matvec, dot, axpy) in Swift and in C."
    )

    @Option(help: "Output format: table or json.")
    var format: OutputFormat = .table

    @Option(help: "Working precision in bits.")
    var precision: Int = 256

    @Option(help: "Rows of the matrix (samples).")
    var rows: Int = 32

    @Option(help: "Columns of the matrix (features).")
    var columns: Int = 128

    @Option(help: "Rounds of the workload per timing.")
    var iterations: Int = 60

    @Option(help: "Timings of each side; the fastest is kept.")
    var repetitions: Int = 5

    enum OutputFormat: String, ExpressibleByArgument { case table, json }

    func validate() throws {
        do { try Precision.validate(precision) } catch { throw ValidationError(error.description) }
        guard rows > 0, columns > 0, iterations > 0, repetitions > 0 else {
            throw ValidationError("--rows, --columns, --iterations and --repetitions must be positive")
        }
    }

    func run() throws {
        let workload = KernelWorkload(precision: precision, rows: rows, columns: columns, iterations: iterations)
        let result = KernelBenchmarkResult.measure(workload, repetitions: repetitions)
        guard result.swiftChecksum == result.cChecksum else {
            throw ValidationError("the Swift and C workloads disagree (\(result.swiftChecksum) vs \(result.cChecksum)): they are not the same computation")
        }
        switch format {
        case .json:
            print("{\"swift_ns\": \(result.swiftNanoseconds), \"c_ns\": \(result.cNanoseconds), \"ratio\": \(formatRatio(result.ratio)), "
                + "\"precision_bits\": \(precision), \"rows\": \(rows), \"columns\": \(columns), \"iterations\": \(iterations)}")
        case .table:
            print("kernel workload: \(rows)×\(columns), \(iterations) rounds of matvec, softmax, transposed matvec, dot, axpy at \(precision) bits")
            print("  Swift layer  \(result.swiftNanoseconds) ns")
            print("  C on MPFR    \(result.cNanoseconds) ns")
            print("  ratio        \(formatRatio(result.ratio))")
        }
    }

    private func formatRatio(_ ratio: Double) -> String {
        String(Double(Int((ratio * 1000).rounded())) / 1000)
    }
}
