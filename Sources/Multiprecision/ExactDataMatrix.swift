import CMPFR

/// A rational data matrix (a data set's Z or X) kept as 64-bit integer numerators over one common
/// denominator, whose products with MPFR vectors are sums computed exactly in fixed-point integer
/// arithmetic and rounded once.
///
/// Numerical contract of every product (p the destination's precision, n the length of the sums):
/// the entries of x whose bits all lie at or above 2^B, the frame, are summed exactly in integer
/// arithmetic; B is the lowest bit of x's entries, raised to at most W = p + 64 + ⌈log2 n⌉ bits
/// below the largest entry. Entries with bits below the frame (x spans more than W bits: tiny
/// entries beside large ones) are summed in MPFR at p + 128 bits, row by row, and added to the
/// exact part before the result is rounded. So when x spans fewer than W bits (the usual case)
/// each result is the exact product correctly rounded to nearest; otherwise it is within half an
/// ulp plus about n·2^-(p+126) times the sum of the magnitudes of its below-frame terms (relative
/// to those terms themselves, so a row whose terms are all tiny keeps its relative accuracy). The
/// MPFR `Kernels` round every product and partial sum: n·2^-p·Σ|a_ij x_j|. A NaN or infinite
/// entry of x makes every result NaN. The data are exact: no rounding of the matrix's decimals
/// enters. Cost: one limb multiply-add per limb of x's mantissa plus one, per entry of the matrix
/// (zero coefficients skipped), where the MPFR kernels take two MPFR operations.
///
/// Immutable, so shared between threads; every product allocates its own scratch.
public final class ExactDataMatrix: @unchecked Sendable {  // immutable after init
    public let rows: Int
    public let columns: Int
    /// Numerators, row-major, each of magnitude below 2^62.
    private let numerators: [Int]
    /// The same, column-major (the rows of Aᵀ).
    private let transposedNumerators: [Int]
    /// The common denominator (1 … 2^62).
    private let denominator: UInt
    /// Whether every numerator is below 2^31 in magnitude (then products of two fit one limb).
    private let smallEntries: Bool

    /// The matrix of `values`, or nil when its rows are not of equal length or its numerators over
    /// the least common denominator, or that denominator, do not fit in 62 bits (use the MPFR
    /// `Kernels`).
    public init?(_ values: [[Rational]]) {
        guard values.allSatisfy({ $0.count == values.first?.count }) else { return nil }
        let integers = IntegerMatrix(values)
        rows = integers.rows
        columns = integers.columns
        guard bf_mpz_fits_slong_p(integers.scale[0]) != 0 else { return nil }
        let scale = bf_mpz_get_si(integers.scale[0])
        guard scale > 0, scale < 1 << 62 else { return nil }
        denominator = UInt(scale)
        var numerators = [Int]()
        numerators.reserveCapacity(rows * columns)
        var small = true
        for index in 0..<(rows * columns) {
            let entry = integers.entries[index]
            guard bf_mpz_fits_slong_p(entry) != 0 else { return nil }
            let value = bf_mpz_get_si(entry)
            guard value > -(1 << 62), value < 1 << 62 else { return nil }
            numerators.append(value)
            if value.magnitude >= 1 << 31 { small = false }
        }
        let rows = self.rows, columns = self.columns
        self.numerators = numerators
        transposedNumerators = (0..<(rows * columns)).map { numerators[($0 % rows) * columns + $0 / rows] }
        smallEntries = small
    }

    /// y ← A x (x has `columns` entries, y has `rows`).
    public func multiply(_ x: BigVector, into y: inout BigVector) {
        precondition(x.count == columns && y.count == rows, "\(rows)×\(columns) matrix times vector of \(x.count) into \(y.count)")
        Self.products(
            numerators, outputs: rows, length: columns, x, into: &y, denominator: denominator,
            columnMajor: smallEntries ? transposedNumerators : nil)
    }

    /// y ← |A| x, the entrywise magnitudes of A times x (x has `columns` entries, y has `rows`):
    /// for x ≥ 0 the rounding level Σ_j |a_ij x_j| of A x.
    public func multiplyMagnitudes(_ x: BigVector, into y: inout BigVector) {
        precondition(x.count == columns && y.count == rows, "\(rows)×\(columns) matrix times vector of \(x.count) into \(y.count)")
        Self.products(
            numerators, outputs: rows, length: columns, x, into: &y, denominator: denominator, magnitudes: true,
            columnMajor: smallEntries ? transposedNumerators : nil)
    }

    /// y ← Aᵀ x (x has `rows` entries, y has `columns`).
    public func multiplyTransposed(_ x: BigVector, into y: inout BigVector) {
        precondition(
            x.count == rows && y.count == columns, "transpose of \(rows)×\(columns) matrix times vector of \(x.count) into \(y.count)")
        Self.products(
            transposedNumerators, outputs: columns, length: rows, x, into: &y, denominator: denominator,
            columnMajor: smallEntries ? numerators : nil)
    }

    /// y_t ← Σ_k c_tk x_k / denominator for the row-major coefficients c (outputs × length), or
    /// Σ_k |c_tk| x_k / denominator with `magnitudes`. `columnMajor`, the same coefficients
    /// column by column, is given when every one is below 2^31 (`smallEntries`).
    private static func products(
        _ coefficients: [Int], outputs: Int, length: Int, _ x: BigVector, into y: inout BigVector, denominator: UInt,
        magnitudes: Bool = false, columnMajor: [Int]?
    ) {
        withFixedPoint(x, sums: outputs, length: length, precision: y.precision) { fixed, sums in
            coefficients.withUnsafeBufferPointer { c in
                guard let base = c.baseAddress else { return }
                // Small coefficients: entry by entry over every output, with no carry chain
                // between consecutive terms (each output's positions are its own).
                if let columns = columnMajor, length < 1 << 32 {
                    let accumulator = LimbAccumulator(outputs: outputs, positions: fixed.topLimb)
                    columns.withUnsafeBufferPointer { column in
                        guard let columnBase = column.baseAddress else { return }
                        for k in 0..<length where fixed.nonzero[k] {
                            accumulator.add(
                                column: columnBase + k &* outputs, magnitudes: magnitudes, entry: k, of: fixed)
                        }
                    }
                    accumulator.flush(into: sums)
                    for t in 0..<outputs {
                        let row = base + t * length
                        for k in fixed.tailEntries where row[k] != 0 {
                            sums.addBelowFrame(magnitudes ? Int(row[k].magnitude) : row[k], x, entry: k, to: t)
                        }
                    }
                    return
                }
                for t in 0..<outputs {
                    let row = base + t * length
                    for k in 0..<length where fixed.nonzero[k] {
                        let value = row[k]
                        sums.add(value.magnitude, negative: (!magnitudes && value < 0) != fixed.signs[k], entry: k, of: fixed, to: t)
                    }
                    for k in fixed.tailEntries where row[k] != 0 {
                        sums.addBelowFrame(magnitudes ? Int(row[k].magnitude) : row[k], x, entry: k, to: t)
                    }
                }
            }
            sums.round(into: &y, denominator: denominator)
        }
    }

    /// G ← A diag(w) Aᵀ (w has `columns` entries, G is rows × rows and symmetric), each entry the
    /// exact Σ_j a_aj a_bj w̃_j rounded once (w̃ as x̃ in the type's contract, with the squared
    /// denominator).
    public func weightedGram(_ w: BigVector, into result: inout BigMatrix) {
        precondition(
            w.count == columns && result.rows == rows && result.columns == rows,
            "Gram of a \(rows)×\(columns) matrix with \(w.count) weights into \(result.rows)×\(result.columns)")
        let cols = columns, n = rows
        Self.withFixedPoint(w, sums: n * n, length: columns, precision: result.precision, coefficientLimbs: smallEntries ? 1 : 2) {
            fixed, sums in
            numerators.withUnsafeBufferPointer { c in
                guard let base = c.baseAddress else { return }
                for a in 0..<n {
                    let rowA = base + a * cols
                    for b in a..<n {
                        let rowB = base + b * cols
                        for j in 0..<cols where fixed.nonzero[j] {
                            let left = rowA[j], right = rowB[j]
                            let (high, low) = left.magnitude.multipliedFullWidth(by: right.magnitude)
                            let sign = ((left < 0) != (right < 0)) != fixed.signs[j]
                            sums.add(low, negative: sign, entry: j, of: fixed, to: a * n + b)
                            sums.add(high, negative: sign, entry: j, of: fixed, to: a * n + b, limbShift: 1)
                        }
                        for j in fixed.tailEntries where rowA[j] != 0 && rowB[j] != 0 {
                            sums.addBelowFrame(rowA[j], w, entry: j, to: a * n + b, times: rowB[j])
                        }
                    }
                }
            }
            var entries = BigVector(count: n * n, precision: result.precision)
            let (squareHigh, squareLow) = denominator.multipliedFullWidth(by: denominator)
            sums.round(into: &entries, denominator: squareLow, denominatorHigh: squareHigh)
            for a in 0..<n {
                for b in a..<n {
                    result[a, b] = entries[a * n + b]
                    if a != b { result[b, a] = entries[a * n + b] }
                }
            }
        }
    }

    /// Runs `body` with x in fixed point and zeroed exact sums sized for it (`length` terms each,
    /// coefficients of up to `coefficientLimbs` limbs), or sets nothing but NaN when x has a
    /// non-finite entry.
    private static func withFixedPoint(
        _ x: BigVector, sums count: Int, length: Int, precision: Int, coefficientLimbs: Int = 1,
        _ body: (FixedPointVector, ExactSums) -> Void
    ) {
        guard let fixed = FixedPointVector(x, keepingBits: precision + 64 + bitLength(length)) else {
            body(FixedPointVector.zeros(count: x.count), ExactSums.notANumber(count: count))
            return
        }
        let sums = ExactSums(
            count: count, limbs: fixed.sumLimbs(terms: length, coefficientLimbs: coefficientLimbs), bottom: fixed.bottom,
            belowFramePrecision: fixed.tailEntries.isEmpty ? nil : precision + 128)
        body(fixed, sums)
    }

    static func bitLength(_ n: Int) -> Int { n <= 1 ? 1 : Int.bitWidth - (n - 1).leadingZeroBitCount }
}

/// A vector of MPFR numbers as integers times 2^bottom: entry i is ±M_i·2^bottom with M_i stored
/// in `window` limbs at limb offset `offsets[i]` of a common frame; entries with bits below
/// 2^bottom are not in the frame but listed in `tailEntries`. Owns its limbs; one per product call.
final class FixedPointVector {
    /// Limbs per entry.
    let window: Int
    let mantissas: UnsafeMutablePointer<UInt>
    let offsets: UnsafeMutablePointer<Int>
    let signs: UnsafeMutablePointer<Bool>
    let nonzero: UnsafeMutablePointer<Bool>
    /// The exponent of the frame's lowest bit.
    private(set) var bottom = 0
    /// The frame's top limb (exclusive) over all entries.
    private(set) var topLimb = 0
    /// The nonzero entries with bits below the frame (summed in MPFR).
    private(set) var tailEntries = [Int]()

    private init(count: Int, window: Int) {
        self.window = window
        mantissas = .allocate(capacity: max(count * window, 1))
        mantissas.initialize(repeating: 0, count: max(count * window, 1))
        offsets = .allocate(capacity: max(count, 1))
        offsets.initialize(repeating: 0, count: max(count, 1))
        signs = .allocate(capacity: max(count, 1))
        signs.initialize(repeating: false, count: max(count, 1))
        nonzero = .allocate(capacity: max(count, 1))
        nonzero.initialize(repeating: false, count: max(count, 1))
    }

    deinit {
        mantissas.deallocate()
        offsets.deallocate()
        signs.deallocate()
        nonzero.deallocate()
    }

    /// `count` zeros.
    static func zeros(count: Int) -> FixedPointVector { FixedPointVector(count: count, window: 0) }

    /// x in fixed point, the frame reaching `keepingBits` bits below the largest entry's exponent
    /// (all of x when it spans fewer); nil when an entry is NaN or infinite.
    convenience init?(_ x: BigVector, keepingBits: Int) {
        let n = x.count
        let mantissaLimbs = (x.precision + 63) / 64
        var top = Int.min, lowest = Int.max
        var finite = true
        x.withMPFR { base in
            for i in 0..<n {
                let entry = base + i
                if bf_mpfr_zero_p(entry) != 0 { continue }
                if bf_mpfr_regular_p(entry) == 0 {
                    finite = false
                    return
                }
                let exponent = Int(bf_mpfr_get_exp(entry))
                top = max(top, exponent)
                lowest = min(lowest, exponent - 64 * mantissaLimbs)
            }
        }
        guard finite else { return nil }
        guard top != Int.min else {
            self.init(count: n, window: 0)
            return
        }
        self.init(count: n, window: mantissaLimbs + 1)
        // The frame's lowest bit: a multiple of 64 at or below every bit kept.
        let floorBit = max(lowest, top - keepingBits)
        bottom = (floorBit >= 0 ? floorBit / 64 : -((-floorBit + 63) / 64)) * 64
        x.withMPFR { base in
            for i in 0..<n {
                let entry = base + i
                guard bf_mpfr_zero_p(entry) == 0 else { continue }
                let limbs = entry.pointee._mpfr_d!
                // entry = ±(Σ_k limbs[k]·2^{64k})·2^{exponent − 64·mantissaLimbs}
                let shift = Int(bf_mpfr_get_exp(entry)) - 64 * mantissaLimbs - bottom
                let destination = mantissas + i * window
                if shift >= 0 {
                    offsets[i] = shift / 64
                    let bits = shift % 64
                    if bits == 0 {
                        for k in 0..<mantissaLimbs { destination[k] = limbs[k] }
                    } else {
                        var carry: UInt = 0
                        for k in 0..<mantissaLimbs {
                            destination[k] = (limbs[k] << UInt(bits)) | carry
                            carry = limbs[k] >> UInt(64 - bits)
                        }
                        destination[mantissaLimbs] = carry
                    }
                } else {
                    tailEntries.append(i)
                    continue
                }
                nonzero[i] = true
                signs[i] = bf_mpfr_signbit(entry) != 0
                topLimb = max(topLimb, offsets[i] + window)
            }
        }
    }

    /// Limbs a sum of `terms` products of entries with coefficients of `coefficientLimbs` limbs needs.
    func sumLimbs(terms: Int, coefficientLimbs: Int) -> Int {
        topLimb + coefficientLimbs + (ExactDataMatrix.bitLength(terms) + 63) / 64 + 1
    }
}

/// `count` exact signed sums in fixed point (two unsigned accumulators each, positive and negative
/// parts), with MPFR sums of the terms below the frame beside them when there are any, rounded once
/// into MPFR. Owns its storage; one per product call.
final class ExactSums {
    let count: Int
    let limbs: Int
    let bottom: Int
    private let positive: UnsafeMutablePointer<UInt>
    private let negative: UnsafeMutablePointer<UInt>
    private let notANumber: Bool
    /// The sums of the below-frame terms (nil when there are none), and a scratch product.
    private let belowFrame: UnsafeMutablePointer<__mpfr_struct>?
    private let belowFramePrecision: Int

    init(count: Int, limbs: Int, bottom: Int, belowFramePrecision: Int? = nil, notANumber: Bool = false) {
        self.count = count
        self.limbs = limbs
        self.bottom = bottom
        self.notANumber = notANumber
        let size = max(count * limbs, 1)
        positive = .allocate(capacity: size)
        positive.initialize(repeating: 0, count: size)
        negative = .allocate(capacity: size)
        negative.initialize(repeating: 0, count: size)
        self.belowFramePrecision = belowFramePrecision ?? 0
        if let belowFramePrecision {
            let sums = UnsafeMutablePointer<__mpfr_struct>.allocate(capacity: count + 1)
            for k in 0...count {
                mpfr_init2(sums + k, mpfr_prec_t(belowFramePrecision))
                mpfr_set_zero(sums + k, 1)
            }
            belowFrame = sums
        } else {
            belowFrame = nil
        }
    }

    deinit {
        positive.deallocate()
        negative.deallocate()
        if let belowFrame {
            for k in 0...count { mpfr_clear(belowFrame + k) }
            belowFrame.deallocate()
        }
    }

    static func notANumber(count: Int) -> ExactSums { ExactSums(count: count, limbs: 0, bottom: 0, notANumber: true) }

    /// Sum `target` += ±coefficient · 2^{64·limbShift} · (entry `entry` of `fixed`).
    @inline(__always) func add(
        _ coefficient: UInt, negative isNegative: Bool, entry: Int, of fixed: FixedPointVector, to target: Int, limbShift: Int = 0
    ) {
        guard coefficient != 0 else { return }
        let window = fixed.window, limbs = self.limbs
        let source = fixed.mantissas + entry * window
        let sum = (isNegative ? negative : positive) + target * limbs
        let start = fixed.offsets[entry] + limbShift
        var carry = __gmpn_addmul_1(sum + start, source, window, coefficient)
        var k = start + window
        while carry != 0 && k < limbs {
            let (value, overflow) = sum[k].addingReportingOverflow(carry)
            sum[k] = value
            carry = overflow ? 1 : 0
            k += 1
        }
    }

    /// Sum `target` += Σ_pos (high_pos·2^64 + low_pos)·2^{64·pos}, into the negative part or the
    /// positive one, for `positions` two-limb values.
    func add(
        low: UnsafePointer<UInt>, high: UnsafePointer<UInt>, positions: Int, negative isNegative: Bool, to target: Int
    ) {
        let limbs = self.limbs
        let sum = (isNegative ? negative : positive) + target * limbs
        var carry: UInt = 0
        for k in 0..<limbs {
            var value = sum[k]
            var overflow: Bool
            (value, overflow) = value.addingReportingOverflow(carry)
            carry = overflow ? 1 : 0
            if k < positions {
                (value, overflow) = value.addingReportingOverflow(low[k])
                carry += overflow ? 1 : 0
            }
            if k >= 1 && k - 1 < positions {
                (value, overflow) = value.addingReportingOverflow(high[k - 1])
                carry += overflow ? 1 : 0
            }
            sum[k] = value
        }
    }

    /// The below-frame sum of `target` += coefficient · times · x_entry, in MPFR (the products
    /// rounded to the below-frame precision, which keeps the 2·62 coefficient bits and 128 more
    /// than the destination's).
    func addBelowFrame(_ coefficient: Int, _ x: BigVector, entry: Int, to target: Int, times: Int = 1) {
        guard let belowFrame else { return }
        let product = belowFrame + count
        x.withMPFR { base in _ = mpfr_mul_si(product, base + entry, coefficient, MPFR_RNDN) }
        if times != 1 { _ = mpfr_mul_si(product, product, times, MPFR_RNDN) }
        _ = mpfr_add(belowFrame + target, belowFrame + target, product, MPFR_RNDN)
    }

    /// y_k ← ((positive_k − negative_k) + below-frame_k·2^−bottom) / denominator · 2^bottom, rounded
    /// to nearest once when there is no below-frame part (the scaling by 2^bottom is exact unless
    /// the result itself overflows); the denominator is denominatorHigh·2^64 + denominator.
    func round(into y: inout BigVector, denominator: UInt, denominatorHigh: UInt = 0) {
        precondition(y.count == count, "\(count) sums into a vector of \(y.count)")
        if notANumber {
            y.withMutableMPFR { base in for k in 0..<count { mpfr_set_nan(base + k) } }
            return
        }
        let p = positive, q = negative, limbs = self.limbs, bottom = self.bottom
        var difference = [UInt](repeating: 0, count: max(limbs, 1))
        var denominatorLimbs: [UInt] = denominatorHigh == 0 ? [denominator] : [denominator, denominatorHigh]
        let unitDenominator = denominatorHigh == 0 && denominator == 1
        let exact = UnsafeMutablePointer<__mpfr_struct>.allocate(capacity: 1)
        mpfr_init2(exact, mpfr_prec_t(64 * max(limbs, 1) + belowFramePrecision + 64))
        defer {
            mpfr_clear(exact)
            exact.deallocate()
        }
        var integer = __mpz_struct(), divisor = __mpz_struct()
        y.withMutableMPFR { base in
            difference.withUnsafeMutableBufferPointer { d in
                denominatorLimbs.withUnsafeMutableBufferPointer { divisorLimbs in
                    _ = __gmpz_roinit_n(&divisor, divisorLimbs.baseAddress!, divisorLimbs.count)
                    for k in 0..<count {
                        let a = p + k * limbs, b = q + k * limbs
                        let comparison = limbs == 0 ? 0 : __gmpn_cmp(a, b, limbs)
                        if comparison == 0 {
                            mpfr_set_zero(exact, 1)
                        } else {
                            if comparison > 0 {
                                _ = __gmpn_sub_n(d.baseAddress!, a, b, limbs)
                            } else {
                                _ = __gmpn_sub_n(d.baseAddress!, b, a, limbs)
                            }
                            var used = limbs
                            while used > 0 && d[used - 1] == 0 { used -= 1 }
                            _ = __gmpz_roinit_n(&integer, d.baseAddress!, comparison > 0 ? used : -used)
                            _ = mpfr_set_z(exact, &integer, MPFR_RNDN)  // exact: 64·limbs bits
                        }
                        if let belowFrame {
                            // The below-frame part in units of 2^bottom (an exact exponent change), added
                            // at 64 bits beyond both parts.
                            _ = mpfr_mul_2si(belowFrame + k, belowFrame + k, -bottom, MPFR_RNDN)
                            _ = mpfr_add(exact, exact, belowFrame + k, MPFR_RNDN)
                        }
                        if unitDenominator {
                            _ = bf_mpfr_set(base + k, exact, MPFR_RNDN)
                        } else {
                            _ = mpfr_div_z(base + k, exact, &divisor, MPFR_RNDN)
                        }
                        _ = mpfr_mul_2si(base + k, base + k, bottom, MPFR_RNDN)
                    }
                }
            }
        }
    }
}

/// Per-limb-position sums of products of one-limb coefficients below 2^31 with the limbs of a
/// `FixedPointVector`, for `outputs` sums at once, in two-limb (128-bit) accumulators without
/// carries between positions: each position receives at most one product below 2^95 per entry,
/// so fewer than 2^32 entries cannot overflow it. Positive and negative terms apart. One per
/// product call.
final class LimbAccumulator {
    let outputs: Int
    let positions: Int
    /// Output t's position k: index t·positions + k; the negative parts after all positive ones.
    private let low: UnsafeMutablePointer<UInt>
    private let high: UnsafeMutablePointer<UInt>

    init(outputs: Int, positions: Int) {
        self.outputs = outputs
        self.positions = positions
        let size = max(2 * outputs * positions, 1)
        low = .allocate(capacity: size)
        low.initialize(repeating: 0, count: size)
        high = .allocate(capacity: size)
        high.initialize(repeating: 0, count: size)
    }

    deinit {
        low.deallocate()
        high.deallocate()
    }

    /// Sum t += c_t · (entry `entry` of `fixed`) for every output t, c_t = column[t] (|c_t| < 2^31;
    /// its magnitude with `magnitudes`).
    @inline(__always) func add(column: UnsafePointer<Int>, magnitudes: Bool, entry: Int, of fixed: FixedPointVector) {
        let window = fixed.window, positions = self.positions
        let source = fixed.mantissas + entry &* window
        let entryNegative = fixed.signs[entry]
        let offset = fixed.offsets[entry]
        let negativeShift = outputs &* positions
        var lowSums = low + offset, highSums = high + offset
        for t in 0..<outputs {
            defer {
                lowSums += positions
                highSums += positions
            }
            let value = column[t]
            if value == 0 { continue }
            let coefficient = value.magnitude
            let shift = (!magnitudes && value < 0) != entryNegative ? negativeShift : 0
            let lows = lowSums + shift, highs = highSums + shift
            for l in 0..<window {
                let (productHigh, productLow) = coefficient.multipliedFullWidth(by: source[l])
                let (sum, overflow) = lows[l].addingReportingOverflow(productLow)
                lows[l] = sum
                highs[l] &+= productHigh &+ (overflow ? 1 : 0)
            }
        }
    }

    /// Adds every output's accumulated sums to the same target of `sums`.
    func flush(into sums: ExactSums) {
        for t in 0..<outputs {
            let positive = t * positions, negative = (outputs + t) * positions
            sums.add(low: low + positive, high: high + positive, positions: positions, negative: false, to: t)
            sums.add(low: low + negative, high: high + negative, positions: positions, negative: true, to: t)
        }
    }
}
