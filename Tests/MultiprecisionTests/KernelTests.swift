import CMPFR
import Multiprecision
import Testing

/// `Fixtures/kernels.json`, written by `Fixtures/make_kernel_fixture.py`.
struct KernelFixture: Codable, Sendable {
    struct Entry: Codable, Sendable {
        let p: ExactBinary?
        let underflow: Bool
        let difference: ExactBinary
    }

    struct Case: Codable, Sendable {
        let label: String
        let precision: Int
        let negated: Bool
        let x: [ExactBinary]
        let referenceBits: Int
        let logSumExp: ExactBinary
        let softmax: [Entry]

        enum CodingKeys: String, CodingKey {
            case label, precision, negated, x, logSumExp, softmax
            case referenceBits = "reference_bits"
        }
    }

    let cases: [Case]

    static let shared: KernelFixture = {
        do { return try Fixture.load(KernelFixture.self, from: "kernels") } catch {
            fatalError("cannot read kernels.json: \(error)")
        }
    }()
}

extension MultiprecisionLayer {
    /// The in-place kernels against exact rational computations and mpmath references, with the
    /// error bounds of their numerical contract (u = 2^-p, the unit roundoff of precision p).
    @Suite struct KernelTests {
        static func vector(_ values: [Rational], precision: Int) -> BigVector { BigVector(values, precision: precision) }

        static func exactElements(_ v: BigVector) throws -> [Rational] { try v.elements.map { try Rational(exactly: $0) } }

        static func unitRoundoff(_ precision: Int) -> Rational { Rational.powerOfTwo(-precision) }

        @Test("isIdentical: bit for bit, precision included; −0 is not +0, NaN is NaN; shared storage at once")
        func vectorIdentity() {
            let values = (1...9).map { Rational($0) / Rational(7) }
            let v = Self.vector(values, precision: 192)
            var copy = v
            #expect(v.isIdentical(to: copy))
            #expect(v.isIdentical(to: Self.vector(values, precision: 192)))
            #expect(!v.isIdentical(to: Self.vector(values, precision: 256)))
            #expect(!v.isIdentical(to: Self.vector(Array(values.dropLast()), precision: 192)))
            copy[4] = copy[4] + copy[4].ulp!
            #expect(!v.isIdentical(to: copy))
            let zero = BigVector(count: 3, precision: 64)
            var negativeZero = zero
            negativeZero[1] = -negativeZero[1]
            #expect(zero[1] == negativeZero[1] && !zero.isIdentical(to: negativeZero))
            var nan = zero, otherNaN = zero
            nan[2] = BigFloat.nan(precision: 64)
            otherNaN[2] = BigFloat.nan(precision: 64)
            #expect(nan.isIdentical(to: otherNaN) && !nan.isIdentical(to: zero))
        }

        @Test("leading(k): the first k elements exactly, at the vector's precision")
        func leadingElements() {
            let values = (1...9).map { Rational($0) / Rational(7) }
            let v = Self.vector(values, precision: 192)
            #expect(v.leading(4).isIdentical(to: Self.vector(Array(values.prefix(4)), precision: 192)))
            #expect(v.leading(9).isIdentical(to: v))
            #expect(v.leading(0).count == 0 && v.leading(0).precision == 192)
        }

        // MARK: dot, axpy, matrix-vector products

        @Test("dot of small integers is exact", arguments: [53, 256])
        func dotExactIntegers(precision: Int) throws {
            let xs = (1...20).map { Rational($0) }
            let ys = (1...20).map { Rational($0 * $0 - 7) }
            let workspace = KernelWorkspace(precision: precision)
            var result = BigFloat(precision: precision)
            Kernels.dot(Self.vector(xs, precision: precision), Self.vector(ys, precision: precision), into: &result, workspace: workspace)
            let exact = zip(xs, ys).reduce(Rational()) { $0 + $1.0 * $1.1 }
            #expect(try Rational(exactly: result) == exact)
            #expect(exact == Rational(42_630))  // Σ k^3 − 7 Σ k for k = 1…20
        }

        @Test("dot products are rounded at the workspace precision: exact when it holds every product")
        func dotWorkspacePrecision() throws {
            // 53-bit entries whose products need 106 bits.
            let big = Rational.powerOfTwo(52)
            let xs = (0..<6).map { big + Rational(2 * $0 + 1) }
            let ys = (0..<6).map { big - Rational(3 * $0 + 1) }
            let x = Self.vector(xs, precision: 53), y = Self.vector(ys, precision: 53)
            #expect(try Self.exactElements(x) == xs)
            let exact = zip(xs, ys).reduce(Rational()) { $0 + $1.0 * $1.1 }
            var wide = BigFloat(precision: 256)
            Kernels.dot(x, y, into: &wide, workspace: KernelWorkspace(precision: 256))
            #expect(try Rational(exactly: wide) == exact)
            var narrow = BigFloat(precision: 256)
            Kernels.dot(x, y, into: &narrow, workspace: KernelWorkspace(precision: 53))
            #expect(try Rational(exactly: narrow) != exact, "53-bit products must round")
            // Error bound (n + 1) u Σ|x y| with u = 2^-53.
            let bound = Rational(7) * Self.unitRoundoff(53) * zip(xs, ys).reduce(Rational()) { $0 + ($1.0 * $1.1).magnitude }
            #expect((try Rational(exactly: narrow) - exact).magnitude <= bound)
        }

        @Test("dot of rational data is within (n + 1) u Σ|x_i y_i| of the exact value", arguments: [53, 256, 1024])
        func dotRationalBound(precision: Int) throws {
            let n = 25
            let x = Self.vector((0..<n).map { Rational($0 - 12, 7) }, precision: precision)
            let y = Self.vector((0..<n).map { Rational(1, $0 + 1) * Rational(3, 11) }, precision: precision)
            var result = BigFloat(precision: precision)
            Kernels.dot(x, y, into: &result, workspace: KernelWorkspace(precision: precision))
            let xs = try Self.exactElements(x), ys = try Self.exactElements(y)
            let exact = zip(xs, ys).reduce(Rational()) { $0 + $1.0 * $1.1 }
            let magnitude = zip(xs, ys).reduce(Rational()) { $0 + ($1.0 * $1.1).magnitude }
            let error = (try Rational(exactly: result) - exact).magnitude
            #expect(error <= Rational(n + 1) * Self.unitRoundoff(precision) * magnitude)
            #expect(!error.isZero || precision > 53, "the data are inexact; a zero error at 53 bits would be suspicious")
        }

        @Test("axpy: exact on integers, within u(2|a x_i| + |a x_i + y_i|) on rationals", arguments: [53, 256, 1024])
        func axpy(precision: Int) throws {
            let workspace = KernelWorkspace(precision: precision)
            var y = Self.vector((0..<10).map { Rational($0 * 3 - 11) }, precision: precision)
            let original = y
            Kernels.axpy(
                BigFloat(-4, precision: precision), Self.vector((0..<10).map { Rational($0 + 5) }, precision: precision), &y,
                workspace: workspace)
            #expect(try Self.exactElements(y) == (0..<10).map { Rational($0 * 3 - 11 - 4 * ($0 + 5)) })
            #expect(try Self.exactElements(original) == (0..<10).map { Rational($0 * 3 - 11) }, "a copy is not written")

            let a = BigFloat(Rational(-2, 3), precision: precision)
            let x = Self.vector((0..<10).map { Rational($0 * $0 + 1, 13) }, precision: precision)
            var z = Self.vector((0..<10).map { Rational(5 - $0, 9) }, precision: precision)
            let before = try Self.exactElements(z)
            Kernels.axpy(a, x, &z, workspace: workspace)
            let exactA = try Rational(exactly: a), xs = try Self.exactElements(x), after = try Self.exactElements(z)
            for i in 0..<10 {
                let product = exactA * xs[i], exact = before[i] + product
                let bound = Self.unitRoundoff(precision) * (Rational(2) * product.magnitude + exact.magnitude)
                #expect((after[i] - exact).magnitude <= bound, "entry \(i)")
            }
        }

        @Test("multiply and multiplyTransposed: exact on integers", arguments: [53, 1024])
        func matrixVectorExact(precision: Int) throws {
            let entries = (0..<3).map { i in (0..<4).map { j in Rational((i + 1) * (j + 2) - 3 * j) } }
            let matrix = try BigMatrix(entries, precision: precision)
            let workspace = KernelWorkspace(precision: precision)
            let x = Self.vector([Rational(2), Rational(-1), Rational(5), Rational(7)], precision: precision)
            var y = BigVector(count: 3, precision: precision)
            Kernels.multiply(matrix, x, into: &y, workspace: workspace)
            let expected = entries.map { row in zip(row, [2, -1, 5, 7]).reduce(Rational()) { $0 + $1.0 * Rational($1.1) } }
            #expect(try Self.exactElements(y) == expected)

            let w = Self.vector([Rational(3), Rational(-2), Rational(1)], precision: precision)
            var v = BigVector(count: 4, precision: precision)
            v[0] = BigFloat(99, precision: precision)  // overwritten, not accumulated into
            Kernels.multiplyTransposed(matrix, w, into: &v, workspace: workspace)
            let expectedT = (0..<4).map { j in (0..<3).reduce(Rational()) { $0 + entries[$1][j] * Rational([3, -2, 1][$1]) } }
            #expect(try Self.exactElements(v) == expectedT)
        }

        @Test("multiply and multiplyTransposed on rationals: each entry within (n + 1) u Σ|a_ij x_j|", arguments: [53, 256])
        func matrixVectorBound(precision: Int) throws {
            let rows = 5, columns = 7
            let entries = (0..<rows).map { i in (0..<columns).map { j in Rational(i * 7 - j * 3 + 1, 3 + i + 2 * j) } }
            let matrix = try BigMatrix(entries, precision: precision)
            let a = try (0..<rows).map { i in try (0..<columns).map { j in try Rational(exactly: matrix[i, j]) } }
            let workspace = KernelWorkspace(precision: precision)
            let x = Self.vector((0..<columns).map { Rational(1, $0 + 3) }, precision: precision)
            let xs = try Self.exactElements(x)
            var y = BigVector(count: rows, precision: precision)
            Kernels.multiply(matrix, x, into: &y, workspace: workspace)
            let ys = try Self.exactElements(y)
            for i in 0..<rows {
                let exact = (0..<columns).reduce(Rational()) { $0 + a[i][$1] * xs[$1] }
                let magnitude = (0..<columns).reduce(Rational()) { $0 + (a[i][$1] * xs[$1]).magnitude }
                #expect((ys[i] - exact).magnitude <= Rational(columns + 1) * Self.unitRoundoff(precision) * magnitude, "row \(i)")
            }
            let w = Self.vector((0..<rows).map { Rational(2 * $0 - 3, 5) }, precision: precision)
            let ws = try Self.exactElements(w)
            var v = BigVector(count: columns, precision: precision)
            Kernels.multiplyTransposed(matrix, w, into: &v, workspace: workspace)
            let vs = try Self.exactElements(v)
            for j in 0..<columns {
                let exact = (0..<rows).reduce(Rational()) { $0 + a[$1][j] * ws[$1] }
                let magnitude = (0..<rows).reduce(Rational()) { $0 + (a[$1][j] * ws[$1]).magnitude }
                #expect((vs[j] - exact).magnitude <= Rational(rows + 1) * Self.unitRoundoff(precision) * magnitude, "column \(j)")
            }
        }

        @Test("weightedGram: Z diag(w) Zᵀ exact on integers, within (d + 1) u Σ|z_ai w_i z_bi| on rationals", arguments: [53, 256])
        func weightedGram(precision: Int) throws {
            let workspace = KernelWorkspace(precision: precision)
            // Integers (with zeros, which the kernel skips): exact.
            let integers = (0..<3).map { i in (0..<5).map { j in Rational((i * 5 + j) % 4 == 0 ? 0 : i * 3 - j + 1) } }
            let integerWeights = (0..<5).map { Rational($0 * 2 - 3) }
            var gram = BigMatrix(rows: 3, columns: 3, precision: precision)
            Kernels.weightedGram(
                try BigMatrix(integers, precision: precision), Self.vector(integerWeights, precision: precision),
                into: &gram, workspace: workspace)
            for a in 0..<3 {
                for b in 0..<3 {
                    let exact = (0..<5).reduce(Rational()) { $0 + integers[a][$1] * integerWeights[$1] * integers[b][$1] }
                    #expect(try Rational(exactly: gram[a, b]) == exact, "entry (\(a), \(b))")
                }
            }
            // Rationals: the rounding bound, and exact symmetry.
            let rows = 4, columns = 9
            let entries = (0..<rows).map { i in (0..<columns).map { j in Rational(i * 5 - j * 2 + 1, 7 + i + 3 * j) } }
            let matrix = try BigMatrix(entries, precision: precision)
            let z = try (0..<rows).map { i in try (0..<columns).map { j in try Rational(exactly: matrix[i, j]) } }
            let weights = Self.vector((0..<columns).map { Rational($0 + 2, 11) }, precision: precision)
            let w = try Self.exactElements(weights)
            var result = BigMatrix(rows: rows, columns: rows, precision: precision)
            Kernels.weightedGram(matrix, weights, into: &result, workspace: workspace)
            for a in 0..<rows {
                for b in 0..<rows {
                    let terms = (0..<columns).map { z[a][$0] * w[$0] * z[b][$0] }
                    let exact = terms.reduce(Rational(), +)
                    let magnitude = terms.reduce(Rational()) { $0 + $1.magnitude }
                    let value = try Rational(exactly: result[a, b])
                    #expect(
                        (value - exact).magnitude <= Rational(columns + 1) * Self.unitRoundoff(precision) * magnitude, "entry (\(a), \(b))")
                    #expect(result[a, b] == result[b, a])
                }
            }
        }

        @Test("Kernels write into their destination only: earlier copies keep their values")
        func copyOnWrite() throws {
            let precision = 128
            let workspace = KernelWorkspace(precision: precision)
            let x = Self.vector([Rational(1), Rational(2), Rational(3)], precision: precision)
            var result = BigFloat(7, precision: precision)
            let copyOfResult = result
            Kernels.dot(x, x, into: &result, workspace: workspace)
            #expect(result == BigFloat(14, precision: precision) && copyOfResult == BigFloat(7, precision: precision))
            var p = Self.vector([Rational(9), Rational(9), Rational(9)], precision: precision)
            let copyOfP = p
            Kernels.softmax(x, into: &p, workspace: workspace)
            #expect(copyOfP.elements.allSatisfy { $0 == BigFloat(9, precision: precision) })
            #expect(p.elements.allSatisfy { $0 < BigFloat(1, precision: precision) })
            let matrix = try BigMatrix([[Rational(1), Rational(0)], [Rational(0), Rational(1)]], precision: precision)
            var m2 = matrix
            m2[0, 1] = BigFloat(5, precision: precision)
            #expect(matrix[0, 1].isZero && m2[0, 1] == BigFloat(5, precision: precision))
        }

        // MARK: log-sum-exp and softmax

        @Test("log-sum-exp and softmax within their error bounds of mpmath, at extreme ranges")
        func logSumExpAndSoftmaxAgainstMPMath() throws {
            let cases = KernelFixture.shared.cases
            #expect(cases.count == 60)
            var underflows = 0
            for testCase in cases {
                let p = testCase.precision, n = testCase.x.count
                let u = Self.unitRoundoff(p)
                let x = BigVector(try testCase.x.map { try $0.bigFloat(precision: p) }, precision: p)
                let workspace = KernelWorkspace(precision: p)

                // log-sum-exp: |error| <= (2n + 3) u + ulp(result) + the reference's own rounding.
                var lse = BigFloat(precision: p)
                Kernels.logSumExp(x, negated: testCase.negated, into: &lse, workspace: workspace)
                let reference = try testCase.logSumExp.rational
                let referenceValue = try testCase.logSumExp.bigFloat(precision: testCase.referenceBits)
                let lseExponent = try #require(lse.binaryExponent, "\(testCase.label): lse = \(lse) is not a finite non-zero number")
                let lseBound =
                    Rational(2 * n + 3) * u + Rational.powerOfTwo(lseExponent - p)
                    + Rational.powerOfTwo(try #require(referenceValue.binaryExponent) - testCase.referenceBits)
                #expect(
                    (try Rational(exactly: lse) - reference).magnitude <= lseBound, "\(testCase.label): lse \(lse) vs \(referenceValue)")

                // softmax: p_i within p_i (|d_i| + n + 3) u (d_i = s x_i − max is rounded, so
                // exp(d_i) carries |d_i| u), entries below MPFR's range may be 0.
                var probabilities = BigVector(count: n, precision: p)
                var lseFromSoftmax = BigFloat(precision: p)
                Kernels.softmax(x, negated: testCase.negated, into: &probabilities, logSumExp: &lseFromSoftmax, workspace: workspace)
                #expect(lseFromSoftmax.isFinite)
                if lseFromSoftmax.isFinite {
                    #expect(
                        (try Rational(exactly: lseFromSoftmax) - reference).magnitude <= lseBound, "\(testCase.label): lse from softmax")
                }
                var plain = BigVector(count: n, precision: p)
                Kernels.softmax(x, negated: testCase.negated, into: &plain, workspace: workspace)
                #expect(
                    zip(plain.elements, probabilities.elements).allSatisfy { $0.isIdentical(to: $1) },
                    "\(testCase.label): both softmax entry points")

                var sum = Rational()
                for (i, entry) in testCase.softmax.enumerated() {
                    let computed = probabilities[i]
                    #expect(computed.isFinite && !computed.isNegative, "\(testCase.label) p[\(i)]")
                    let value = try Rational(exactly: computed)
                    sum += value
                    guard let expected = entry.p else {
                        #expect(entry.underflow)
                        underflows += 1
                        // Below 2^-(2^62): zero, or within a few binades of MPFR's smallest number.
                        #expect(
                            computed.isZero || computed.binaryExponent! <= Int(mpfr_get_emin_min()) + 64,
                            "\(testCase.label) p[\(i)] underflows")
                        continue
                    }
                    let exact = try expected.rational
                    let d = (try entry.difference.rational).magnitude
                    let bound = exact * (d + Rational(n + 3)) * u + exact * Rational.powerOfTwo(1 - testCase.referenceBits)
                    #expect((value - exact).magnitude <= bound, "\(testCase.label) p[\(i)] = \(computed)")
                }
                // The probabilities sum to 1 within n u (first order; 2^-20 relative slack for the
                // second-order terms).
                let sumBound = Rational(n) * u * (Rational(1) + Rational.powerOfTwo(-20))
                #expect(
                    (sum - Rational(1)).magnitude <= sumBound, "\(testCase.label): Σp − 1 = \(BigFloat(sum - Rational(1), precision: 64))")
            }
            #expect(underflows == 12, "exp(-2e30) and exp(-1e30) fall below MPFR's range in the 'opposite extremes' cases")
        }

        @Test("logSumExp([-1e9, -1e9]) = -1e9 + ln 2 to working precision", arguments: [53, 256, 1024, 4096])
        func logSumExpOfTwoEqualEntries(precision: Int) throws {
            let entry = BigFloat(-1_000_000_000, precision: precision)
            let x = BigVector([entry, entry], precision: precision)
            var result = BigFloat(precision: precision)
            Kernels.logSumExp(x, into: &result, workspace: KernelWorkspace(precision: precision))
            // -1e9 + ln 2 rounded once (ln 2 carried 200 bits beyond the working precision).
            let expected = BigFloat.sum(entry, BigFloat.ln2(precision: precision + 200), precision: precision)
            #expect(result.isIdentical(to: expected), "\(result) vs \(expected)")
            // ... which is not -1e9: the ln 2 is resolved (at 53 bits, ulp(1e9) = 2^-23).
            #expect(result != entry)
            // Negated: log Σ exp(-x) = 1e9 + ln 2.
            var negated = BigFloat(precision: precision)
            Kernels.logSumExp(x, negated: true, into: &negated, workspace: KernelWorkspace(precision: precision))
            #expect(negated.isIdentical(to: BigFloat.sum(-entry, BigFloat.ln2(precision: precision + 200), precision: precision)))
        }

        @Test("logSumExp and softmax at ±1e30: no overflow, exact dominant term", arguments: [53, 1024])
        func extremeEntries(precision: Int) throws {
            let big = try BigFloat("1e30", precision: precision)
            let x = BigVector([-big, big, BigFloat(precision: precision)], precision: precision)
            let workspace = KernelWorkspace(precision: precision)
            var result = BigFloat(precision: precision)
            Kernels.logSumExp(x, into: &result, workspace: workspace)
            // 1e30 + log(1 + e^-1e30 + e^-2e30) rounds to 1e30 at any precision below ~1.4e30 bits.
            #expect(result.isIdentical(to: big))
            Kernels.logSumExp(x, negated: true, into: &result, workspace: workspace)
            #expect(result.isIdentical(to: big))
            var p = BigVector(count: 3, precision: precision)
            Kernels.softmax(x, into: &p, workspace: workspace)
            #expect(p[1] == BigFloat(1, precision: precision))
            #expect(p[0] >= BigFloat(precision: precision) && p[0] < BigFloat(exactly: 1e-300, precision: precision))
        }

        @Test("Degenerate sizes: an empty vector has log-sum-exp −∞, one entry has softmax [1]")
        func degenerateSizes() throws {
            let workspace = KernelWorkspace(precision: 64)
            var result = BigFloat(precision: 64)
            Kernels.logSumExp(BigVector(count: 0, precision: 64), into: &result, workspace: workspace)
            #expect(result.isInfinite && result.isNegative)
            var empty = BigVector(count: 0, precision: 64)
            var lse = BigFloat(precision: 64)
            Kernels.softmax(BigVector(count: 0, precision: 64), into: &empty, logSumExp: &lse, workspace: workspace)
            #expect(lse.isInfinite && lse.isNegative)
            let single = BigVector([try BigFloat("-123.456", precision: 64)], precision: 64)
            Kernels.logSumExp(single, into: &result, workspace: workspace)
            #expect(result.isIdentical(to: single[0]))
            var p = BigVector(count: 1, precision: 64)
            Kernels.softmax(single, into: &p, workspace: workspace)
            #expect(p[0] == BigFloat(1, precision: 64))
        }
    }
}
