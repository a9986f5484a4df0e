import Foundation
import Multiprecision

/// Gradient descent against gradient flow (Barrett & Dherin 2021; Nacson et al. 2022): at a fixed
/// horizon T and steps η = T/K, the distance ‖θ_GD(K) − θ(T)‖₂ to the gradient flow is O(η) and
/// the distance to the modified flow θ̃′ = −∇(L + (η/4)‖∇L‖²) is O(η²). The orders are fitted by
/// least squares on log distance against log η over the steps given, and the local orders
/// log₂(d(η)/d(η/2)) between consecutive halvings show whether the range is asymptotic.
///
/// Accuracy: GD runs at `precision` bits (rounding error ~K·2^-p); each flow is verified to
/// `referenceDigits` digits (two runs, `GradientFlowSolver`), so the distances carry at least
/// `referenceDigits` + log10(distance/‖θ‖) correct digits.
public struct StepSizeComparison: Sendable {
    public var model: any GradientModel
    /// The horizon T > 0, exact.
    public var horizon: Rational
    /// The step counts K (η = T/K), increasing.
    public var stepCounts: [Int]
    public var precision: Int
    public var referenceDigits: Int

    public init(model: any GradientModel, horizon: Rational, stepCounts: [Int], precision: Int = 192, referenceDigits: Int = 30)
        throws(FlowError)
    {
        guard horizon.signum > 0 else { throw .invalidCheckpoint("the horizon must be positive") }
        guard stepCounts.count >= 2, stepCounts.allSatisfy({ $0 >= 1 }), zip(stepCounts, stepCounts.dropFirst()).allSatisfy({ $0.0 < $0.1 })
        else {
            throw .invalidCheckpoint("give at least two increasing step counts")
        }
        self.model = model
        self.horizon = horizon
        self.stepCounts = stepCounts
        self.precision = precision
        self.referenceDigits = referenceDigits
    }

    public struct Row: Sendable {
        public var steps: Int
        public var eta: Rational
        public var distanceToFlow: BigFloat
        public var distanceToModifiedFlow: BigFloat
    }

    public struct Result: Sendable {
        public var rows: [Row]
        /// Least-squares slopes of log distance against log η.
        public var flowOrder: Double
        public var modifiedFlowOrder: Double
        /// log(d_i/d_{i+1}) / log(η_i/η_{i+1}) for consecutive rows.
        public var localFlowOrders: [Double]
        public var localModifiedFlowOrders: [Double]
        /// The gradient-flow state at T.
        public var flowState: BigVector
    }

    public func run() throws(FlowError) -> Result {
        let flow = try GradientFlowSolver(model: model, times: [horizon], digits: referenceDigits).solve().parameters[0]
        var rows = [Row]()
        for count in stepCounts {
            let eta = horizon / Rational(count)
            let descent = try GradientDescent(model: model, step: eta, precision: precision).iterates(at: [count])[0]
            let modified = try GradientFlowSolver(model: model, times: [horizon], digits: referenceDigits, modifiedStep: eta).solve()
                .parameters[0]
            rows.append(
                Row(
                    steps: count, eta: eta, distanceToFlow: Self.distance(descent, flow),
                    distanceToModifiedFlow: Self.distance(descent, modified)))
        }
        let logEta = rows.map { log(BigFloat($0.eta, precision: 64).doubleValue) }
        let logFlow = rows.map { log10ToNatural($0.distanceToFlow) }
        let logModified = rows.map { log10ToNatural($0.distanceToModifiedFlow) }
        return Result(
            rows: rows, flowOrder: Self.slope(logEta, logFlow), modifiedFlowOrder: Self.slope(logEta, logModified),
            localFlowOrders: Self.localSlopes(logEta, logFlow), localModifiedFlowOrders: Self.localSlopes(logEta, logModified),
            flowState: flow)
    }

    private func log10ToNatural(_ x: BigFloat) -> Double { (x.log10Magnitude ?? -Double.infinity) * log(10.0) }

    /// ‖a − b‖₂ at the finer precision.
    public static func distance(_ a: BigVector, _ b: BigVector) -> BigFloat {
        let p = max(a.precision, b.precision)
        var sum = BigFloat(precision: p)
        for k in 0..<a.count {
            let difference = BigFloat(a[k], precision: p) - BigFloat(b[k], precision: p)
            sum = BigFloat.fusedMultiplyAdd(difference, difference, sum)
        }
        return BigFloat.sqrt(sum)
    }

    /// The least-squares slope of y against x.
    public static func slope(_ x: [Double], _ y: [Double]) -> Double {
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0
        for (a, b) in zip(x, y) {
            sxy += (a - mx) * (b - my)
            sxx += (a - mx) * (a - mx)
        }
        return sxy / sxx
    }

    static func localSlopes(_ x: [Double], _ y: [Double]) -> [Double] {
        var slopes = [Double]()
        for i in 0..<(x.count - 1) {
            let rise: Double = y[i] - y[i + 1]
            let run: Double = x[i] - x[i + 1]
            slopes.append(rise / run)
        }
        return slopes
    }
}
