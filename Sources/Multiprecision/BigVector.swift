import CMPFR

/// A vector of MPFR numbers that all share one precision, fixed when the vector is made.
///
/// Storage is preallocated and copy-on-write: the in-place kernels (`Kernels`) write into a vector
/// that is uniquely referenced without allocating anything. Setting an element rounds the new
/// value to the vector's precision (to nearest).
public struct BigVector: Sendable {
    @usableFromInline var storage: MPFRArrayStorage

    /// `count` zeros of `precision` bits.
    public init(count: Int, precision: Int) {
        storage = MPFRArrayStorage(count: count, precision: precision)
    }

    /// `values` rounded to `precision` bits.
    public init(_ values: [BigFloat], precision: Int) {
        self.init(count: values.count, precision: precision)
        for (index, value) in values.enumerated() { self[index] = value }
    }

    /// `values` (exact rationals) correctly rounded to `precision` bits.
    public init(_ values: [Rational], precision: Int, rounding: RoundingMode = .toNearest) {
        self.init(count: values.count, precision: precision)
        let base = storage.base
        for (index, value) in values.enumerated() {
            value.withMPQ { _ = mpfr_set_q(base + index, $0, rounding.mpfr) }
        }
    }

    public var count: Int { storage.count }
    public var precision: Int { storage.precision }
    public var indices: Range<Int> { 0..<count }

    /// Element `index` as a `BigFloat` of the vector's precision (a copy); setting rounds to it.
    public subscript(index: Int) -> BigFloat {
        get {
            precondition(indices.contains(index), "index \(index) out of range 0..<\(count)")
            return BigFloat(precision: precision) { _ = bf_mpfr_set($0, storage.base + index, MPFR_RNDN) }
        }
        set {
            precondition(indices.contains(index), "index \(index) out of range 0..<\(count)")
            withMutableMPFR { base in newValue.withMPFR { _ = bf_mpfr_set(base + index, $0, MPFR_RNDN) } }
        }
    }

    /// Same length, same precision and every element the same bit for bit (NaN identical to NaN,
    /// −0 not to +0), without copying an element; true at once for two copies of one vector.
    public func isIdentical(to other: BigVector) -> Bool {
        guard count == other.count, precision == other.precision else { return false }
        if storage === other.storage { return true }
        let a = storage.base, b = other.storage.base
        for index in 0..<count {
            let x = a + index, y = b + index
            let xNaN = bf_mpfr_nan_p(x) != 0, yNaN = bf_mpfr_nan_p(y) != 0
            if xNaN || yNaN {
                if xNaN && yNaN { continue }
                return false
            }
            guard mpfr_equal_p(x, y) != 0, bf_mpfr_signbit(x) == bf_mpfr_signbit(y) else { return false }
        }
        return true
    }

    /// The first `count` elements, exactly, as a vector of the same precision.
    public func leading(_ count: Int) -> BigVector {
        precondition(count >= 0 && count <= self.count, "leading \(count) of \(self.count) elements")
        var result = BigVector(count: count, precision: precision)
        let source = storage.base
        result.withMutableMPFR { destination in
            for index in 0..<count { _ = bf_mpfr_set(destination + index, source + index, MPFR_RNDN) }
        }
        return result
    }

    /// The elements as an array of `BigFloat` (copies).
    public var elements: [BigFloat] { indices.map { self[$0] } }

    /// Calls `body` with a read-only pointer to the first of `count` contiguous MPFR numbers.
    @inlinable
    public func withMPFR<R>(_ body: (UnsafePointer<__mpfr_struct>) throws -> R) rethrows -> R {
        try body(UnsafePointer(storage.base))
    }

    /// Calls `body` with a pointer through which it may overwrite the elements in place (the
    /// precision stays the vector's). Copies made earlier are unaffected.
    @inlinable
    public mutating func withMutableMPFR<R>(_ body: (UnsafeMutablePointer<__mpfr_struct>) throws -> R) rethrows -> R {
        MPFRArrayStorage.prepareForWriting(&storage)
        return try body(storage.base)
    }
}

extension BigVector: CustomStringConvertible {
    public var description: String { "[" + elements.map(\.description).joined(separator: ", ") + "]" }
}
