import Foundation
import Multiprecision
import Testing

/// Loads the reference fixtures written by the committed scripts beside them (see Fixtures/README.md).
enum FlowFixtures {
    static func json(_ name: String) throws -> [String: Any] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"))
        let data = try Data(contentsOf: url)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// F1 as exact rationals (every label is +1, so z = x).
    static let f1: [[Rational]] = [
        ["0.646", "0.822", "0.330", "-1.303", "0.905", "0.446"],
        ["0.837", "0.581", "0.365", "0.294", "0.028", "0.547"],
        ["1.036", "-0.163", "-0.482", "0.599", "0.040", "-0.292"],
        ["1.082", "-0.257", "0.008", "-0.276", "1.294", "1.007"]
    ].map { $0.map { try! Rational(decimal: $0) } }

    /// Significant decimal digits on which `value` agrees with the decimal `reference`, relative to
    /// `scale` (the reference itself when nil).
    static func agreement(_ value: BigFloat, _ reference: String, scale: String? = nil) -> Double {
        let p = max(value.precision, 256)
        let exact = try! BigFloat(reference, precision: p)
        let difference = BigFloat(value, precision: p) - exact
        if difference.isZero { return Double(p) * 0.30103 }
        let size = try! BigFloat(scale ?? reference, precision: p).magnitude
        return (size.log10Magnitude ?? 0) - (difference.log10Magnitude ?? 0)
    }

    /// Normwise agreement of a vector with a reference vector: relative to its largest entry.
    static func agreement(_ values: [BigFloat], _ reference: [String]) -> Double {
        let largest = reference.max { abs(Double($0)!) < abs(Double($1)!) }!
        return zip(values, reference).map { agreement($0, $1, scale: largest) }.min()!
    }
}
