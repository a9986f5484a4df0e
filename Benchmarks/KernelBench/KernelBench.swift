import ArgumentParser
import Foundation
import KernelBenchmark
import Multiprecision

/// The in-place kernel workload through the Swift layer and as plain C on MPFR, timed in one run:
///
///     swift run -c release KernelBench [--format table|json] [--precision 256] [--rows 32]
///         [--columns 128] [--iterations 60] [--repetitions 5]
@main
struct KernelBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "KernelBench",
        abstract: "Time the in-place kernels (matvec, softmax, transposed matvec, dot, axpy) in Swift and in C."
    )

    @Option(help: "Output format: table or json.")
    var format: OutputFormat = .table

    @Option(parsing: .unconditional, help: "Working precision in bits.")
    var precision: Int = 256

    @Option(parsing: .unconditional, help: "Rows of the matrix (samples).")
    var rows: Int = 32

    @Option(parsing: .unconditional, help: "Columns of the matrix (features).")
    var columns: Int = 128

    @Option(parsing: .unconditional, help: "Rounds of the workload per timing.")
    var iterations: Int = 60

    @Option(parsing: .unconditional, help: "Timings of each side; the fastest is kept.")
    var repetitions: Int = 5

    enum OutputFormat: String, ExpressibleByArgument { case table, json }

    func validate() throws {
        do { try Precision.validate(precision) } catch { throw ValidationError(error.description) }
        guard rows > 0, columns > 0, iterations > 0, repetitions > 0 else {
            throw ValidationError("--rows, --columns, --iterations and --repetitions must be positive")
        }
        // The workload holds the rows × columns matrix twice (Swift and C), each entry an MPFR
        // number of a 32-byte header and ⌈p/64⌉ limbs; refuse what would not fit up front.
        let limit = 1 << 30
        let entryBytes = 32 + 8 * ((precision + 63) / 64)
        let (entries, o1) = rows.multipliedReportingOverflow(by: columns)
        let (bytes, o2) = entries.multipliedReportingOverflow(by: 2 * entryBytes)
        if o1 || o2 || bytes > limit {
            let needed = o1 || o2 ? "more than 2^63 bytes" : String(format: "%.3g GiB", Double(bytes) / Double(1 << 30))
            throw ValidationError(
                "a \(rows) × \(columns) workload at \(precision) bits would need \(needed) of memory; "
                    + "the benchmark runs in at most 1 GiB: lower --rows, --columns or --precision")
        }
    }

    func run() throws {
        let workload = KernelWorkload(precision: precision, rows: rows, columns: columns, iterations: iterations)
        let result = KernelBenchmarkResult.measure(workload, repetitions: repetitions)
        guard result.swiftChecksum == result.cChecksum else {
            throw WorkloadMismatch(swift: result.swiftChecksum, c: result.cChecksum)
        }
        switch format {
        case .json:
            print(
                "{\"swift_ns\": \(result.swiftNanoseconds), \"c_ns\": \(result.cNanoseconds), \"ratio\": \(formatRatio(result.ratio)), "
                    + "\"precision_bits\": \(precision), \"rows\": \(rows), \"columns\": \(columns), \"iterations\": \(iterations)}")
        case .table:
            print(
                "kernel workload: \(rows)×\(columns), \(iterations) rounds of matvec, softmax, transposed matvec, dot, axpy at \(precision) bits"
            )
            print("  Swift layer  \(result.swiftNanoseconds) ns")
            print("  C on MPFR    \(result.cNanoseconds) ns")
            print("  ratio        \(formatRatio(result.ratio))")
        }
    }

    private func formatRatio(_ ratio: Double) -> String {
        String(Double(Int((ratio * 1000).rounded())) / 1000)
    }
}

/// The Swift and C sides of the workload computed different checksums: they are not the same
/// computation, and their times are not comparable.
struct WorkloadMismatch: Error, CustomStringConvertible {
    let swift: Double
    let c: Double
    var description: String { "the Swift and C workloads disagree (\(swift) vs \(c)): they are not the same computation" }
}
