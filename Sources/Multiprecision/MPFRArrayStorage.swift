import CMPFR

/// Owns `count` initialised MPFR numbers of one precision in one contiguous block of headers
/// (each number's limbs are MPFR's own allocation), and clears them all on release.
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
        base = .allocate(capacity: Swift.max(count, 1))
        for index in 0..<count {
            mpfr_init2(base + index, mpfr_prec_t(precision))
            mpfr_set_zero(base + index, 1)
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
        for index in 0..<count { mpfr_clear(base + index) }
        base.deallocate()
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
