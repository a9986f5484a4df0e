import CMPFR

/// Scratch MPFR numbers for the in-place kernels, allocated once and reused.
///
/// A workspace belongs to one thread at a time (it is not `Sendable`); make one per thread or per
/// solver. Its precision should be at least the precision of the data the kernels read, so that
/// intermediate products are not rounded more coarsely than the inputs.
public final class KernelWorkspace {
    public let precision: Int
    @usableFromInline let scratch: UnsafeMutablePointer<__mpfr_struct>
    @usableFromInline static let scratchCount = 3

    public init(precision: Int) {
        precondition(
            precision >= Precision.minimumBits && precision <= Precision.maximumBits,
            "precision \(precision) is outside MPFR's range")
        self.precision = precision
        scratch = .allocate(capacity: Self.scratchCount)
        for index in 0..<Self.scratchCount { mpfr_init2(scratch + index, mpfr_prec_t(precision)) }
        LiveMPFRValues.counter.add(Self.scratchCount, ordering: .relaxed)
    }

    deinit {
        for index in 0..<Self.scratchCount { mpfr_clear(scratch + index) }
        scratch.deallocate()
        LiveMPFRValues.counter.subtract(Self.scratchCount, ordering: .relaxed)
    }

    /// A temporary for one product term.
    @usableFromInline package var product: UnsafeMutablePointer<__mpfr_struct> { scratch }
    /// A running sum.
    @usableFromInline package var accumulator: UnsafeMutablePointer<__mpfr_struct> { scratch + 1 }
    /// A running maximum.
    @usableFromInline package var maximum: UnsafeMutablePointer<__mpfr_struct> { scratch + 2 }
}
