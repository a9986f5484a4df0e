import CMPFR

/// Owns `count` MPFR numbers of one precision in one allocation: the headers first, then every
/// number's significand limbs (set up through MPFR's custom interface, so there is no per-number
/// allocation and no `mpfr_clear`).
///
/// The numbers are never resized (no `mpfr_set_prec` or `mpfr_prec_round` on them). `mpfr_swap`
/// of two numbers of the same storage is allowed: it exchanges their significand pointers, both
/// of which stay inside this block.
@usableFromInline
final class MPFRArrayStorage: @unchecked Sendable {
    @usableFromInline let base: UnsafeMutablePointer<__mpfr_struct>
    @usableFromInline let count: Int
    @usableFromInline let precision: Int

    /// `count` zeros of `precision` bits.
    @usableFromInline
    init(count: Int, precision: Int) {
        precondition(count >= 0, "negative element count")
        precondition(
            precision >= Precision.minimumBits && precision <= Precision.maximumBits,
            "precision \(precision) is outside MPFR's range")
        self.count = count
        self.precision = precision
        let bits = mpfr_prec_t(precision)
        let limbBytes =
            (mpfr_custom_get_size(bits) + MemoryLayout<mp_limb_t>.size - 1) / MemoryLayout<mp_limb_t>.size
            * MemoryLayout<mp_limb_t>.size
        let headerBytes = Swift.max(count, 1) * MemoryLayout<__mpfr_struct>.stride
        let block = UnsafeMutableRawPointer.allocate(
            byteCount: headerBytes + count * limbBytes,
            alignment: Swift.max(MemoryLayout<__mpfr_struct>.alignment, MemoryLayout<mp_limb_t>.alignment))
        base = block.bindMemory(to: __mpfr_struct.self, capacity: Swift.max(count, 1))
        let limbs = block + headerBytes
        for index in 0..<count {
            let significand = limbs + index * limbBytes
            mpfr_custom_init(significand, bits)
            mpfr_custom_init_set(base + index, Int32(MPFR_ZERO_KIND.rawValue), 0, bits, significand)
        }
        LiveMPFRValues.counter.add(count, ordering: .relaxed)
    }

    /// An exact copy of `other`.
    @usableFromInline
    convenience init(copying other: MPFRArrayStorage) {
        self.init(count: other.count, precision: other.precision)
        for index in 0..<count { _ = bf_mpfr_set(base + index, other.base + index, MPFR_RNDN) }
    }

    deinit {
        UnsafeMutableRawPointer(base).deallocate()
        LiveMPFRValues.counter.subtract(count, ordering: .relaxed)
    }
}

extension MPFRArrayStorage {
    /// Makes `storage` uniquely referenced (copying it when shared) and widens the calling thread's
    /// exponent range: what every in-place writer of a `BigVector` or `BigMatrix` needs first.
    @inlinable
    static func prepareForWriting(_ storage: inout MPFRArrayStorage) {
        if !isKnownUniquelyReferenced(&storage) {
            storage = MPFRArrayStorage(copying: storage)
        }
        bf_mpfr_use_widest_exponent_range()
    }
}
