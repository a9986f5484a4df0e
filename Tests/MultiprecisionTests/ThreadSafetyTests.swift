import CMPFR
import Dispatch
import Foundation
import Multiprecision
import Synchronization
import Testing

extension MultiprecisionLayer {
    /// Computations at different precisions on several threads at once give the single-thread
    /// results bit for bit, also on threads that never ran MPFR before (MPFR keeps its exponent
    /// range per thread; the layer must widen it before each operation).
    @Suite struct ThreadSafetyTests {
        /// A fixed workload at `precision`: elementary functions, parsing and printing, rationals,
        /// kernels, and numbers far outside MPFR's default exponent range (10^-(10^7), exp(-1e9)).
        /// Returns every result as text that identifies it exactly (mantissa and exponent).
        static func workload(precision p: Int) throws -> [String] {
            func exact(_ x: BigFloat) -> String {
                guard let binary = x.exactBinary else { return x.description }
                return "\(x.precision):\(binary.mantissa)p\(binary.exponent)"
            }
            var out: [String] = []
            let x = try BigFloat("1.2345678901234567890123456789", precision: p)
            let tiny = try BigFloat("1e-10000000", precision: p)
            for value in [
                BigFloat.exp(x), BigFloat.log(x), BigFloat.sinh(x), BigFloat.tanh(x), BigFloat.sqrt(x),
                BigFloat.pow(x, BigFloat(-7, precision: p) / 3), BigFloat.pow(x, 1001), BigFloat.expm1(-x), BigFloat.log1p(x),
                BigFloat.exp(BigFloat(-1_000_000_000, precision: p)),  // 2^-1.44e9: below the default range
                BigFloat.exp(BigFloat(-1_000_000, precision: p)),
                tiny, BigFloat.log(tiny), BigFloat.sqrt(tiny), tiny * tiny,
                BigFloat(Rational(1, 3), precision: p, rounding: .up), BigFloat.pi(precision: p)
            ] {
                out.append(exact(value))
            }
            out.append(BigFloat.exp(BigFloat(-1_000_000, precision: p)).formatted(significantDigits: 40))
            out.append(tiny.formatted(significantDigits: 20, rounding: .down))
            let workspace = KernelWorkspace(precision: p)
            let vector = BigVector((0..<12).map { Rational($0 * 37 - 200, 7) }, precision: p)
            var lse = BigFloat(precision: p)
            Kernels.logSumExp(vector, negated: true, into: &lse, workspace: workspace)
            var probabilities = BigVector(count: 12, precision: p)
            Kernels.softmax(vector, into: &probabilities, workspace: workspace)
            var dot = BigFloat(precision: p)
            Kernels.dot(vector, probabilities, into: &dot, workspace: workspace)
            out += [exact(lse), exact(dot)] + probabilities.elements.map(exact)
            return out
        }

        static let precisions = [53, 256, 1024, 4096]

        static func baseline() throws -> [Int: [String]] {
            var results: [Int: [String]] = [:]
            for p in precisions { results[p] = try workload(precision: p) }
            return results
        }

        @Test("DispatchQueue.concurrentPerform at four precisions gives the serial results")
        func concurrentPerform() throws {
            let expected = try Self.baseline()
            let results = Mutex<[(Int, Result<[String], Error>)]>([])
            DispatchQueue.concurrentPerform(iterations: 8) { index in
                let p = Self.precisions[index % Self.precisions.count]
                let result = Result { try Self.workload(precision: p) }
                results.withLock { $0.append((p, result)) }
            }
            let collected = results.withLock { $0 }
            #expect(collected.count == 8)
            for (p, result) in collected {
                #expect(try result.get() == expected[p]!, "precision \(p)")
            }
        }

        @Test("Swift concurrency: a task group at four precisions gives the serial results")
        func taskGroup() async throws {
            let expected = try Self.baseline()
            let collected = try await withThrowingTaskGroup(of: (Int, [String]).self) { group in
                for index in 0..<8 {
                    let p = Self.precisions[index % Self.precisions.count]
                    group.addTask { (p, try Self.workload(precision: p)) }
                }
                var all: [(Int, [String])] = []
                for try await item in group { all.append(item) }
                return all
            }
            #expect(collected.count == 8)
            for (p, result) in collected { #expect(result == expected[p]!, "precision \(p)") }
        }

        /// Runs `body` on a new thread (one that has never run MPFR) and waits for it.
        static func onFreshThread<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
            let box = Mutex<T?>(nil)
            let done = DispatchSemaphore(value: 0)
            let thread = Thread {
                let value = body()
                box.withLock { $0 = value }
                done.signal()
            }
            thread.stackSize = 8 << 20
            thread.start()
            done.wait()
            return box.withLock { $0! }
        }

        @Test("A thread that never ran MPFR computes 10^-(10^7) and exp(-1e9) like the main thread")
        func freshThread() throws {
            let expected = try Self.baseline()
            for p in [53, 1024] {
                let (defaultRange, results, widened) = Self.onFreshThread { () -> (Bool, Result<[String], Error>, Bool) in
                    // Nothing has touched MPFR on this thread: its range is MPFR's default.
                    let fresh = mpfr_get_emin() != mpfr_get_emin_min()
                    let results = Result { try Self.workload(precision: p) }
                    return (fresh, results, mpfr_get_emin() == mpfr_get_emin_min())
                }
                #expect(defaultRange, "the new thread starts with MPFR's default exponent range (thread-local in this MPFR build)")
                #expect(widened, "the layer widened the range on the new thread")
                #expect(try results.get() == expected[p]!, "precision \(p)")
            }
        }

        @Test("Values beyond the default exponent range can be read and printed on a fresh thread")
        func freshThreadReadsOutOfRangeValues() throws {
            // Made on this thread; read first thing on a thread whose MPFR range is the default
            // one (2^±(2^30)), which does not contain exp(-1e9) ≈ 2^-1.44e9.
            let value = BigFloat.exp(BigFloat(-1_000_000_000, precision: 128))
            let expectedText = value.formatted(significantDigits: 30)
            let expectedBinary = value.exactBinary!
            let expectedLog10 = value.log10Magnitude!
            let (text, mantissa, exponent, log10, equal) = Self.onFreshThread { () -> (String, String, Int, Double, Bool) in
                let binary = value.exactBinary!
                return (
                    value.formatted(significantDigits: 30), binary.mantissa, binary.exponent, value.log10Magnitude!,
                    value == BigFloat.exp(BigFloat(-1_000_000_000, precision: 128))
                )
            }
            #expect(text == expectedText)
            #expect(text.hasSuffix("e-434294482"))  // e^-1e9 = 10^-434294481.9…
            #expect(mantissa == expectedBinary.mantissa && exponent == expectedBinary.exponent)
            #expect(log10 == expectedLog10)
            #expect(equal)
        }
    }
}
