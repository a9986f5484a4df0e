import Multiprecision
import Testing

extension MultiprecisionLayer {
    /// `ExactDataMatrix` against exact rational products: correctly rounded when the vector spans
    /// fewer bits than the frame keeps, within the contract's bound when it spans more.
    @Suite struct ExactDataMatrixTests {
        /// Seeded decimal data with `decimals` decimals, entries in (−5, 5).
        static func data(rows: Int, columns: Int, decimals: Int, seed: UInt64) -> [[Rational]] {
            var generator = SplitMix64(seed: seed)
            var scale = 1
            for _ in 0..<decimals { scale *= 10 }
            return (0..<rows).map { _ in
                (0..<columns).map { _ in
                    let numerator = Int(generator.next() % UInt64(10 * scale)) - 5 * scale
                    return Rational(numerator, scale)
                }
            }
        }

        /// A vector of `count` seeded values of `precision` bits whose exponents lie within
        /// ±`spread` bits of 1, with every tenth entry 0.
        static func vector(count: Int, precision: Int, spread: Int, seed: UInt64) -> BigVector {
            var generator = SplitMix64(seed: seed)
            var values = [Rational]()
            for index in 0..<count {
                if index % 10 == 9 {
                    values.append(Rational(0))
                    continue
                }
                // A random odd numerator of `precision` bits: every mantissa bit is used.
                var numerator = Rational(1)
                for _ in 0..<(precision / 32) {
                    numerator = numerator * Rational(1 << 32) + Rational(Int(generator.next() % (1 << 32)))
                }
                numerator = numerator * Rational(2) + Rational(1)
                let shift = spread == 0 ? 0 : Int(generator.next() % UInt64(2 * spread + 1)) - spread
                let sign = generator.next() % 2 == 0 ? Rational(1) : Rational(-1)
                values.append(sign * numerator * Rational.powerOfTwo(shift - precision))
            }
            return BigVector(values, precision: precision)
        }

        static func exact(_ v: BigVector) throws -> [Rational] { try v.elements.map { try Rational(exactly: $0) } }

        static func product(_ a: [[Rational]], _ x: [Rational]) -> [Rational] {
            a.map { row in zip(row, x).reduce(Rational(0)) { $0 + $1.0 * $1.1 } }
        }

        static func transpose(_ a: [[Rational]]) -> [[Rational]] {
            (0..<(a.first?.count ?? 0)).map { j in a.map { $0[j] } }
        }

        @Test("A x and Aᵀ x are the exact products correctly rounded (3-decimal data, 192 → 128 and 256 bits)")
        func correctlyRounded() throws {
            let a = Self.data(rows: 7, columns: 23, decimals: 3, seed: 11)
            let matrix = try #require(ExactDataMatrix(a))
            for (precision, destination) in [(192, 128), (192, 256), (64, 64), (300, 53)] {
                let x = Self.vector(count: 23, precision: precision, spread: 40, seed: UInt64(precision))
                var y = BigVector(count: 7, precision: destination)
                matrix.multiply(x, into: &y)
                #expect(y.isIdentical(to: BigVector(Self.product(a, try Self.exact(x)), precision: destination)))
                let v = Self.vector(count: 7, precision: precision, spread: 40, seed: UInt64(precision + 1))
                var g = BigVector(count: 23, precision: destination)
                matrix.multiplyTransposed(v, into: &g)
                #expect(g.isIdentical(to: BigVector(Self.product(Self.transpose(a), try Self.exact(v)), precision: destination)))
            }
        }

        @Test("A diag(w) Aᵀ is the exact Gram matrix correctly rounded, symmetric; integer and large-entry data too")
        func weightedGram() throws {
            for (decimals, seed) in [(3, UInt64(5)), (0, 6), (10, 7)] {
                let a = Self.data(rows: 5, columns: 17, decimals: decimals, seed: seed)
                let matrix = try #require(ExactDataMatrix(a))
                let w = Self.vector(count: 17, precision: 160, spread: 30, seed: seed)
                var gram = BigMatrix(rows: 5, columns: 5, precision: 150)
                matrix.weightedGram(w, into: &gram)
                let weights = try Self.exact(w)
                for i in 0..<5 {
                    for k in 0..<5 {
                        var sum = Rational(0)
                        for j in 0..<17 { sum += a[i][j] * weights[j] * a[k][j] }
                        #expect(gram[i, k] == BigFloat(sum, precision: 150))
                    }
                }
            }
        }

        @Test("a vector spanning more bits than the frame keeps: within n·2^B·max|a| + half an ulp")
        func wideVector() throws {
            let a = Self.data(rows: 4, columns: 9, decimals: 2, seed: 3)
            let matrix = try #require(ExactDataMatrix(a))
            let precision = 128
            let x = Self.vector(count: 9, precision: precision, spread: 5000, seed: 9)
            var y = BigVector(count: 4, precision: precision)
            matrix.multiply(x, into: &y)
            let values = try Self.exact(x)
            let exact = Self.product(a, values)
            let largest = values.map(\.magnitude).max()!
            // B ≤ E − W with W = p + 64 + ⌈log2 9⌉ and max|x| < 2^E; max|a| < 5.
            let largestExponent = BigFloat(largest, precision: 64).binaryExponent!
            let frame = Rational.powerOfTwo(largestExponent - (precision + 64 + 4))
            for i in 0..<4 {
                let error = (try Rational(exactly: y[i]) - exact[i]).magnitude
                let halfUlp = try Rational(exactly: y[i].ulp!) / Rational(2)
                #expect(error <= Rational(9) * frame * Rational(5) + halfUlp)
            }
        }

        @Test("zeros, a NaN entry (every result NaN) and data out of the 62-bit range (no matrix)")
        func edges() throws {
            let a = Self.data(rows: 3, columns: 4, decimals: 1, seed: 1)
            let matrix = try #require(ExactDataMatrix(a))
            var y = BigVector(count: 3, precision: 64)
            matrix.multiply(BigVector(count: 4, precision: 64), into: &y)
            #expect(y.elements.allSatisfy { $0.isZero })
            var x = Self.vector(count: 4, precision: 64, spread: 3, seed: 2)
            x[2] = BigFloat.nan(precision: 64)
            matrix.multiply(x, into: &y)
            #expect(y.elements.allSatisfy { $0.isNaN })
            #expect(ExactDataMatrix([[Rational.powerOfTwo(70)]]) == nil)
            #expect(ExactDataMatrix([[Rational(1) / Rational.powerOfTwo(70)]]) == nil)
        }
    }
}
