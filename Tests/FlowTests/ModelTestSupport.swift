import Flow
import Multiprecision

/// Small helpers of the model tests (u∘v, two-layer, gradient descent).
enum ModelTestSupport {
    static func rationals(_ rows: [[String]]) -> [[Rational]] { rows.map { $0.map { try! Rational(decimal: $0) } } }

    /// The T11 regression data (shared/data/T11.csv): X is 2 × 4, y = (1, 0).
    static let t11x = rationals([["1", "0.5", "0.7", "0"], ["0.5", "1", "0.1", "0.7"]])
    static let t11y = [Rational(1), Rational(0)]

    /// log10 of ‖a − b‖∞ / max(‖b‖∞, floor) (−∞ when equal).
    static func log10RelativeDifference(_ a: [BigFloat], _ b: [BigFloat], floor: Double = 0) -> Double {
        let p = max(a.first?.precision ?? 64, b.first?.precision ?? 64)
        var difference = BigFloat(precision: p), size = BigFloat(exactly: floor, precision: p)
        for (x, y) in zip(a, b) {
            difference = BigFloat.maximum(difference, (BigFloat(x, precision: p) - BigFloat(y, precision: p)).magnitude)
            size = BigFloat.maximum(size, BigFloat(y, precision: p).magnitude)
        }
        guard let d = difference.log10Magnitude else { return -Double.infinity }
        return d - (size.log10Magnitude ?? 0)
    }
}
