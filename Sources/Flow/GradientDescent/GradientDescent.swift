import Multiprecision

/// Discrete gradient descent θ_{k+1} = θ_k − η ∇L(θ_k) on a `GradientModel`, in MPFR.
///
/// Numerical contract: each iterate is computed at `precision` bits with the exact step η (a
/// rational, rounded once); the rounding error after K steps is about K·2^-p relative, far below
/// the O(η) and O(η²) differences `StepSizeComparison` measures.
public struct GradientDescent: Sendable {
    public var model: any GradientModel
    /// The step η > 0, exact.
    public var step: Rational
    public var precision: Int

    public init(model: any GradientModel, step: Rational, precision: Int) throws(FlowError) {
        guard step.signum > 0 else { throw .invalidCheckpoint("the step η must be positive, got \(step)") }
        guard precision >= 16 else { throw .invalidDigits(requested: precision, reason: "precision below 16 bits") }
        self.model = model
        self.step = step
        self.precision = precision
    }

    /// θ_K for each K in `stepCounts` (non-decreasing, ≥ 0).
    public func iterates(at stepCounts: [Int]) -> [BigVector] {
        let evaluator = model.evaluator(precision: precision)
        let eta = BigFloat(step, precision: precision)
        var theta = model.initialParameters(precision: precision)
        var done = 0
        var result = [BigVector]()
        for count in stepCounts {
            precondition(count >= done, "step counts must not decrease")
            while done < count {
                let gradient = evaluator.gradient(theta)
                for k in 0..<theta.count { theta[k] = BigFloat.fusedMultiplyAdd(-eta, gradient[k], theta[k]) }
                done += 1
            }
            result.append(theta)
        }
        return result
    }

    /// The step count K with K·η = `time` exactly, or nil when `time` is not a multiple of η.
    public func stepCount(reaching time: Rational) -> Int? {
        let quotient = time / step
        guard quotient.isInteger, quotient.signum >= 0, let count = Int(quotient.numeratorString) else { return nil }
        return count
    }
}
