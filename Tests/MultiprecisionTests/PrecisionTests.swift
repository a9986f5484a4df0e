import Multiprecision
import Testing

extension MultiprecisionLayer {
    /// `Precision`: the legal range and the digit/bit conversions, against exact integer powers.
    @Suite struct PrecisionTests {
        /// The smallest b with 2^b ≥ 10^d, i.e. ⌈d · log2 10⌉, found with exact rationals.
        static func exactBits(forDigits d: Int) throws -> Int {
            let power = try Rational(decimal: "1e\(d)")
            var b = Int((Double(d) * 3.321928094887362).rounded(.down)) - 2
            while Rational.powerOfTwo(b) < power { b += 1 }
            return b
        }

        /// The largest d with 10^d ≤ 2^b, i.e. ⌊b · log10 2⌋, found with exact rationals.
        static func exactDigits(forBits b: Int) throws -> Int {
            let power = Rational.powerOfTwo(b)
            var d = Int((Double(b) * 0.3010299956639812).rounded(.down)) + 2
            while try Rational(decimal: "1e\(d)") > power { d -= 1 }
            return d
        }

        @Test("bits(forDecimalDigits:) is ⌈d log2 10⌉ and never short")
        func bitsForDigits() throws {
            for d in Array(1...300) + [1000, 1233, 4096, 12345, 100_000] {
                let exact = try Self.exactBits(forDigits: d)
                let computed = Precision.bits(forDecimalDigits: d)
                #expect(computed >= exact, "\(d) digits need \(exact) bits")
                #expect(computed <= exact + 1, "\(d) digits: \(computed) bits is more than one too many")
                if d <= 12345 { #expect(computed == exact, "\(d) digits") }
            }
        }

        @Test("decimalDigits(forBits:) is ⌊b log10 2⌋")
        func digitsForBits() throws {
            for b in Array(1...300) + [1024, 4096, 4097, 65536, 1_000_003] {
                #expect(Precision.decimalDigits(forBits: b) == (try Self.exactDigits(forBits: b)), "\(b) bits")
            }
        }

        @Test("validate accepts MPFR's range and refuses what lies outside it")
        func validate() {
            #expect(throws: Never.self) { try Precision.validate(Precision.minimumBits) }
            #expect(throws: Never.self) { try Precision.validate(53) }
            #expect(throws: Never.self) { try Precision.validate(Precision.maximumBits) }
            #expect(Precision.minimumBits >= 1 && Precision.maximumBits == Int(Int32.max))
            for bits in [0, -5, Precision.minimumBits - 1, Precision.maximumBits + 1] {
                let error = #expect(throws: MultiprecisionError.self) { try Precision.validate(bits) }
                #expect(error == .invalidPrecision(bits: bits, allowed: Precision.minimumBits...Precision.maximumBits))
            }
        }
    }
}
