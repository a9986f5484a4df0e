import CMPFR

/// A dense row-major matrix of MPFR numbers sharing one precision, fixed when it is made.
///
/// Like `BigVector`, storage is preallocated and copy-on-write; element (i, j) lives at
/// offset i · columns + j.
public struct BigMatrix: Sendable {
    @usableFromInline var storage: MPFRArrayStorage
    public let rows: Int
    public let columns: Int

    /// A rows × columns zero matrix of `precision` bits.
    public init(rows: Int, columns: Int, precision: Int) {
        precondition(rows >= 0 && columns >= 0, "negative matrix dimension")
        self.rows = rows
        self.columns = columns
        storage = MPFRArrayStorage(count: rows * columns, precision: precision)
    }

    /// The exact rational matrix `entries` (rows of equal length) correctly rounded to `precision`.
    /// - Throws: `MultiprecisionError.shapeMismatch` for ragged rows.
    public init(_ entries: [[Rational]], precision: Int, rounding: RoundingMode = .toNearest) throws(MultiprecisionError) {
        let columns = entries.first?.count ?? 0
        if let ragged = entries.firstIndex(where: { $0.count != columns }) {
            throw .shapeMismatch("row \(ragged) has \(entries[ragged].count) entries, row 0 has \(columns)")
        }
        self.init(rows: entries.count, columns: columns, precision: precision)
        let base = storage.base
        for (i, row) in entries.enumerated() {
            for (j, value) in row.enumerated() {
                value.withMPQ { _ = mpfr_set_q(base + i * columns + j, $0, rounding.mpfr) }
            }
        }
    }

    /// The matrix of `entries` (rows of equal length by construction, e.g. a validated data
    /// table's rows): row i, column j is entries[i][j] rounded to `precision`; a row shorter than
    /// the first is filled with zeros, a longer one is cut (never a trap).
    public init(rows entries: [[Rational]], precision: Int, rounding: RoundingMode = .toNearest) {
        let columns = entries.first?.count ?? 0
        self.init(rows: entries.count, columns: columns, precision: precision)
        let base = storage.base
        for (i, row) in entries.enumerated() {
            for (j, value) in row.prefix(columns).enumerated() {
                value.withMPQ { _ = mpfr_set_q(base + i * columns + j, $0, rounding.mpfr) }
            }
        }
    }

    public var precision: Int { storage.precision }

    /// Entry (row, column) as a `BigFloat` of the matrix's precision; setting rounds to it.
    public subscript(row: Int, column: Int) -> BigFloat {
        get {
            precondition((0..<rows).contains(row) && (0..<columns).contains(column), "index (\(row), \(column)) out of range")
            return BigFloat(precision: precision) { _ = bf_mpfr_set($0, storage.base + row * columns + column, MPFR_RNDN) }
        }
        set {
            precondition((0..<rows).contains(row) && (0..<columns).contains(column), "index (\(row), \(column)) out of range")
            let offset = row * columns + column
            withMutableMPFR { base in newValue.withMPFR { _ = bf_mpfr_set(base + offset, $0, MPFR_RNDN) } }
        }
    }

    /// ‖A‖∞ = maxₐ Σ_b |a_ab| in binary64 (each entry rounded to binary64 first; +∞ once an entry or
    /// a row sum overflows): a size for decisions such as a stiffness test, not for results.
    public var binary64InfinityNorm: Double {
        var largest = 0.0
        for a in 0..<rows {
            var sum = 0.0
            for b in 0..<columns { sum += abs(self[a, b].doubleValue) }
            largest = max(largest, sum)
        }
        return largest
    }

    /// Row `index` as a vector (a copy).
    public func row(_ index: Int) -> BigVector {
        var result = BigVector(count: columns, precision: precision)
        result.withMutableMPFR { destination in
            withMPFR { source in
                for j in 0..<columns { _ = bf_mpfr_set(destination + j, source + index * columns + j, MPFR_RNDN) }
            }
        }
        return result
    }

    /// Calls `body` with a read-only pointer to the rows · columns contiguous entries (row-major).
    @inlinable
    public func withMPFR<R>(_ body: (UnsafePointer<__mpfr_struct>) throws -> R) rethrows -> R {
        try body(UnsafePointer(storage.base))
    }

    /// Calls `body` with a pointer through which it may overwrite entries in place.
    @inlinable
    public mutating func withMutableMPFR<R>(_ body: (UnsafeMutablePointer<__mpfr_struct>) throws -> R) rethrows -> R {
        MPFRArrayStorage.prepareForWriting(&storage)
        return try body(storage.base)
    }

    /// Overwrites the block whose top-left entry is (row, column) with factor · `block` (plus the
    /// identity when `addingIdentity`), each entry rounded once (twice on the diagonal with the
    /// identity), without temporaries. Assembles block matrices such as I − h (A ⊗ J).
    public mutating func setBlock(row: Int, column: Int, to block: BigMatrix, scaledBy factor: BigFloat, addingIdentity: Bool = false) {
        precondition(row >= 0 && column >= 0 && row + block.rows <= rows && column + block.columns <= columns, "block out of range")
        precondition(!addingIdentity || block.rows == block.columns, "the identity needs a square block")
        let width = columns
        withMutableMPFR { destination in
            block.withMPFR { source in
                factor.withMPFR { f in
                    for a in 0..<block.rows {
                        for b in 0..<block.columns {
                            let target = destination + (row + a) * width + column + b
                            _ = mpfr_mul(target, f, source + a * block.columns + b, MPFR_RNDN)
                            if addingIdentity && a == b { _ = mpfr_add_ui(target, target, 1, MPFR_RNDN) }
                        }
                    }
                }
            }
        }
    }
}
