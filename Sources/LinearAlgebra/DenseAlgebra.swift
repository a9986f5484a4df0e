import Multiprecision

/// Small dense linear algebra on row-major arrays of `BigFloat`, for the models whose parameters
/// are matrices (`TwoLayerLinearNetwork`). Every product is the textbook triple loop at the
/// precision of its operands, rounded to nearest in each operation.
public enum DenseAlgebra {
    /// A (r × k) times B (k × c), A and B row-major.
    public static func multiply(_ a: [BigFloat], _ b: [BigFloat], rows r: Int, inner k: Int, columns c: Int, precision p: Int) -> [BigFloat]
    {
        var result = [BigFloat](repeating: BigFloat(precision: p), count: r * c)
        for i in 0..<r {
            for j in 0..<c {
                var sum = BigFloat(precision: p)
                for l in 0..<k { sum = BigFloat.fusedMultiplyAdd(a[i * k + l], b[l * c + j], sum) }
                result[i * c + j] = sum
            }
        }
        return result
    }

    /// Aᵀ for A (r × c) row-major.
    public static func transpose(_ a: [BigFloat], rows r: Int, columns c: Int) -> [BigFloat] {
        var result = a
        for i in 0..<r { for j in 0..<c { result[j * r + i] = a[i * c + j] } }
        return result
    }

    /// The Frobenius norm √Σ aᵢ².
    public static func frobeniusNorm(_ a: [BigFloat], precision p: Int) -> BigFloat {
        var sum = BigFloat(precision: p)
        for x in a { sum = BigFloat.fusedMultiplyAdd(x, x, sum) }
        return BigFloat.sqrt(sum)
    }

    /// The largest |aᵢ|.
    public static func maximumMagnitude(_ a: [BigFloat], precision p: Int) -> BigFloat {
        var best = BigFloat(precision: p)
        for x in a { best = BigFloat.maximum(best, x.magnitude) }
        return best
    }
}
