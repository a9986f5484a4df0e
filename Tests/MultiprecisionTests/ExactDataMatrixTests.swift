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

        /// A vector of `count` seeded values rounded to `precision` bits (about that many significant
        /// bits) whose exponents lie within ±`spread` bits of 1, with every tenth entry 0.
        static func vector(count: Int, precision: Int, spread: Int, seed: UInt64) -> BigVector {
            var generator = SplitMix64(seed: seed)
            var values = [Rational]()
            for index in 0..<count {
                if index % 10 == 9 {
                    values.append(Rational(0))
                    continue
                }
                // A random odd numerator of about `precision` bits (rounded by the vector's precision).
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

        @Test("A x, Aᵀ x and |A| x are the exact products correctly rounded (3-decimal data; x within the frame)")
        func correctlyRounded() throws {
            let a = Self.data(rows: 7, columns: 23, decimals: 3, seed: 11)
            let matrix = try #require(ExactDataMatrix(a))
            // Spreads that keep every bit of x within W = p + 64 + ⌈log2 n⌉ bits of its largest entry.
            for (precision, destination, spread) in [(192, 256, 40), (64, 64, 20), (128, 128, 16), (300, 300, 10)] {
                let x = Self.vector(count: 23, precision: precision, spread: spread, seed: UInt64(precision))
                var y = BigVector(count: 7, precision: destination)
                matrix.multiply(x, into: &y)
                #expect(y.isIdentical(to: BigVector(Self.product(a, try Self.exact(x)), precision: destination)))
                let v = Self.vector(count: 7, precision: precision, spread: spread, seed: UInt64(precision + 1))
                var g = BigVector(count: 23, precision: destination)
                matrix.multiplyTransposed(v, into: &g)
                #expect(g.isIdentical(to: BigVector(Self.product(Self.transpose(a), try Self.exact(v)), precision: destination)))
                matrix.multiplyMagnitudes(x, into: &y)
                let magnitudes = a.map { $0.map(\.magnitude) }
                #expect(y.isIdentical(to: BigVector(Self.product(magnitudes, try Self.exact(x)), precision: destination)))
            }
        }

        @Test("A diag(w) Aᵀ is the exact Gram matrix correctly rounded, symmetric; integer and large-entry data too")
        func weightedGram() throws {
            for (decimals, seed) in [(3, UInt64(5)), (0, 6), (10, 7)] {
                let a = Self.data(rows: 5, columns: 17, decimals: decimals, seed: seed)
                let matrix = try #require(ExactDataMatrix(a))
                let w = Self.vector(count: 17, precision: 160, spread: 20, seed: seed)
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

        @Test("x spanning more bits than the frame: within half an ulp plus n·2^-(p+120) of its below-frame terms")
        func belowFrame() throws {
            let a = Self.data(rows: 4, columns: 9, decimals: 2, seed: 3)
            let matrix = try #require(ExactDataMatrix(a))
            for (precision, destination, spread) in [(128, 128, 5000), (256, 128, 0), (64, 64, 300)] {
                let x = Self.vector(count: 9, precision: precision, spread: spread, seed: UInt64(spread + 9))
                var y = BigVector(count: 4, precision: destination)
                matrix.multiply(x, into: &y)
                let values = try Self.exact(x)
                let exact = Self.product(a, values)
                for i in 0..<4 {
                    let error = (try Rational(exactly: y[i]) - exact[i]).magnitude
                    let halfUlp = y[i].isZero ? Rational(0) : try Rational(exactly: y[i].ulp!) / Rational(2)
                    let terms = zip(a[i], values).reduce(Rational(0)) { $0 + ($1.0 * $1.1).magnitude }
                    #expect(error <= halfUlp + Rational(9) * Rational.powerOfTwo(-(destination + 120)) * terms)
                }
            }
        }

        @Test("a tiny entry beside a large one keeps its relative accuracy (I₂ · (1, 2^-300) at 53 bits)")
        func sparseRows() throws {
            let matrix = try #require(ExactDataMatrix([[Rational(1), Rational(0)], [Rational(0), Rational(1)]]))
            let x = BigVector([Rational(1), Rational.powerOfTwo(-300) * Rational(3)], precision: 53)
            var y = BigVector(count: 2, precision: 53)
            matrix.multiply(x, into: &y)
            #expect(y.isIdentical(to: x))
        }

        @Test("signs, cancellation to +0, powers of two 64 bits apart, 1×1, 1×n, n×1 and integer data")
        func shapesAndSigns() throws {
            let negative = try #require(ExactDataMatrix([[Rational(-3, 10), Rational(-7, 100)]]))
            let x = BigVector([Rational(-5), Rational.powerOfTwo(-64) * Rational(-1)], precision: 64)
            var y = BigVector(count: 1, precision: 64)
            negative.multiply(x, into: &y)
            #expect(y[0] == BigFloat(Rational(3, 2) + Rational(7, 100) * Rational.powerOfTwo(-64), precision: 64))
            let cancelling = try #require(ExactDataMatrix([[Rational(1), Rational(-1)]]))
            cancelling.multiply(BigVector([Rational(1, 3), Rational(1, 3)], precision: 80), into: &y)
            #expect(y[0].isZero && !y[0].isNegative)
            let integers = [[Rational(2), Rational(-3), Rational(5)]]
            let row = try #require(ExactDataMatrix(integers))
            let powers = BigVector([Rational.powerOfTwo(64), Rational.powerOfTwo(0), Rational.powerOfTwo(-64)], precision: 64)
            row.multiply(powers, into: &y)
            #expect(
                y[0]
                    == BigFloat(Rational(2) * Rational.powerOfTwo(64) - Rational(3) + Rational(5) * Rational.powerOfTwo(-64), precision: 64)
            )
            var column = BigVector(count: 3, precision: 64)
            row.multiplyTransposed(BigVector([Rational(-1, 7)], precision: 64), into: &column)
            #expect(column.isIdentical(to: BigVector(integers[0].map { $0 * Rational(-1, 7) }, precision: 64)))
            let single = try #require(ExactDataMatrix([[Rational(9, 10)]]))
            single.multiply(BigVector([Rational(10, 9)], precision: 64), into: &y)
            #expect(y[0] == BigFloat(1, precision: 64))
        }

        @Test("zeros, a NaN or infinite entry (every result NaN), data out of the 62-bit range and ragged rows (no matrix)")
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
            x[2] = BigFloat.infinity(precision: 64, negative: true)
            matrix.multiply(x, into: &y)
            #expect(y.elements.allSatisfy { $0.isNaN })
            #expect(ExactDataMatrix([[Rational.powerOfTwo(70)]]) == nil)
            #expect(ExactDataMatrix([[Rational(1), Rational(2)], [Rational(3)]]) == nil)
            #expect(ExactDataMatrix([[Rational(1) / Rational.powerOfTwo(70)]]) == nil)
        }
    }
}
