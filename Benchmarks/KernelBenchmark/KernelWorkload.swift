import CKernelBaseline
import Dispatch
import Multiprecision

/// The kernel workload of `KernelBench`, through the Swift layer and as the C floor.
///
/// One round is the inner loop of a dual-flow step: m = Z w, p = softmax(m), g = Zᵀ p, s = g·g,
/// w = w + c g. The Swift side uses `Kernels` on preallocated storage; the C side
/// (CKernelBaseline) issues the same MPFR calls in the same order on raw `mpfr_t` arrays, so the
/// ratio of their times is the cost of the Swift layer.
public struct KernelWorkload: Sendable {
    public var precision: Int
    public var rows: Int
    public var columns: Int
    public var iterations: Int

    public init(precision: Int = 256, rows: Int = 32, columns: Int = 128, iterations: Int = 60) {
        self.precision = precision
        self.rows = rows
        self.columns = columns
        self.iterations = iterations
    }

    /// One timing: nanoseconds of the timed loop and the final s (a checksum).
    public struct Timing: Sendable {
        public var nanoseconds: UInt64
        public var checksum: Double
    }

    /// Runs the workload through `Kernels` (set-up excluded from the time).
    public func runSwift() -> Timing {
        var z = BigMatrix(rows: rows, columns: columns, precision: precision)
        for i in 0..<rows {
            for j in 0..<columns {
                z[i, j] = Self.fill(i, j, precision: precision)
            }
        }
        var w = BigVector(count: columns, precision: precision)
        for j in 0..<columns { w[j] = BigFloat(1, precision: precision) / (j + 1) }
        var g = BigVector(count: columns, precision: precision)
        var m = BigVector(count: rows, precision: precision)
        var p = BigVector(count: rows, precision: precision)
        var s = BigFloat(precision: precision)
        let step = BigFloat(1, precision: precision) / 1000
        let workspace = KernelWorkspace(precision: precision)

        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<iterations {
            Kernels.multiply(z, w, into: &m, workspace: workspace)
            Kernels.softmax(m, into: &p, workspace: workspace)
            Kernels.multiplyTransposed(z, p, into: &g, workspace: workspace)
            Kernels.dot(g, g, into: &s, workspace: workspace)
            Kernels.axpy(step, g, &w, workspace: workspace)
        }
        let elapsed = DispatchTime.now().uptimeNanoseconds - start
        return Timing(nanoseconds: elapsed, checksum: s.doubleValue)
    }

    /// Runs the same workload as the plain C loop.
    public func runC() -> Timing {
        var elapsed: UInt64 = 0
        let checksum = biasflow_c_kernel_workload(precision, rows, columns, iterations, &elapsed)
        return Timing(nanoseconds: elapsed, checksum: checksum)
    }

    /// Z[i][j] = ((7i + 13j) mod 17 − 8) / 8, as the C side fills it.
    static func fill(_ i: Int, _ j: Int, precision: Int) -> BigFloat {
        BigFloat((7 * i + 13 * j) % 17 - 8, precision: precision) / 8
    }
}

/// The result of `KernelBench`: best-of-`repetitions` times of both sides.
public struct KernelBenchmarkResult: Sendable {
    public var workload: KernelWorkload
    public var swiftNanoseconds: UInt64
    public var cNanoseconds: UInt64
    public var swiftChecksum: Double
    public var cChecksum: Double
    public var ratio: Double { Double(swiftNanoseconds) / Double(cNanoseconds) }

    /// Times both sides `repetitions` times, interleaved, and keeps the fastest of each.
    public static func measure(_ workload: KernelWorkload, repetitions: Int = 5) -> KernelBenchmarkResult {
        var best = (swift: UInt64.max, c: UInt64.max)
        var checksums = (swift: 0.0, c: 0.0)
        _ = workload.runC()  // warm-up: page in MPFR and the allocator
        for _ in 0..<max(1, repetitions) {
            let swift = workload.runSwift()
            let c = workload.runC()
            best = (min(best.swift, swift.nanoseconds), min(best.c, c.nanoseconds))
            checksums = (swift.checksum, c.checksum)
        }
        return KernelBenchmarkResult(
            workload: workload, swiftNanoseconds: best.swift, cNanoseconds: best.c,
            swiftChecksum: checksums.swift, cChecksum: checksums.c)
    }
}
