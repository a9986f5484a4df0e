import Foundation
import Multiprecision

/// An exact binary number as the fixture scripts write it: value = m · 2^e, m a decimal integer.
struct ExactBinary: Codable, Sendable, Equatable {
    let m: String
    let e: Int

    /// The value as a `BigFloat` of `precision` bits; exact (the scripts never write a mantissa
    /// wider than the precision it is used at).
    func bigFloat(precision: Int) throws -> BigFloat {
        try BigFloat(mantissa: m, exponent: e, precision: precision)
    }

    /// The exact value as a rational.
    var rational: Rational {
        get throws { try Rational(fraction: m) * Rational.powerOfTwo(e) }
    }
}

/// Reads a JSON fixture from the test bundle's `Fixtures` directory (falling back to the source
/// tree beside this file, for runs that do not carry the resource bundle).
enum Fixture {
    static func url(_ name: String) -> URL {
        if let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures") {
            return url
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(name + ".json")
    }

    static func load<T: Decodable>(_ type: T.Type, from name: String) throws -> T {
        let data = try Data(contentsOf: url(name))
        return try JSONDecoder().decode(T.self, from: data)
    }
}

extension RoundingMode {
    /// The rounding mode a fixture names (the Swift case name).
    init(fixtureName: String) {
        switch fixtureName {
        case "toNearest": self = .toNearest
        case "down": self = .down
        case "up": self = .up
        case "towardZero": self = .towardZero
        case "awayFromZero": self = .awayFromZero
        default: fatalError("unknown rounding mode '\(fixtureName)' in a fixture")
        }
    }

    var fixtureName: String {
        switch self {
        case .toNearest: return "toNearest"
        case .down: return "down"
        case .up: return "up"
        case .towardZero: return "towardZero"
        case .awayFromZero: return "awayFromZero"
        }
    }
}

/// A value that should have been finite was NaN or ±∞.
struct NotFinite: Error, CustomStringConvertible {
    let value: String
    var description: String { "expected a finite number, got \(value)" }
}

extension Rational {
    /// 2^exponent exactly (by repeated squaring).
    static func powerOfTwo(_ exponent: Int) -> Rational {
        var result = Rational(1)
        var base = exponent >= 0 ? Rational(2) : Rational(1, 2)
        var remaining = exponent.magnitude
        while remaining > 0 {
            if remaining & 1 == 1 { result *= base }
            remaining >>= 1
            if remaining > 0 { base *= base }
        }
        return result
    }

    /// The exact value of a finite `BigFloat`; throws `NotFinite` for NaN and ±∞ (so that a test
    /// fails instead of crashing the test process).
    init(exactly value: BigFloat) throws {
        guard let binary = value.exactBinary else { throw NotFinite(value: value.description) }
        self = try Rational(fraction: binary.mantissa) * Rational.powerOfTwo(binary.exponent)
    }
}

extension BigFloat {
    /// The distance from `self` to `other` in units of the smaller of their ulps (2^(e − p) with
    /// MPFR's exponent e): 0 when identical, 1 when adjacent (also across a binade boundary),
    /// more otherwise; nil when not comparable (non-finite, different precisions). Exact.
    func ulpDistance(to other: BigFloat) -> Rational? {
        guard precision == other.precision, isFinite, other.isFinite else { return nil }
        if isIdentical(to: other) { return Rational() }
        guard let a = try? Rational(exactly: self), let b = try? Rational(exactly: other) else { return nil }
        let unit = [self, other].compactMap { $0.binaryExponent }.map { Rational.powerOfTwo($0 - precision) }.min()
            ?? Rational.powerOfTwo(-precision)
        return (a - b).magnitude / unit
    }
}
