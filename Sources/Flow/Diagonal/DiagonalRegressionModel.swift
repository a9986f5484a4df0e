import Multiprecision

/// A depth-D diagonal network w = u₊^D − u₋^D trained on the squared loss L = ½‖Xw − y‖², as a
/// `GradientModel` in its parameters θ = (u₊, u₋) ∈ R^{2d}: the model gradient descent is
/// compared with gradient flow on (`StepSizeComparison`).
///
/// ∇_{u±} L = ±D u±^{D−1} ∘ g with g = Xᵀ(Xw − y); the Hessian-vector product is the exact
/// directional derivative, H·(a₊, a₋) = ±[D(D−1) u±^{D−2} a± ∘ g + D u±^{D−1} ∘ XᵀX δw] with
/// δw = D u₊^{D−1} a₊ − D u₋^{D−1} a₋.
public struct DiagonalRegressionModel: GradientModel {
    public let network: DiagonalNetwork
    public let x: [[Rational]]
    public let y: [Rational]

    public init(network: DiagonalNetwork, x: [[Rational]], y: [Rational]) throws(FlowError) {
        guard !x.isEmpty, x.count == y.count else { throw .incompatibleLoss("\(x.count) samples and \(y.count) targets") }
        guard network.dimension == x[0].count else {
            throw .invalidInitialization("the network has \(network.dimension) coordinates, the data \(x[0].count) features")
        }
        self.network = network
        self.x = x
        self.y = y
    }

    public var parameterCount: Int { 2 * network.dimension }

    public func initialParameters(precision: Int) -> BigVector {
        BigVector(network.initialPlus + network.initialMinus, precision: precision)
    }

    public func evaluator(precision: Int) -> any GradientEvaluator {
        Evaluator(model: self, precision: precision)
    }

    /// w = u₊^D − u₋^D at θ.
    public static func predictor(_ theta: BigVector, depth: Int) -> BigVector {
        let d = theta.count / 2
        var w = BigVector(count: d, precision: theta.precision)
        for i in 0..<d { w[i] = BigFloat.pow(theta[i], depth) - BigFloat.pow(theta[d + i], depth) }
        return w
    }

    final class Evaluator: GradientEvaluator {
        let precision: Int
        let depth: Int
        let d: Int
        let terms: LinearRegressionTerms

        init(model: DiagonalRegressionModel, precision: Int) {
            self.precision = precision
            depth = model.network.depth
            d = model.network.dimension
            terms = LinearRegressionTerms(x: model.x, y: model.y, precision: precision)
        }

        func loss(_ theta: BigVector) -> BigFloat {
            terms.loss(residual: terms.residual(DiagonalRegressionModel.predictor(theta, depth: depth)))
        }

        func gradient(_ theta: BigVector) -> BigVector {
            let g = terms.transposed(terms.residual(DiagonalRegressionModel.predictor(theta, depth: depth)))
            var result = BigVector(count: 2 * d, precision: precision)
            for i in 0..<d {
                result[i] = depth * BigFloat.pow(theta[i], depth - 1) * g[i]
                result[d + i] = -(depth * BigFloat.pow(theta[d + i], depth - 1) * g[i])
            }
            return result
        }

        func hessianVectorProduct(_ theta: BigVector, _ v: BigVector) -> BigVector {
            let D = depth
            let g = terms.transposed(terms.residual(DiagonalRegressionModel.predictor(theta, depth: D)))
            var dw = BigVector(count: d, precision: precision)
            for i in 0..<d {
                dw[i] = D * BigFloat.pow(theta[i], D - 1) * v[i] - D * BigFloat.pow(theta[d + i], D - 1) * v[d + i]
            }
            let dg = terms.gaussNewton(dw)
            var result = BigVector(count: 2 * d, precision: precision)
            for i in 0..<d {
                let plus = theta[i], minus = theta[d + i]
                result[i] = (D * (D - 1)) * BigFloat.pow(plus, D - 2) * v[i] * g[i] + D * BigFloat.pow(plus, D - 1) * dg[i]
                result[d + i] = -((D * (D - 1)) * BigFloat.pow(minus, D - 2) * v[d + i] * g[i] + D * BigFloat.pow(minus, D - 1) * dg[i])
            }
            return result
        }
    }
}
