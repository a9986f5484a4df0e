import Foundation
import LinearAlgebra
import Multiprecision

/// The invariants, rate bound and limit gap of a `TwoLayerLinearNetwork` trajectory (MATH.md
/// §5.2-5.4, T13), evaluated on states of `GradientFlowSolver`.
///
/// * Imbalance D = UᵀU − VᵀV is constant along the flow; so is P⊥U (dU/dt has columns in row X).
/// * Rate bound from the imbalance alone: with D₀ = D(0), E = Y − XUVᵀ and, for h ≥ D_in,
///   λ_min(UUᵀ) = λ_{D_in}(UᵀU) ≥ λ_{D_in}(D₀) (UᵀU = D₀ + VᵀV ⪰ D₀), and likewise for h ≥ m,
///   λ_min(VVᵀ) ≥ λ_m(−D₀), so d/dt‖E‖² = −2(‖XᵀEV‖² + ‖UᵀXᵀE‖²) ≤ −2c‖E‖² with
///   c = λ_min(XXᵀ)·(λ_{D_in}(D₀)₊ + λ_m(−D₀)₊), i.e. ‖E(t)‖_F ≤ ‖E(0)‖_F e^{−ct} for all t.
/// * Gap: P⊥Θ(t) = P⊥U(0)V(t)ᵀ exactly and P_rowΘ(t) − Θ* = X⁺(XΘ(t) − Y), so
///   ‖Θ(t) − Θ* − P⊥U(0)V(t)ᵀ‖_F ≤ ‖X⁺‖₂‖E(t)‖_F → 0: Θ(∞) − Θ* = P⊥U(0)V(∞)ᵀ.
/// Eigenvalues by Jacobi (`SymmetricEigenvalues`); Θ* and P⊥ exact (`ExactMinimumNorm`).
public struct TwoLayerAnalysis: Sendable {
    public let network: TwoLayerLinearNetwork
    public let minimumNorm: ExactMinimumNorm
    public let precision: Int

    public init(network: TwoLayerLinearNetwork, precision: Int) throws(FlowError) {
        self.network = network
        minimumNorm = try ExactMinimumNorm(x: network.x, y: network.y)
        self.precision = precision
    }

    /// The exponential rate c of the bound ‖E(t)‖_F ≤ ‖E(0)‖_F e^{−ct} and its ingredients.
    public struct RateBound: Sendable {
        public var rate: BigFloat
        public var smallestDataEigenvalue: BigFloat  // λ_min(XXᵀ)
        public var inputTerm: BigFloat  // λ_{D_in}(D₀)₊ (0 if h < D_in)
        public var outputTerm: BigFloat  // λ_m(−D₀)₊ (0 if h < m)
    }

    /// What one state says about T13.
    public struct StateReport: Sendable {
        /// ‖E‖_F = ‖Y − XUVᵀ‖_F.
        public var residualNorm: BigFloat
        /// ‖D(t) − D₀‖_F / ‖D₀‖_F.
        public var imbalanceDrift: BigFloat
        /// ‖P⊥U(t) − P⊥U(0)‖_F / ‖U(0)‖_F.
        public var nullSpaceDrift: BigFloat
        /// Θ(t) − Θ* and P⊥U(0)V(t)ᵀ (D_in × m, row-major).
        public var gap: [BigFloat]
        public var predictedGap: [BigFloat]
        /// ‖Θ − Θ* − P⊥U(0)Vᵀ‖_F and its bound ‖X⁺‖₂‖E‖_F.
        public var identityResidual: BigFloat
        public var identityBound: BigFloat
        /// ‖Θ − Θ*‖_F.
        public var gapNorm: BigFloat
    }

    var xRows: [BigFloat] { network.x.flatMap { $0.map { BigFloat($0, precision: precision) } } }

    /// D = UᵀU − VᵀV (h × h, row-major).
    public func imbalance(_ theta: BigVector) -> [BigFloat] {
        let (u, v) = network.split(BigVector(theta.elements, precision: precision))
        let h = network.width, din = network.inputs, m = network.outputs
        var result = DenseAlgebra.multiply(
            DenseAlgebra.transpose(u, rows: din, columns: h), u, rows: h, inner: din, columns: h, precision: precision)
        let vv = DenseAlgebra.multiply(
            DenseAlgebra.transpose(v, rows: m, columns: h), v, rows: h, inner: m, columns: h, precision: precision)
        for k in 0..<result.count { result[k] = result[k] - vv[k] }
        return result
    }

    /// λ_min(XXᵀ).
    public func smallestDataEigenvalue() -> BigFloat {
        let n = network.samples, din = network.inputs
        let x = xRows
        let gram = DenseAlgebra.multiply(
            x, DenseAlgebra.transpose(x, rows: n, columns: din), rows: n, inner: din, columns: n, precision: precision)
        return SymmetricEigenvalues.compute((0..<n).map { Array(gram[($0 * n)..<($0 * n + n)]) }, precision: precision).last!
    }

    /// The eigenvalues of D₀, decreasing (h of them).
    public func initialImbalanceEigenvalues() -> [BigFloat] {
        let theta = network.initialParameters(precision: precision)
        let h = network.width, din = network.inputs, m = network.outputs, r = din + m
        if h > r {
            // Nonzero spectrum of D₀ = AᵀSA (A = [U₀; V₀], S = diag(I, −I)) from LᵀSL, AAᵀ = LLᵀ.
            let a = theta.elements
            let gram = DenseAlgebra.multiply(
                a, DenseAlgebra.transpose(a, rows: r, columns: h), rows: r, inner: h, columns: r, precision: precision)
            if let l = Self.cholesky(gram, size: r, precision: precision) {
                var small = [[BigFloat]](repeating: [BigFloat](repeating: BigFloat(precision: precision), count: r), count: r)
                for i in 0..<r {
                    for j in 0..<r {
                        var sum = BigFloat(precision: precision)
                        for k in 0..<r {
                            let term = l[k * r + i] * l[k * r + j]
                            sum = k < din ? sum + term : sum - term
                        }
                        small[i][j] = sum
                    }
                }
                let nonzero = SymmetricEigenvalues.compute(small, precision: precision)
                return (nonzero + [BigFloat](repeating: BigFloat(precision: precision), count: h - r)).sorted { $0 > $1 }
            }
        }
        let d = imbalance(theta)
        return SymmetricEigenvalues.compute((0..<h).map { Array(d[($0 * h)..<($0 * h + h)]) }, precision: precision)
    }

    public func rateBound() -> RateBound {
        let eigenvalues = initialImbalanceEigenvalues()
        let h = network.width, din = network.inputs, m = network.outputs
        let zero = BigFloat(precision: precision)
        let input = h >= din ? BigFloat.maximum(zero, eigenvalues[din - 1]) : zero
        let output = h >= m ? BigFloat.maximum(zero, -eigenvalues[h - m]) : zero
        let data = smallestDataEigenvalue()
        return RateBound(rate: data * (input + output), smallestDataEigenvalue: data, inputTerm: input, outputTerm: output)
    }

    /// The T13 quantities at state θ (from the same trajectory as θ(0)).
    public func report(_ theta: BigVector) -> StateReport {
        let p = precision
        let state = BigVector(theta.elements, precision: p)
        let initial = network.initialParameters(precision: p)
        let din = network.inputs, m = network.outputs, h = network.width, n = network.samples
        let (u, v) = network.split(state)
        let (u0, _) = network.split(initial)
        let projector = minimumNorm.nullProjector.flatMap { $0.map { BigFloat($0, precision: p) } }
        let theta0 = DenseAlgebra.multiply(projector, u0, rows: din, inner: din, columns: h, precision: p)
        let thetaNow = DenseAlgebra.multiply(projector, u, rows: din, inner: din, columns: h, precision: p)
        let product = network.product(state)
        let star = minimumNorm.solution.flatMap { $0.map { BigFloat($0, precision: p) } }
        let gap = zip(product, star).map { $0 - $1 }
        let predicted = DenseAlgebra.multiply(
            theta0, DenseAlgebra.transpose(v, rows: m, columns: h), rows: din, inner: h, columns: m, precision: p)
        let identity = zip(gap, predicted).map { $0 - $1 }
        let residual = DenseAlgebra.multiply(xRows, product, rows: n, inner: din, columns: m, precision: p)
        let targets = network.y.flatMap { $0.map { BigFloat($0, precision: p) } }
        let e = zip(targets, residual).map { $0 - $1 }
        let d0 = imbalance(initial), d = imbalance(state)
        let residualNorm = DenseAlgebra.frobeniusNorm(e, precision: p)
        let pseudoInverseNorm = 1 / BigFloat.sqrt(smallestDataEigenvalue())
        return StateReport(
            residualNorm: residualNorm,
            imbalanceDrift: DenseAlgebra.frobeniusNorm(zip(d, d0).map { $0 - $1 }, precision: p)
                / DenseAlgebra.frobeniusNorm(d0, precision: p),
            nullSpaceDrift: DenseAlgebra.frobeniusNorm(zip(thetaNow, theta0).map { $0 - $1 }, precision: p)
                / DenseAlgebra.frobeniusNorm(u0, precision: p),
            gap: gap, predictedGap: predicted,
            identityResidual: DenseAlgebra.frobeniusNorm(identity, precision: p),
            identityBound: pseudoInverseNorm * residualNorm,
            gapNorm: DenseAlgebra.frobeniusNorm(gap, precision: p))
    }

    /// The lower-triangular Cholesky factor (row-major) of a symmetric positive definite matrix,
    /// or nil if a pivot is not positive.
    static func cholesky(_ a: [BigFloat], size r: Int, precision p: Int) -> [BigFloat]? {
        var l = [BigFloat](repeating: BigFloat(precision: p), count: r * r)
        for j in 0..<r {
            var diagonal = a[j * r + j]
            for k in 0..<j { diagonal = diagonal - l[j * r + k] * l[j * r + k] }
            guard diagonal.signum > 0 else { return nil }
            let pivot = BigFloat.sqrt(diagonal)
            l[j * r + j] = pivot
            for i in (j + 1)..<r {
                var sum = a[i * r + j]
                for k in 0..<j { sum = sum - l[i * r + k] * l[j * r + k] }
                l[i * r + j] = sum / pivot
            }
        }
        return l
    }
}
