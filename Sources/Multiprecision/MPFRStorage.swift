import CMPFR
import Synchronization

/// Owns one MPFR number, header and significand in a single allocation, and counts it live until
/// the last reference goes away.
///
/// The significand limbs are the buffer's tail elements, set up through MPFR's custom interface
/// (`mpfr_custom_init_set`), so making a number costs one allocation instead of three (object,
/// `mpfr_t`, limbs) and dropping it needs no `mpfr_clear`. Such a number must never be resized:
/// nothing may call `mpfr_set_prec`, `mpfr_prec_round` or `mpfr_swap` on it, and BigFloat's
/// precision is fixed for life anyway.
///
/// `BigFloat` holds one of these and copies it before mutating when it is shared (copy-on-write),
/// so a storage that is shared is never written: that is what makes `BigFloat` `Sendable` (declared
/// unchecked there: `ManagedBuffer` cannot conform).
@usableFromInline
final class MPFRStorage: ManagedBuffer<__mpfr_struct, mp_limb_t> {
    /// A new MPFR number of `precision` bits, NaN (as `mpfr_init2` would leave it).
    @usableFromInline
    static func make(precision: Int) -> MPFRStorage {
        let bits = mpfr_prec_t(precision)
        let limbs = (mpfr_custom_get_size(bits) + MemoryLayout<mp_limb_t>.size - 1) / MemoryLayout<mp_limb_t>.size
        let storage = unsafeDowncast(create(minimumCapacity: limbs) { _ in __mpfr_struct() }, to: MPFRStorage.self)
        storage.withUnsafeMutablePointers { number, significand in
            mpfr_custom_init(significand, bits)
            mpfr_custom_init_set(number, Int32(MPFR_NAN_KIND.rawValue), 0, bits, significand)
        }
        LiveMPFRValues.counter.add(1, ordering: .relaxed)
        return storage
    }

    /// A copy of `source` at its own precision (exact).
    @usableFromInline
    static func make(copying source: UnsafePointer<__mpfr_struct>) -> MPFRStorage {
        let storage = make(precision: Int(bf_mpfr_get_prec(source)))
        _ = bf_mpfr_set(storage.pointer, source, MPFR_RNDN)
        return storage
    }

    /// The MPFR number; valid while this storage is alive (the buffer never moves).
    @inlinable
    var pointer: UnsafeMutablePointer<__mpfr_struct> { withUnsafeMutablePointerToHeader { $0 } }

    deinit {
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
