import Foundation

/// The step-size controller of the flow engine: the elementary controller
/// h′ = h · safety · (tol / err)^{1/(q+1)}, q the order of the error estimate, with the factor
/// clamped to [`smallestGrowth`, `largestGrowth`] after an accepted step and to
/// [`smallestShrink`, `largestShrink`] after a rejected one. Errors are given as log10 of the
/// error norm (so err = 0 is −∞ and takes the largest growth). A driver that keeps the step
/// before may ask for the larger of that factor and Gustafsson's predictive one
/// (`growth(log10Error:log10Tolerance:order:previous:)`), which follows an error constant that
/// falls from step to step (the diagonal flow engine and the LP flow do; `ODESolver` does not).
///
/// The step after a rejected one does not grow (`growthAfterRejection`, Hairer–Nørsett–Wanner's
/// facmax = 1): where the error rises steeply with h, as on the approach to a pole, the largest
/// growth would otherwise alternate with rejections.
///
/// A step that failed outright (Newton's method, or the state left the model's domain: no error
/// estimate, `log10Error` NaN) shrinks by `failureShrink`.
public struct StepSizeController: Sendable, Equatable {
    public var safety: Double
    public var smallestGrowth: Double
    public var largestGrowth: Double
    public var smallestShrink: Double
    public var largestShrink: Double
    public var failureShrink: Double
    public var growthAfterRejection: Double

    public init(
        safety: Double = 0.8, smallestGrowth: Double = 0.2, largestGrowth: Double = 4,
        smallestShrink: Double = 0.1, largestShrink: Double = 0.9, failureShrink: Double = 0.25,
        growthAfterRejection: Double = 1
    ) {
        self.safety = safety
        self.smallestGrowth = smallestGrowth
        self.largestGrowth = largestGrowth
        self.smallestShrink = smallestShrink
        self.largestShrink = largestShrink
        self.failureShrink = failureShrink
        self.growthAfterRejection = growthAfterRejection
    }

    /// The factor for the next step after an accepted one with error 10^log10Error; at most
    /// `growthAfterRejection` when the attempt before it was rejected.
    public func growth(log10Error: Double, log10Tolerance: Double, order: Int, afterRejection: Bool = false) -> Double {
        let largest = afterRejection ? min(largestGrowth, growthAfterRejection) : largestGrowth
        if log10Error == -.infinity { return largest }
        return max(min(smallestGrowth, largest), min(largest, proposal(log10Error, log10Tolerance, order)))
    }

    /// The factor for the next step after an accepted one with error 10^log10Error that followed
    /// another accepted step (`previous`: log10 of this step's size over that one's, and that
    /// one's log10 error), in the same clock and phase: the larger of the elementary factor and
    /// Gustafsson's predictive one,
    /// h_{n+1}/h_n = safety · (tol/err_n)^{1/(q+1)} · (h_n/h_{n−1}) · (err_{n−1}/err_n)^{1/(q+1)},
    /// which extrapolates the error constant φ = err/h^{q+1} from its last two values. Where the
    /// solution smooths as it goes (err stays far below tol while h grows: φ falls), the elementary
    /// factor alone grows the step by only safety·(tol/err)^{1/(q+1)}, 1.27 for an error four
    /// orders below tolerance at q = 19; the predictive one follows φ down. Where φ rises the
    /// elementary factor rules. Clamped to `largestGrowth` like the elementary factor.
    public func growth(
        log10Error: Double, log10Tolerance: Double, order: Int, previous: (log10SizeRatio: Double, log10Error: Double)?
    ) -> Double {
        let elementary = growth(log10Error: log10Error, log10Tolerance: log10Tolerance, order: order)
        guard let previous, log10Error.isFinite, previous.log10Error.isFinite, previous.log10SizeRatio.isFinite else {
            return elementary
        }
        let exponent =
            (log10Tolerance - log10Error) / Double(order + 1) + previous.log10SizeRatio
            + (previous.log10Error - log10Error) / Double(order + 1)
        let predictive = safety * pow(10, min(exponent, 6))
        return max(elementary, min(largestGrowth, predictive))
    }

    /// The factor for the retry after a rejected step (NaN: the step failed outright, with no
    /// error estimate; +∞ takes the smallest shrink).
    public func shrink(log10Error: Double, log10Tolerance: Double, order: Int) -> Double {
        if log10Error.isNaN { return failureShrink }
        return max(smallestShrink, min(largestShrink, proposal(log10Error, log10Tolerance, order)))
    }

    private func proposal(_ log10Error: Double, _ log10Tolerance: Double, _ order: Int) -> Double {
        safety * pow(10, (log10Tolerance - log10Error) / Double(order + 1))
    }
}
