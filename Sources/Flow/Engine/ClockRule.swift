import Foundation
import Multiprecision

/// The rule that picks the clock family of each step of the flow engine (DESIGN.md §2.7): no
/// clock fits every phase, so the engine asks this rule before every step.
///
/// **Rule.** The loss clock (τ, or σ = ln τ in the implicit phase once τ ≥ 1) while the speed of
/// the dual point G = Zᵀν in it, v = ‖dG/dτ‖_∞, is at most `enterTime`; physical time (t, or ln t
/// once t ≥ 1) from the first step at which v exceeds `enterTime` until v falls below `leaveTime`.
///
/// Why: dG/dτ = c g / S with g = Zᵀr̂ and S = Σ_i H_i g_i². On a plateau (small initialization, a
/// saddle) the loss barely moves: S is of the size of the inactive coordinates' H ~ |w_i| and v
/// of its inverse (up to α^{-2}): the loss clock freezes while the state moves, and the steps it
/// needs fall below what τ can resolve; approaching a saddle, v grows like 1/(τ_saddle − τ). In
/// physical time the same phase moves at the O(1) rate r (its length is O(ln 1/α) for D = 2 and
/// O(α^{-(D-2)}) in t, O(ln 1/α) in ln t). Once the loss decreases steadily the loss clock is the
/// one in which the late phase varies on an O(1) scale, and v → 0 there (G grows like ln τ for the
/// margin losses and converges for the squared loss). The gap between the two thresholds keeps the
/// rule from switching back and forth at the boundary.
public struct ClockRule: Sendable, Equatable {
    /// Speed in τ above which the engine moves to physical time (the default, 1, is ten times the
    /// largest speed along the α = 1 flows of the built-in data sets, which so never leave the loss
    /// clock).
    public var enterTime: Double
    /// Speed in τ below which the engine returns to the loss clock.
    public var leaveTime: Double

    public init(enterTime: Double = 1, leaveTime: Double = 0.1) {
        precondition(leaveTime > 0 && leaveTime < enterTime, "ClockRule needs 0 < leaveTime < enterTime")
        self.enterTime = enterTime
        self.leaveTime = leaveTime
    }

    /// The rule in one sentence, as the trace prints it.
    public var statement: String {
        "the loss clock (τ, or σ = ln τ when implicit and τ ≥ 1) while ‖dG/dτ‖∞ ≤ \(enterTime); physical time (t, or ln t once t ≥ 1) from above \(enterTime) until it falls below \(leaveTime)"
    }

    /// The two families of clocks.
    public enum Family: String, Sendable {
        /// τ = −ln L, or σ = ln τ.
        case loss
        /// Physical time t, or ln t.
        case time
    }

    /// The family of the next step, from the current one and the speed of the dual point in τ.
    public func family(current: Family, speed: Double) -> Family {
        switch current {
        case .loss: return speed > enterTime ? .time : .loss
        case .time: return speed < leaveTime ? .loss : .time
        }
    }

    /// v = ‖dG/dτ‖_∞ for the τ-clock derivative dG/dτ = Zᵀ dν/dτ, in binary64 (it only chooses a
    /// clock; +∞ when it overflows).
    public static func speed(_ dualDerivative: BigVector) -> Double {
        var largest = -Double.infinity
        for i in 0..<dualDerivative.count { largest = max(largest, dualDerivative[i].log10Magnitude ?? -Double.infinity) }
        return largest > 300 ? .infinity : pow(10, largest)
    }
}
