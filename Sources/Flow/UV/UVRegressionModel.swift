import Multiprecision

/// `UVDiagonalModel` on the squared loss L = ½‖Xw − y‖², as a `GradientModel` in its primal
/// parameters θ = (u₊, v₊, u₋, v₋) ∈ R^{4d}: the primal integration that cross-checks the
/// closed form (MATH.md T12) and the model gradient descent is compared on.
///
/// With g = Xᵀ(Xw − y): ∇u₊ = v₊∘g, ∇v₊ = u₊∘g, ∇u₋ = −v₋∘g, ∇v₋ = −u₋∘g. The Hessian-vector
/// product along (a, b, c, e) is the exact directional derivative: with
/// δw = a∘v₊ + u₊∘b − c∘v₋ − u₋∘e and δg = XᵀX δw,
/// H·(a, b, c, e) = (b∘g + v₊∘δg, a∘g + u₊∘δg, −e∘g − v₋∘δg, −c∘g − u₋∘δg).
public struct UVRegressionModel: GradientModel {
    public let model: UVDiagonalModel
    public let x: [[Rational]]
    public let y: [Rational]

    public init(model: UVDiagonalModel, x: [[Rational]], y: [Rational]) throws(FlowError) {
        guard !x.isEmpty, x.count == y.count else { throw .incompatibleLoss("\(x.count) samples and \(y.count) targets") }
        guard model.dimension == x[0].count else {
            throw .invalidInitialization("the model has \(model.dimension) coordinates, the data \(x[0].count) features")
        }
        self.model = model
        self.x = x
        self.y = y
    }

    public var parameterCount: Int { 4 * model.dimension }

    public func initialParameters(precision: Int) -> BigVector {
        let d = model.dimension
        let (u0, v0) = model.initialFactors(precision: precision)
        var theta = BigVector(count: 4 * d, precision: precision)
        for i in 0..<d {
            theta[i] = u0
            theta[d + i] = v0
            theta[2 * d + i] = u0
            theta[3 * d + i] = v0
        }
        return theta
    }

    public func evaluator(precision: Int) -> any GradientEvaluator { Evaluator(model: self, precision: precision) }

    /// w = u₊∘v₊ − u₋∘v₋ at θ.
    public static func predictor(_ theta: BigVector) -> BigVector {
        let d = theta.count / 4
        var w = BigVector(count: d, precision: theta.precision)
        for i in 0..<d { w[i] = theta[i] * theta[d + i] - theta[2 * d + i] * theta[3 * d + i] }
        return w
    }

    final class Evaluator: GradientEvaluator {
        let precision: Int
        let d: Int
        let terms: LinearRegressionTerms

        init(model: UVRegressionModel, precision: Int) {
            self.precision = precision
            d = model.model.dimension
            terms = LinearRegressionTerms(x: model.x, y: model.y, precision: precision)
        }

        func loss(_ theta: BigVector) -> BigFloat { terms.loss(residual: terms.residual(UVRegressionModel.predictor(theta))) }

        func gradient(_ theta: BigVector) -> BigVector {
            let g = terms.transposed(terms.residual(UVRegressionModel.predictor(theta)))
            var result = BigVector(count: 4 * d, precision: precision)
            for i in 0..<d {
                result[i] = theta[d + i] * g[i]
                result[d + i] = theta[i] * g[i]
                result[2 * d + i] = -(theta[3 * d + i] * g[i])
                result[3 * d + i] = -(theta[2 * d + i] * g[i])
            }
            return result
        }

        func hessianVectorProduct(_ theta: BigVector, _ v: BigVector) -> BigVector {
            let g = terms.transposed(terms.residual(UVRegressionModel.predictor(theta)))
            var dw = BigVector(count: d, precision: precision)
            for i in 0..<d {
                dw[i] = v[i] * theta[d + i] + theta[i] * v[d + i] - v[2 * d + i] * theta[3 * d + i] - theta[2 * d + i] * v[3 * d + i]
            }
            let dg = terms.gaussNewton(dw)
            var result = BigVector(count: 4 * d, precision: precision)
            for i in 0..<d {
                result[i] = v[d + i] * g[i] + theta[d + i] * dg[i]
                result[d + i] = v[i] * g[i] + theta[i] * dg[i]
                result[2 * d + i] = -(v[3 * d + i] * g[i] + theta[3 * d + i] * dg[i])
                result[3 * d + i] = -(v[2 * d + i] * g[i] + theta[2 * d + i] * dg[i])
            }
            return result
        }
    }
}
