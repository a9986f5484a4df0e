import Foundation

/// The step-size controller of the flow engine: the elementary controller
/// h′ = h · safety · (tol / err)^{1/(q+1)}, q the order of the error estimate, with the factor
/// clamped to [`smallestGrowth`, `largestGrowth`] after an accepted step and to
/// [`smallestShrink`, `largestShrink`] after a rejected one. Errors are given as log10 of the
/// error norm (so err = 0 is −∞ and takes the largest growth).
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
