import CMPFR
import Foundation
import LinearAlgebra
import Multiprecision
import Testing

extension MultiprecisionLayer {
    /// Every MPFR number the layer initialises is cleared again: `LiveMPFRValues.count` returns to
    /// where it was after kernels, elementary functions, parsing, printing, copies and in-place
    /// mutation.
    ///
    /// The counter is process-wide. The suites nested in `MultiprecisionLayer` do not run beside
    /// this one (the parent is `.serialized`), but suites outside it (the CSV reader's in this
    /// target, Flow's and Limits' in a full `swift test`) share the process and may allocate or
    /// free at the same moment. So each measurement is an attempt: five rounds of the workload run
    /// between two readings of the counter, and the check passes on the first attempt whose
    /// readings agree exactly and whose peak showed the workload's own values (so the counter is
    /// known to count). A leak shifts every attempt's delta up by the amount leaked; only an exact
    /// cancellation by unrelated frees could hide it, and when nothing else runs the first
    /// attempt decides. Noise from elsewhere can only delay a pass (up to 100 attempts, ~10 s).
    @Suite struct LeakTests {
        /// One round of work touching every allocation path of the layer. At its peak it calls
        /// `peak` with the number of MPFR numbers it is known to hold alive at that moment.
        static func workload(peak: (Int) -> Void) throws {
            for p in [64, 256, 1024] {
                let workspace = KernelWorkspace(precision: p)
                let x = BigVector((0..<16).map { Rational($0 * 13 - 100, 9) }, precision: p)
                let matrix = try BigMatrix((0..<4).map { i in (0..<16).map { j in Rational(i - j, 3 + j) } }, precision: p)
                var y = BigVector(count: 4, precision: p)
                var z = BigVector(count: 16, precision: p)
                var probabilities = BigVector(count: 16, precision: p)
                var scalar = BigFloat(precision: p)
                var lse = BigFloat(precision: p)
                peak(16 + 64 + 4 + 16 + 16 + 2 + 3)
                Kernels.multiply(matrix, x, into: &y, workspace: workspace)
                Kernels.multiplyTransposed(matrix, y, into: &z, workspace: workspace)
                Kernels.softmax(z, negated: true, into: &probabilities, logSumExp: &lse, workspace: workspace)
                Kernels.logSumExp(x, into: &scalar, workspace: workspace)
                Kernels.dot(x, probabilities, into: &scalar, workspace: workspace)
                Kernels.axpy(scalar, x, &z, workspace: workspace)
                // Copy-on-write: copies of vectors, matrices and scalars, then mutation of both sides.
                var zCopy = z
                zCopy[3] = BigFloat(7, precision: p)
                Kernels.axpy(lse, x, &zCopy, workspace: workspace)
                var matrixCopy = matrix
                matrixCopy[1, 2] = scalar
                var scalarCopy = scalar
                scalarCopy += lse
                scalarCopy.withMutableMPFR { _ = mpfr_exp($0, $0, MPFR_RNDN) }  // in place, aliased
                Kernels.dot(zCopy, x, into: &scalarCopy, workspace: workspace)
                // Elementary functions, text, rationals.
                let t = try BigFloat("-1.5e-300", precision: p)
                var values = [
                    BigFloat.exp(t), BigFloat.expm1(t), BigFloat.log(-t), BigFloat.log1p(t), BigFloat.sinh(t),
                    BigFloat.cosh(t), BigFloat.tanh(t), BigFloat.asinh(t), BigFloat.sqrt(-t), BigFloat.pow(-t, t),
                    BigFloat.pow(t, 7), BigFloat.exp(BigFloat(-1_000_000, precision: p)), try BigFloat("1e-10000000", precision: p),
                    BigFloat(Rational(1, 3), precision: p), BigFloat.pi(precision: p), BigFloat.fusedMultiplyAdd(t, t, t)
                ]
                values.append(values.reduce(BigFloat(precision: p)) { $0 + $1 * 2 - 1 })
                _ = values.map { $0.formatted(significantDigits: 30) + $0.description }
                _ = values.map { $0.exactBinary }
                _ = values.compactMap { $0.ulp }
                _ = values.compactMap { $0.log10Magnitude }
                _ = try Rational(decimal: "-3.25e-7") + Rational(fraction: "22/7")
                if let lu = LUFactorization(try BigMatrix([[Rational(4), Rational(1)], [Rational(2), Rational(3)]], precision: p)) {
                    var rhs = BigVector([Rational(1), Rational(2)], precision: p)
                    lu.solve(&rhs)
                }
                _ = (y, zCopy, matrixCopy, scalarCopy)
            }
        }

        @Test("LiveMPFRValues.count returns to its starting value after the workload")
        func noLiveValuesLeft() throws {
            try Self.workload { _ in }  // warm-up: any lazily made constants exist from here on
            var deltas: [Int] = []
            for attempt in 1...100 {
                let before = LiveMPFRValues.count
                var peakShown = true
                for _ in 0..<5 {
                    try Self.workload { held in peakShown = peakShown && LiveMPFRValues.count - before >= held }
                }
                let after = LiveMPFRValues.count
                if after == before && peakShown {
                    if attempt > 1 { print("leak check passed on attempt \(attempt) (earlier deltas: \(deltas))") }
                    return
                }
                deltas.append(after - before)
                Thread.sleep(forTimeInterval: 0.005 * Double(min(attempt, 10)))
            }
            Issue.record("the live MPFR count changed on every one of 100 attempts; deltas: \(deltas)")
        }

        @Test("The counter counts: a vector of n numbers adds n while it lives, and nothing after")
        func counterCounts() {
            for attempt in 1...200 {
                let before = LiveMPFRValues.count
                var during = 0
                do {
                    let vector = BigVector(count: 1000, precision: 128)
                    let scalar = BigFloat(1, precision: 128)
                    during = LiveMPFRValues.count
                    _ = (vector.count, scalar)
                }
                let after = LiveMPFRValues.count
                if during - before == 1001 && after == before { return }
                if attempt == 200 { Issue.record("last attempt: before \(before), during \(during), after \(after)") }
                Thread.sleep(forTimeInterval: 0.005)
            }
        }
    }
}
