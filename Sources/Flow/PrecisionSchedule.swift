import Multiprecision

/// How many bits the flow needs at a state, and how a run raises its precision as it goes.
///
/// DESIGN.md §2.4: the softmax weights depend on O(1) differences of margins of size ~τ, so the
/// working precision must carry the target bits plus log2 of the largest margin; for D > 2 the
/// subtraction β ∓ ζG near the blow-up boundary cancels log2(1/margin-to-boundary) more bits; for
/// the squared loss the residual y − Xw cancels log2(‖y‖/‖r‖) bits. On top come guard bits.
public struct PrecisionSchedule: Sendable {
    /// Bits the reported digits need by themselves.
    public let targetBits: Int
    /// Extra bits kept above the requirement (rounding in long sums, Newton, the tableau).
    public let guardBits: Int

    public init(digits: Int, guardBits: Int = 48) {
        targetBits = Precision.bits(forDecimalDigits: digits)
        self.guardBits = guardBits
    }

    /// Bits needed at a state with the given largest |margin| (or |w|-scale), cancellation factor
    /// of the D > 2 closed form, and residual cancellation (regression).
    func requiredBits(log2LargestMagnitude: Double, log2DomainCancellation: Double, log2ResidualCancellation: Double) -> Int {
        let total = Double(targetBits + guardBits) + max(0, log2LargestMagnitude) + max(0, log2DomainCancellation) + max(0, log2ResidualCancellation)
        return Int(total.rounded(.up))
    }

    /// The precision to switch to when `required` exceeds `current`: rounded up to a multiple of
    /// 64 with 64 bits of headroom, so that raises are rare.
    func raised(current: Int, required: Int) -> Int? {
        guard required > current else { return nil }
        return ((required + 64 + 63) / 64) * 64
    }
}
