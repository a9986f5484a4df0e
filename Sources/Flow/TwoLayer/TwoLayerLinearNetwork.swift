import Foundation
import LinearAlgebra
import Multiprecision

/// A two-layer linear network Θ = U Vᵀ (U ∈ R^{D_in×h}, V ∈ R^{m×h}) trained on the squared loss
/// L = ½‖Y − XUVᵀ‖²_F (Min, Tarmoun, Vidal, Mallada 2021; MATH.md §5), as a `GradientModel` in
/// θ = (vec U, vec V), both row-major.
///
/// Initialization: U(0) = c·Ξ_U, V(0) = c·Ξ_V with exact rational matrices Ξ and an exact c²
/// (so c may be a square root, e.g. c = α/√h); each entry c·ξ is rounded to the working
/// precision to within one ulp. `random(...)` draws Ξ from a seeded stream.
///
/// With R = XUVᵀ − Y: ∇_U L = XᵀRV, ∇_V L = RᵀXU; along (A, B), δR = X(AVᵀ + UBᵀ) and
/// H·(A, B) = (Xᵀ(δR V + R B), δRᵀXU + RᵀXA), exactly.
public struct TwoLayerLinearNetwork: GradientModel {
    /// X (n × D_in) and Y (n × m), exact.
    public let x: [[Rational]]
    public let y: [[Rational]]
    /// Ξ_U (D_in × h) and Ξ_V (m × h), exact; c² > 0, exact.
    public let initialU: [[Rational]]
    public let initialV: [[Rational]]
    public let initialScaleSquared: Rational

    public var samples: Int { x.count }
    public var inputs: Int { x[0].count }
    public var outputs: Int { y[0].count }
    public var width: Int { initialU[0].count }

    public init(x: [[Rational]], y: [[Rational]], initialU: [[Rational]], initialV: [[Rational]], initialScaleSquared: Rational)
        throws(FlowError)
    {
        guard !x.isEmpty, x.count == y.count, !x[0].isEmpty, !y[0].isEmpty else {
            throw .incompatibleLoss(
                "X has \(x.count) rows and Y \(y.count): need the same number of samples, at least one input and one output")
        }
        guard x.allSatisfy({ $0.count == x[0].count }), y.allSatisfy({ $0.count == y[0].count }) else {
            throw .incompatibleLoss("ragged X or Y")
        }
        guard initialU.count == x[0].count, initialV.count == y[0].count, !initialU[0].isEmpty,
            (initialU + initialV).allSatisfy({ $0.count == initialU[0].count })
        else {
            throw .invalidInitialization("U(0) must be \(x[0].count) × h and V(0) \(y[0].count) × h")
        }
        guard initialScaleSquared.signum > 0 else { throw .invalidInitialization("the initialization scale must be positive") }
        self.x = x
        self.y = y
        self.initialU = initialU
        self.initialV = initialV
        self.initialScaleSquared = initialScaleSquared
    }

    /// The seed-fixed initialization U(0), V(0) with i.i.d. entries α·ξ/√h, ξ ≈ N(0, 1) drawn by
    /// Box–Muller from a SplitMix64 stream seeded by `seed` and rounded to 6 decimals (so Ξ is
    /// exact; the same on every machine): Θ(0) = UVᵀ = O(α²h^{-1/2}), UUᵀ ≈ α²I for h ≫ D_in.
    public static func random(x: [[Rational]], y: [[Rational]], width: Int, alpha: Rational, seed: UInt64) throws(FlowError)
        -> TwoLayerLinearNetwork
    {
        guard width >= 1 else { throw .invalidInitialization("the width h must be at least 1, got \(width)") }
        guard alpha.signum > 0 else { throw .invalidInitialization("the scale α must be positive, got \(ExactDecimal.brief(alpha))") }
        guard let first = x.first, let firstY = y.first else { throw .incompatibleLoss("no samples") }
        var stream = InitializationStream(seed: seed)
        let u = (0..<first.count).map { _ in (0..<width).map { _ in stream.nextGaussianRational() } }
        let v = (0..<firstY.count).map { _ in (0..<width).map { _ in stream.nextGaussianRational() } }
        return try TwoLayerLinearNetwork(x: x, y: y, initialU: u, initialV: v, initialScaleSquared: alpha * alpha / Rational(width))
    }

    public var parameterCount: Int { (inputs + outputs) * width }

    public func initialParameters(precision: Int) -> BigVector {
        let c = BigFloat.sqrt(BigFloat(initialScaleSquared, precision: precision + 32), precision: precision + 32)
        var theta = BigVector(count: parameterCount, precision: precision)
        var k = 0
        for row in initialU + initialV {
            for entry in row {
                theta[k] = BigFloat.product(c, BigFloat(entry, precision: precision + 32), precision: precision)
                k += 1
            }
        }
        return theta
    }

    public func evaluator(precision: Int) -> any GradientEvaluator { Evaluator(network: self, precision: precision) }

    /// U and V (row-major) from θ.
    public func split(_ theta: BigVector) -> (u: [BigFloat], v: [BigFloat]) {
        let all = theta.elements
        return (Array(all[0..<(inputs * width)]), Array(all[(inputs * width)...]))
    }

    /// Θ = UVᵀ (D_in × m, row-major).
    public func product(_ theta: BigVector) -> [BigFloat] {
        let (u, v) = split(theta)
        return DenseAlgebra.multiply(
            u, DenseAlgebra.transpose(v, rows: outputs, columns: width), rows: inputs, inner: width, columns: outputs,
            precision: theta.precision)
    }

    final class Evaluator: GradientEvaluator {
        let precision: Int
        let network: TwoLayerLinearNetwork
        let x: [BigFloat]  // n × D_in
        let xt: [BigFloat]  // D_in × n
        let y: [BigFloat]  // n × m

        init(network: TwoLayerLinearNetwork, precision: Int) {
            self.precision = precision
            self.network = network
            x = network.x.flatMap { $0.map { BigFloat($0, precision: precision) } }
            xt = DenseAlgebra.transpose(x, rows: network.samples, columns: network.inputs)
            y = network.y.flatMap { $0.map { BigFloat($0, precision: precision) } }
        }

        /// XU (n × h) and R = XUVᵀ − Y (n × m).
        func residual(u: [BigFloat], v: [BigFloat]) -> (xu: [BigFloat], r: [BigFloat]) {
            let n = network.samples, din = network.inputs, m = network.outputs, h = network.width
            let xu = DenseAlgebra.multiply(x, u, rows: n, inner: din, columns: h, precision: precision)
            var r = DenseAlgebra.multiply(
                xu, DenseAlgebra.transpose(v, rows: m, columns: h), rows: n, inner: h, columns: m, precision: precision)
            for k in 0..<r.count { r[k] = r[k] - y[k] }
            return (xu, r)
        }

        func loss(_ theta: BigVector) -> BigFloat {
            let (u, v) = network.split(theta)
            let r = residual(u: u, v: v).r
            var sum = BigFloat(precision: precision)
            for value in r { sum = BigFloat.fusedMultiplyAdd(value, value, sum) }
            return sum / 2
        }

        func gradient(_ theta: BigVector) -> BigVector {
            let (u, v) = network.split(theta)
            let (xu, r) = residual(u: u, v: v)
            return pack(gradientU: gradientU(r: r, v: v), gradientV: gradientV(r: r, xu: xu))
        }

        /// XᵀRV (D_in × h).
        func gradientU(r: [BigFloat], v: [BigFloat]) -> [BigFloat] {
            let n = network.samples, din = network.inputs, m = network.outputs, h = network.width
            let rv = DenseAlgebra.multiply(r, v, rows: n, inner: m, columns: h, precision: precision)
            return DenseAlgebra.multiply(xt, rv, rows: din, inner: n, columns: h, precision: precision)
        }

        /// RᵀXU (m × h).
        func gradientV(r: [BigFloat], xu: [BigFloat]) -> [BigFloat] {
            let n = network.samples, m = network.outputs, h = network.width
            return DenseAlgebra.multiply(
                DenseAlgebra.transpose(r, rows: n, columns: m), xu, rows: m, inner: n, columns: h, precision: precision)
        }

        func pack(gradientU: [BigFloat], gradientV: [BigFloat]) -> BigVector {
            BigVector(gradientU + gradientV, precision: precision)
        }

        func hessianVectorProduct(_ theta: BigVector, _ direction: BigVector) -> BigVector {
            let n = network.samples, din = network.inputs, m = network.outputs, h = network.width
            let (u, v) = network.split(theta)
            let (a, b) = network.split(direction)
            let (xu, r) = residual(u: u, v: v)
            let xa = DenseAlgebra.multiply(x, a, rows: n, inner: din, columns: h, precision: precision)
            // δR = (XA)Vᵀ + (XU)Bᵀ
            var dr = DenseAlgebra.multiply(
                xa, DenseAlgebra.transpose(v, rows: m, columns: h), rows: n, inner: h, columns: m, precision: precision)
            let second = DenseAlgebra.multiply(
                xu, DenseAlgebra.transpose(b, rows: m, columns: h), rows: n, inner: h, columns: m, precision: precision)
            for k in 0..<dr.count { dr[k] = dr[k] + second[k] }
            // Xᵀ(δR V + R B)
            var inner = DenseAlgebra.multiply(dr, v, rows: n, inner: m, columns: h, precision: precision)
            let rb = DenseAlgebra.multiply(r, b, rows: n, inner: m, columns: h, precision: precision)
            for k in 0..<inner.count { inner[k] = inner[k] + rb[k] }
            let du = DenseAlgebra.multiply(xt, inner, rows: din, inner: n, columns: h, precision: precision)
            // δRᵀXU + RᵀXA
            var dv = gradientV(r: dr, xu: xu)
            let rxa = gradientV(r: r, xu: xa)
            for k in 0..<dv.count { dv[k] = dv[k] + rxa[k] }
            return pack(gradientU: du, gradientV: dv)
        }
    }
}
