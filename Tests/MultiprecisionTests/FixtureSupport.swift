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

extension BigFloat {
    /// The distance from `self` to `other` in units of the smaller of their ulps (2^(e − p) with
    /// MPFR's exponent e): 0 when identical, 1 when adjacent (also across a binade boundary),
    /// more otherwise; nil when not comparable (non-finite, different precisions). Exact.
    func ulpDistance(to other: BigFloat) -> Rational? {
        guard precision == other.precision, isFinite, other.isFinite else { return nil }
        if isIdentical(to: other) { return Rational() }
        guard let a = try? Rational(exactly: self), let b = try? Rational(exactly: other) else { return nil }
        let unit =
            [self, other].compactMap { $0.binaryExponent }.map { Rational.powerOfTwo($0 - precision) }.min()
            ?? Rational.powerOfTwo(-precision)
        return (a - b).magnitude / unit
    }
}
