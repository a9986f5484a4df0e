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
    ///
    /// The largest magnitude is counted 5/4 times: far out, the margin-gap phase's Newton
    /// iterations diverge along the shift direction of the support gaps once fewer than about 90
    /// bits are left above target + log2 τ (measured on F1, D = 2: most large steps from τ ≈ 1e97 on
    /// failed at 512 bits and none did at 576), so the guard grows with log2 τ.
    func requiredBits(log2LargestMagnitude: Double, log2DomainCancellation: Double, log2ResidualCancellation: Double) -> Int {
        let largest = max(0, log2LargestMagnitude) * 1.25
        let total = Double(targetBits + guardBits) + largest + max(0, log2DomainCancellation) + max(0, log2ResidualCancellation)
        return Int(total.rounded(.up))
    }

    /// The precision to switch to when `required` exceeds `current`: the smallest 64k − 1 bits at
    /// or above `required` (guard bits included). A raise costs one field rebuild, so it takes no
    /// headroom beyond the limb: at 30 digits F1 runs to τ = 1e6 at 191 bits instead of 256 (3.4 s
    /// against 3.8 s before the one-allocation MPFR numbers, same 49 steps). One bit short of the
    /// limb because MPFR's fixed-limb fast paths (`mpfr_mul_2`, `mpfr_add1sp2`, …) need p < 64k:
    /// 20 × 200 at 10 digits to τ = 100 took 10.0 s at 127 bits against 10.6 s at 128.
    func raised(current: Int, required: Int) -> Int? {
        guard required > current else { return nil }
        return ((required + 64) / 64) * 64 - 1
    }
}
