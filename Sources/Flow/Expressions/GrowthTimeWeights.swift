import CMPFR
import LinearAlgebra
import Multiprecision

/// The growth-time weights t_i^± of a model (MATH.md §12.1–12.2) with which the weighted
/// saddle-to-saddle algorithm describes its flow under infinitesimal initialization.
///
/// * **General two-layer model** (Definition 1): k_i(0) = 0, ∇k_i(0) = 0, and the eigenvalues
///   λ_1 ≤ … ≤ λ_p of ∇²k_i(0) with λ_1 < min{0, λ_2} and λ_p > max{0, λ_{p−1}}; then
///   t_i^+ = 1/λ_p and t_i^- = −1/λ_1. Exact when the Hessian at 0 is rational (every
///   operation at θ = 0 exact, `ExpressionProgram.exactOutputs`) and the extreme eigenvalues are
///   rational (then λ·D is an integer for D the Hessian's common denominator; the candidate is
///   checked by an exact determinant, and simplicity by an exact rank); otherwise MPFR values
///   with the digits two precisions agree on. With BiasFlow's loss ½‖Xk − y‖² and θ(0) = sθ*,
///   coordinate i leaves 0 when ∫₀ᵗ u_i dt reaches t_i^± ln(1/s) (u = Xᵀ(y − Xk)): the algorithm's
///   times are physical time over ln(1/s) **[D]**.
/// * **Deep product** k_i = a_1 ⋯ a_L, L ≥ 3 (`ExpressionModel.productLayers`): with a_L the
///   layer of smallest |a*| (unique, else refused), μ_j² = a*_j² − a*_L² and σ = Π_{j≠L} sign a*_j,
///   t^+ = G(σ a*_L) and t^- = G(−σ a*_L), G(c) = ∫_c^∞ dx / Π_j sqrt(x² + μ_j²)
///   (`DeepLayerIntegral`; σ = +1 is the paper's F_i(+∞), −F_i(−∞)). Times scale as s^{L−2}:
///   the algorithm's times are s^{L−2} ∫₀ᵗ u dt **[D]**.
///
/// Refused (`FlowError.invalidInitialization` naming the coordinate): a coordinate in neither
/// class, mixed classes or depths, and Hessian conditions that fail or cannot be decided at the
/// precision used.
public struct GrowthTimeWeights: Sendable {
    /// One weight: exact when `exact` is set, else `value` with `verifiedDigits` digits.
    public struct Weight: Sendable {
        public let exact: Rational?
        public let value: BigFloat
        public let verifiedDigits: Int
    }

    public enum ModelClass: Sendable, Equatable {
        case twoLayer
        case deep(layers: Int)
    }

    public let modelClass: ModelClass
    public let plus: [Weight]
    public let minus: [Weight]
    /// Two-layer: (λ_1, λ_p) per coordinate, with their exact values where known.
    public let extremeEigenvalues: [(smallest: Weight, largest: Weight)]

    /// All weights exact.
    public var exactWeights: (plus: [Rational], minus: [Rational])? {
        let p = plus.compactMap(\.exact), m = minus.compactMap(\.exact)
        return p.count == plus.count && m.count == minus.count ? (p, m) : nil
    }

    /// The fewest verified digits of any weight (exact weights count as unlimited).
    public var verifiedDigits: Int {
        (plus + minus).filter { $0.exact == nil }.map(\.verifiedDigits).min() ?? Int.max
    }

    /// The weights as exact rationals: the exact ones, and the others' values at their precision
    /// (each an exact binary fraction within 2^-precision relatively of the computed value).
    public var rationalApproximations: (plus: [Rational], minus: [Rational]) {
        func r(_ w: Weight) -> Rational { w.exact ?? GrowthTimeWeights.rational(w.value) }
        return (plus.map(r), minus.map(r))
    }

    static func rational(_ x: BigFloat) -> Rational {
        Rational { q in x.withMPFR { _ = mpfr_get_q(q, $0) } }
    }

    /// Computes the weights with at least `digits` verified digits where they are not exact.
    public static func compute(_ model: ExpressionModel, digits: Int = 30) throws(FlowError) -> GrowthTimeWeights {
        let d = model.dimension
        let deepLayers = (0..<d).map { model.productLayers(coordinate: $0).flatMap { $0.count >= 3 ? $0 : nil } }
        let deepStacks = deepLayers.compactMap { $0 }
        if deepStacks.count == d { return try deep(model, layers: deepStacks, digits: digits) }
        if let first = deepLayers.firstIndex(where: { $0 == nil }), !deepStacks.isEmpty {
            throw .invalidInitialization(
                "coordinate \(first + 1) is not a product of three or more layers while others are: the weighted saddle-to-saddle limit needs one model class (all deep products of one depth, or all general two-layer)"
            )
        }
        return try twoLayer(model, digits: digits)
    }

    // MARK: two-layer

    static func twoLayer(_ model: ExpressionModel, digits: Int) throws(FlowError) -> GrowthTimeWeights {
        let p = model.parameterCountPerCoordinate
        let zeros = [Rational](repeating: Rational(), count: p)
        var plus: [Weight] = [], minus: [Weight] = [], extremes: [(Weight, Weight)] = []
        let bits = Precision.bits(forDecimalDigits: digits) + 32
        for i in 0..<model.dimension {
            let name = "coordinate \(i + 1) (k = \(model.groups[model.groupOfCoordinate[i]].text))"
            guard p >= 2 else {
                throw .invalidInitialization(
                    "\(name): a general two-layer model needs at least two parameters per coordinate (Definition 1)")
            }
            let exact = model.exactDerivatives(coordinate: i, at: zeros)
            if let exact {
                guard exact.value.isZero else {
                    throw .invalidInitialization(
                        "\(name): k(0) = \(exact.value) ≠ 0, so 0 is not the initialization's limit point (Definition 1 needs k(0) = 0)")
                }
                guard exact.gradient.allSatisfy(\.isZero) else {
                    throw .invalidInitialization("\(name): ∇k(0) ≠ 0 (Definition 1 needs 0 to be a critical point of k)")
                }
            }
            // Eigenvalues in MPFR at two precisions.
            let coarse = eigenvalues(model, i, precision: bits)
            let fine = eigenvalues(model, i, precision: bits + bits / 2)
            guard let coarse, let fine else { throw .invalidInitialization("\(name): the Hessian of k at 0 is not finite") }
            if exact == nil {
                let kTail = fine.value.magnitude
                let gradientSize = fine.gradient.map(\.magnitude).max() ?? kTail
                if !kTail.isZero && (kTail.log10Magnitude ?? 0) > -Double(digits) {
                    throw .invalidInitialization("\(name): k(0) ≠ 0 (Definition 1 needs k(0) = 0)")
                }
                if !gradientSize.isZero && (gradientSize.log10Magnitude ?? 0) > -Double(digits) {
                    throw .invalidInitialization("\(name): ∇k(0) ≠ 0 (Definition 1 needs 0 to be a critical point of k)")
                }
            }
            // Sorted increasing: λ_1 … λ_p.
            let lambda = fine.eigenvalues, lambdaCoarse = coarse.eigenvalues
            let scale = lambda.map(\.magnitude).max() ?? BigFloat(1, precision: bits)
            let resolution = BigFloat.scaled(BigFloat.maximum(scale, BigFloat(1, precision: bits)), byPowerOfTwo: -(bits / 2))
            func decided(_ a: BigFloat, below b: BigFloat) -> Bool { b - a > resolution }
            let zero = BigFloat(precision: bits)
            guard decided(lambda[0], below: zero), decided(lambda[0], below: lambda[1]) else {
                throw .invalidInitialization(
                    "\(name): the Hessian of k at 0 has eigenvalues \(lambda.map { $0.formatted(significantDigits: 6) }) and fails λ_1 < min{0, λ_2} (Definition 1: a unique most negative direction)"
                )
            }
            guard decided(zero, below: lambda[p - 1]), decided(lambda[p - 2], below: lambda[p - 1]) else {
                throw .invalidInitialization(
                    "\(name): the Hessian of k at 0 has eigenvalues \(lambda.map { $0.formatted(significantDigits: 6) }) and fails λ_p > max{0, λ_(p−1)} (Definition 1: a unique most positive direction)"
                )
            }
            let smallestExact = exact.flatMap { rationalEigenvalue(of: $0.hessian, near: lambda[0]) }
            let largestExact = exact.flatMap { rationalEigenvalue(of: $0.hessian, near: lambda[p - 1]) }
            let agreementMin = VerifiedFlowSolver.agreement(lambdaCoarse[0], lambda[0])
            let agreementMax = VerifiedFlowSolver.agreement(lambdaCoarse[p - 1], lambda[p - 1])
            let smallest = Weight(exact: smallestExact, value: lambda[0], verifiedDigits: agreementMin)
            let largest = Weight(exact: largestExact, value: lambda[p - 1], verifiedDigits: agreementMax)
            extremes.append((smallest, largest))
            let one = BigFloat(1, precision: lambda[0].precision)
            let tPlusCoarse = BigFloat(1, precision: bits) / lambdaCoarse[p - 1],
                tMinusCoarse = -(BigFloat(1, precision: bits) / lambdaCoarse[0])
            let tPlus = one / lambda[p - 1], tMinus = -(one / lambda[0])
            plus.append(
                Weight(exact: largestExact?.reciprocal, value: tPlus, verifiedDigits: VerifiedFlowSolver.agreement(tPlusCoarse, tPlus)))
            minus.append(
                Weight(
                    exact: smallestExact.map { -$0.reciprocal }, value: tMinus,
                    verifiedDigits: VerifiedFlowSolver.agreement(tMinusCoarse, tMinus)))
            if (plus.last!.exact == nil && plus.last!.verifiedDigits < digits)
                || (minus.last!.exact == nil && minus.last!.verifiedDigits < digits)
            {
                throw .digitsNotDelivered(
                    requested: digits, delivered: min(plus.last!.verifiedDigits, minus.last!.verifiedDigits), at: "the weights of \(name)")
            }
        }
        return GrowthTimeWeights(modelClass: .twoLayer, plus: plus, minus: minus, extremeEigenvalues: extremes)
    }

    /// k, ∇k and the sorted (increasing) Hessian eigenvalues at θ_i = 0 in MPFR.
    static func eigenvalues(_ model: ExpressionModel, _ i: Int, precision: Int) -> (
        value: BigFloat, gradient: [BigFloat], eigenvalues: [BigFloat]
    )? {
        let p = model.parameterCountPerCoordinate
        let at = model.derivatives(coordinate: i, at: [Rational](repeating: Rational(), count: p), precision: precision)
        guard at.value.isFinite, at.gradient.allSatisfy(\.isFinite), at.hessian.allSatisfy({ $0.allSatisfy(\.isFinite) }) else {
            return nil
        }
        return (at.value, at.gradient, SymmetricEigenvalues.compute(at.hessian, precision: precision).reversed())
    }

    /// The rational eigenvalue of the rational symmetric `h` next to `approximation`, proved by
    /// det(h − λI) = 0 and rank(h − λI) = p − 1 (a simple eigenvalue) exactly; nil when there is
    /// none (λ·D must be an integer for D the common denominator: the rational root theorem).
    static func rationalEigenvalue(of h: [[Rational]], near approximation: BigFloat) -> Rational? {
        // A common multiple D of the denominators: D·h is an integer matrix, so D·λ is an
        // algebraic integer, and an integer if it is rational.
        var denominator = Rational(1)
        for row in h {
            for value in row where !value.isZero {
                let q = (try? Rational(fraction: value.denominatorString)) ?? Rational(1)
                if !(denominator / q).isInteger { denominator = denominator * q }
            }
        }
        let scaled = approximation * BigFloat(denominator, precision: approximation.precision)
        let nearest = BigFloat(precision: scaled.precision) { r in scaled.withMPFR { _ = mpfr_rint(r, $0, MPFR_RNDN) } }
        let candidate = rational(nearest) / denominator
        let p = h.count
        var shifted = h
        for k in 0..<p { shifted[k][k] = shifted[k][k] - candidate }
        return exactRank(shifted) == p - 1 ? candidate : nil
    }

    /// The rank of a rational matrix by exact Gaussian elimination.
    static func exactRank(_ matrix: [[Rational]]) -> Int {
        var a = matrix
        let rows = a.count, columns = a.first?.count ?? 0
        var rank = 0
        for column in 0..<columns where rank < rows {
            guard let pivot = (rank..<rows).first(where: { !a[$0][column].isZero }) else { continue }
            a.swapAt(rank, pivot)
            for r in (rank + 1)..<rows where !a[r][column].isZero {
                let factor = a[r][column] / a[rank][column]
                for c in column..<columns { a[r][c] = a[r][c] - factor * a[rank][c] }
            }
            rank += 1
        }
        return rank
    }

    // MARK: deep products

    static func deep(_ model: ExpressionModel, layers: [[Int]], digits: Int) throws(FlowError) -> GrowthTimeWeights {
        let depth = layers[0].count
        var plus: [Weight] = [], minus: [Weight] = []
        let bits = Precision.bits(forDecimalDigits: digits) + 16
        for (i, stack) in layers.enumerated() {
            let name = "coordinate \(i + 1)"
            guard stack.count == depth else {
                throw .invalidInitialization("\(name) has \(stack.count) layers, coordinate 1 has \(depth): the deep limit needs one depth")
            }
            let star = model.initialDirection[i]
            let last = model.referenceLayer(coordinate: i, layers: stack)
            let aL = star[last]
            let others = stack.filter { $0 != last }
            guard others.allSatisfy({ star[$0].magnitude > aL.magnitude }) else {
                throw .invalidInitialization(
                    "\(name): the smallest |a*| among the layers \(stack.map { model.parameters[$0] }) is not unique (MATH.md §12.1 needs a unique argmin of (a*_j)²)"
                )
            }
            let mu2 = others.map { star[$0] * star[$0] - aL * aL }
            let sigma = others.reduce(1) { $0 * star[$1].signum }
            let integral = DeepLayerIntegral(squaredOffsets: mu2)
            let start = sigma > 0 ? aL : -aL
            for (side, c) in [start, -start].enumerated() {
                guard let coarse = integral.tail(from: c, precision: bits), let fine = integral.tail(from: c, precision: bits + bits / 2)
                else {
                    throw .invalidInitialization("\(name): the growth-time integral did not converge")
                }
                let agreed = VerifiedFlowSolver.agreement(coarse, fine)
                guard agreed >= digits else {
                    throw .digitsNotDelivered(requested: digits, delivered: agreed, at: "the growth-time integral of \(name)")
                }
                let weight = Weight(exact: nil, value: fine, verifiedDigits: agreed)
                if side == 0 { plus.append(weight) } else { minus.append(weight) }
            }
        }
        return GrowthTimeWeights(modelClass: .deep(layers: depth), plus: plus, minus: minus, extremeEigenvalues: [])
    }
}
