import Multiprecision

/// ‖a − b‖₂ of two vectors known up to per-entry error bounds, with the bound propagated.
///
/// Contract: with |Δa_i| ≤ e_i and |Δb_i| ≤ f_i, the triangle inequality gives
/// |‖a − b‖₂ − ‖ã − b̃‖₂| ≤ ‖e + f‖₂, which is the returned error; the sum of squares is
/// accumulated at `precision` bits (rounding error far below the propagated bound).
public enum DistanceMeasure {
    public static func euclidean(_ a: [BoundedValue], _ b: [BoundedValue], precision: Int) -> BoundedValue {
        precondition(a.count == b.count, "vectors of different lengths")
        var squares = BigFloat(precision: precision), errorSquares = BigFloat(precision: precision)
        for (x, y) in zip(a, b) {
            let difference = BigFloat(x.value, precision: precision) - BigFloat(y.value, precision: precision)
            squares += difference * difference
            let error = BigFloat(x.error, precision: precision) + BigFloat(y.error, precision: precision)
            errorSquares += error * error
        }
        return BoundedValue(value: BigFloat.sqrt(squares), error: BigFloat.sqrt(errorSquares))
    }

    /// ‖a‖_p^p = Σ|a_i|^p (p > 0), with the error Σ p|a_i|^{p−1} e_i (first order), and for p ≤ 1
    /// at most Σ e_i^p (|x + e|^p − |x|^p ≤ e^p by subadditivity), which bounds tiny entries.
    public static func powerSum(_ a: [BoundedValue], exponent p: BigFloat) -> BoundedValue {
        let precision = p.precision
        var sum = BigFloat(precision: precision), error = BigFloat(precision: precision)
        for x in a {
            let magnitude = BigFloat(x.value, precision: precision).magnitude
            guard !magnitude.isZero else { continue }
            sum += BigFloat.pow(magnitude, p)
            let e = BigFloat(x.error, precision: precision)
            let linear = p * BigFloat.pow(magnitude, p - 1) * e
            error += p <= BigFloat(1, precision: precision) ? BigFloat.minimum(linear, BigFloat.pow(e, p)) : linear
        }
        return BoundedValue(value: sum, error: error)
    }
}
