import CMPFR
import Synchronization

/// Owns one initialised `mpfr_t` and clears it when the last reference goes away.
///
/// `BigFloat` holds one of these and copies it before mutating when it is shared (copy-on-write),
/// so a storage that is shared is never written: that is what makes `BigFloat` `Sendable`.
@usableFromInline
final class MPFRStorage: @unchecked Sendable {
    @usableFromInline let pointer: UnsafeMutablePointer<__mpfr_struct>

    /// A new MPFR number of `precision` bits, set to NaN as `mpfr_init2` leaves it.
    @usableFromInline
    init(precision: Int) {
        pointer = .allocate(capacity: 1)
        mpfr_init2(pointer, mpfr_prec_t(precision))
        LiveMPFRValues.counter.add(1, ordering: .relaxed)
    }

    /// A copy of `source` at its own precision (exact).
    @usableFromInline
    convenience init(copying source: UnsafePointer<__mpfr_struct>) {
        self.init(precision: Int(bf_mpfr_get_prec(source)))
        _ = bf_mpfr_set(pointer, source, MPFR_RNDN)
    }

    deinit {
        mpfr_clear(pointer)
        pointer.deallocate()
        LiveMPFRValues.counter.subtract(1, ordering: .relaxed)
    }
}

/// Counts the MPFR numbers that `BigFloat`, `BigVector` and `BigMatrix` have initialised and not
/// yet cleared, process-wide. Tests use it to show that nothing leaks.
public enum LiveMPFRValues {
    static let counter = Atomic<Int>(0)

    /// MPFR numbers initialised and not yet cleared at this moment.
    public static var count: Int { counter.load(ordering: .relaxed) }
}
