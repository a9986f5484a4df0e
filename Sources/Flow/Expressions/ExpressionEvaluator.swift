import CMPFR
import Multiprecision

/// Evaluates an `ExpressionProgram` in MPFR at one working precision, in place: the slots are
/// allocated once (one `BigVector`) and every evaluation overwrites them, with no allocation.
///
/// Numerical contract: each instruction is one correctly rounded MPFR operation (round to
/// nearest) except x^(p/q) with q ≥ 3, which is a q-th root then an integer power (two roundings);
/// so each output is the exact expression's value up to the usual forward error of its
/// straight-line evaluation (a few ulps per operation, amplified by cancellation). Outside a
/// function's domain (log of a negative number, 1/0, an even root of a negative number) the
/// output is NaN or ±∞; callers check `isFinite`.
///
/// Not thread-safe itself (it owns mutable storage): make one per thread from the shared program.
public final class ExpressionEvaluator {
    public let program: ExpressionProgram
    public let precision: Int
    private var slots: BigVector

    init(program: ExpressionProgram, precision: Int) {
        self.program = program
        self.precision = precision
        slots = BigVector(count: program.slotCount, precision: precision)
        slots.withMutableMPFR { base in
            for (k, instruction) in program.instructions.enumerated() {
                if case let .constant(value) = instruction {
                    let rounded = BigFloat(value, precision: precision)
                    rounded.withMPFR { _ = bf_mpfr_set(base + k, $0, MPFR_RNDN) }
                }
            }
        }
    }

    /// Evaluates every slot with the parameters read from `inputs[offset ..< offset + parameterCount]`.
    public func evaluate(_ inputs: BigVector, offset: Int = 0) {
        precondition(offset >= 0 && offset + program.parameterCount <= inputs.count, "parameters out of range")
        inputs.withMPFR { source in
            slots.withMutableMPFR { s in
                for (k, instruction) in program.instructions.enumerated() {
                    let r = s + k
                    switch instruction {
                    case .constant: break
                    case let .parameter(q): _ = bf_mpfr_set(r, source + offset + q, MPFR_RNDN)
                    case let .add(a, b): _ = mpfr_add(r, s + a, s + b, MPFR_RNDN)
                    case let .multiply(a, b): _ = mpfr_mul(r, s + a, s + b, MPFR_RNDN)
                    case let .negate(a): _ = bf_mpfr_neg(r, s + a, MPFR_RNDN)
                    case let .divide(a, b): _ = mpfr_div(r, s + a, s + b, MPFR_RNDN)
                    case let .integerPower(a, n): _ = mpfr_pow_si(r, s + a, n, MPFR_RNDN)
                    case let .rationalPower(a, p, q):
                        if q == 2 { _ = mpfr_sqrt(r, s + a, MPFR_RNDN) } else { _ = mpfr_rootn_ui(r, s + a, UInt(q), MPFR_RNDN) }
                        if p != 1 { _ = mpfr_pow_si(r, r, p, MPFR_RNDN) }
                    case let .function(f, a):
                        switch f {
                        case .exp: _ = mpfr_exp(r, s + a, MPFR_RNDN)
                        case .log: _ = mpfr_log(r, s + a, MPFR_RNDN)
                        case .sinh: _ = mpfr_sinh(r, s + a, MPFR_RNDN)
                        case .cosh: _ = mpfr_cosh(r, s + a, MPFR_RNDN)
                        case .tanh: _ = mpfr_tanh(r, s + a, MPFR_RNDN)
                        case .sqrt: _ = mpfr_sqrt(r, s + a, MPFR_RNDN)
                        case .sin: _ = mpfr_sin(r, s + a, MPFR_RNDN)
                        case .cos: _ = mpfr_cos(r, s + a, MPFR_RNDN)
                        case .expm1: _ = mpfr_expm1(r, s + a, MPFR_RNDN)
                        case .log1p: _ = mpfr_log1p(r, s + a, MPFR_RNDN)
                        }
                    }
                }
            }
        }
    }

    /// Output `k` of the last evaluation (a copy).
    public func output(_ k: Int) -> BigFloat { slots[program.outputSlots[k]] }

    /// Calls `body` with a pointer to output `k` of the last evaluation (valid inside `body` only),
    /// for kernels that read it without a copy.
    public func withOutput<R>(_ k: Int, _ body: (UnsafePointer<__mpfr_struct>) throws -> R) rethrows -> R {
        let slot = program.outputSlots[k]
        return try slots.withMPFR { try body($0 + slot) }
    }
}
