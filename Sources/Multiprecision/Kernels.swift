import CMPFR

/// Allocation-free kernels on preallocated `BigVector` / `BigMatrix` storage.
///
/// Numerical contract: every kernel evaluates its textbook formula left to right with MPFR
/// operations rounded to nearest; each product is rounded to the workspace precision and each
/// partial sum to the accumulator's, and the final value to the destination's precision. So a dot
/// product of length n at precision p has relative error at most about n · 2^-p · Σ|x_i y_i| / |x·y|.
/// Destinations keep their own precision. Nothing is allocated when destinations are uniquely
/// referenced (their first use after a copy pays for one copy). Shapes must agree (precondition).
public enum Kernels {
    /// result ← x · y.
    public static func dot(_ x: BigVector, _ y: BigVector, into result: inout BigFloat, workspace: KernelWorkspace) {
        precondition(x.count == y.count, "dot of vectors of lengths \(x.count) and \(y.count)")
        let count = x.count
        let product = workspace.product, sum = workspace.accumulator
        x.withMPFR { xs in
            y.withMPFR { ys in
                result.withMutableMPFR { r in
                    mpfr_set_zero(sum, 1)
                    for index in 0..<count {
                        _ = mpfr_mul(product, xs + index, ys + index, MPFR_RNDN)
                        _ = mpfr_add(sum, sum, product, MPFR_RNDN)
                    }
                    _ = bf_mpfr_set(r, sum, MPFR_RNDN)
                }
            }
        }
    }

    /// y ← y + a · x.
    public static func axpy(_ a: BigFloat, _ x: BigVector, _ y: inout BigVector, workspace: KernelWorkspace) {
        precondition(x.count == y.count, "axpy of vectors of lengths \(x.count) and \(y.count)")
        let count = x.count
        let product = workspace.product
        a.withMPFR { scale in
            x.withMPFR { xs in
                y.withMutableMPFR { ys in
                    for index in 0..<count {
                        _ = mpfr_mul(product, scale, xs + index, MPFR_RNDN)
                        _ = mpfr_add(ys + index, ys + index, product, MPFR_RNDN)
                    }
                }
            }
        }
    }

    /// y ← A x  (A is rows × columns, x has `columns` entries, y has `rows`).
    public static func multiply(_ matrix: BigMatrix, _ x: BigVector, into y: inout BigVector, workspace: KernelWorkspace) {
        precondition(
            matrix.columns == x.count && matrix.rows == y.count,
            "\(matrix.rows)×\(matrix.columns) matrix times vector of \(x.count) into \(y.count)")
        let rows = matrix.rows, columns = matrix.columns
        let product = workspace.product, sum = workspace.accumulator
        matrix.withMPFR { a in
            x.withMPFR { xs in
                y.withMutableMPFR { ys in
                    for i in 0..<rows {
                        let row = a + i * columns
                        mpfr_set_zero(sum, 1)
                        for j in 0..<columns {
                            _ = mpfr_mul(product, row + j, xs + j, MPFR_RNDN)
                            _ = mpfr_add(sum, sum, product, MPFR_RNDN)
                        }
                        _ = bf_mpfr_set(ys + i, sum, MPFR_RNDN)
                    }
                }
            }
        }
    }

    /// y ← Aᵀ x  (x has `rows` entries, y has `columns`), accumulated row by row in y.
    public static func multiplyTransposed(_ matrix: BigMatrix, _ x: BigVector, into y: inout BigVector, workspace: KernelWorkspace) {
        precondition(
            matrix.rows == x.count && matrix.columns == y.count,
            "transpose of \(matrix.rows)×\(matrix.columns) matrix times vector of \(x.count) into \(y.count)")
        let rows = matrix.rows, columns = matrix.columns
        let product = workspace.product
        matrix.withMPFR { a in
            x.withMPFR { xs in
                y.withMutableMPFR { ys in
                    for j in 0..<columns { mpfr_set_zero(ys + j, 1) }
                    for i in 0..<rows {
                        let row = a + i * columns
                        for j in 0..<columns {
                            _ = mpfr_mul(product, row + j, xs + i, MPFR_RNDN)
                            _ = mpfr_add(ys + j, ys + j, product, MPFR_RNDN)
                        }
                    }
                }
            }
        }
    }

    /// G ← Z diag(w) Zᵀ (Z is rows × columns, w has `columns` entries, G is rows × rows and
    /// symmetric): G_ab = Σ_i (z_ai w_i) z_bi, each product rounded as written and summed left to
    /// right, so every entry is within (columns + 1) u Σ_i |z_ai w_i z_bi| of the exact value (u the
    /// unit roundoff of the workspace). Zero entries of Z are skipped. Allocates one row of
    /// `columns` scratch numbers per call.
    public static func weightedGram(_ matrix: BigMatrix, _ weights: BigVector, into result: inout BigMatrix, workspace: KernelWorkspace) {
        precondition(
            matrix.columns == weights.count && result.rows == matrix.rows && result.columns == matrix.rows,
            "Gram of a \(matrix.rows)×\(matrix.columns) matrix with \(weights.count) weights into \(result.rows)×\(result.columns)")
        let rows = matrix.rows, columns = matrix.columns
        let product = workspace.product, sum = workspace.accumulator
        var scaledRow = BigVector(count: columns, precision: workspace.precision)
        matrix.withMPFR { z in
            weights.withMPFR { w in
                result.withMutableMPFR { g in
                    scaledRow.withMutableMPFR { u in
                        for a in 0..<rows {
                            let rowA = z + a * columns
                            for i in 0..<columns { _ = mpfr_mul(u + i, rowA + i, w + i, MPFR_RNDN) }
                            for b in a..<rows {
                                let rowB = z + b * columns
                                mpfr_set_zero(sum, 1)
                                for i in 0..<columns where bf_mpfr_zero_p(rowA + i) == 0 && bf_mpfr_zero_p(rowB + i) == 0 {
                                    _ = mpfr_mul(product, u + i, rowB + i, MPFR_RNDN)
                                    _ = mpfr_add(sum, sum, product, MPFR_RNDN)
                                }
                                _ = bf_mpfr_set(g + a * rows + b, sum, MPFR_RNDN)
                                if a != b { _ = bf_mpfr_set(g + b * rows + a, sum, MPFR_RNDN) }
                            }
                        }
                    }
                }
            }
        }
    }

    /// result ← log Σ exp(s · x_i) with s = −1 when `negated`, else +1.
    ///
    /// Stable at every exponent range: the largest s·x_i is factored out, so each exponential is
    /// ≤ 1 and the sum lies in [1, n]. Relative error of the sum about n · 2^-p; absolute error of
    /// the result about (n + 1) · 2^-p plus the rounding of max(s·x) itself. −∞ for an empty vector.
    public static func logSumExp(_ x: BigVector, negated: Bool = false, into result: inout BigFloat, workspace: KernelWorkspace) {
        let count = x.count
        let term = workspace.product, sum = workspace.accumulator, maximum = workspace.maximum
        x.withMPFR { xs in
            result.withMutableMPFR { r in
                guard count > 0 else {
                    mpfr_set_inf(r, -1)
                    return
                }
                signedMaximum(xs, count: count, negated: negated, into: maximum)
                mpfr_set_zero(sum, 1)
                for index in 0..<count {
                    // term = s·x_i − max
                    if negated {
                        _ = mpfr_add(term, xs + index, maximum, MPFR_RNDN)
                        _ = bf_mpfr_neg(term, term, MPFR_RNDN)
                    } else {
                        _ = mpfr_sub(term, xs + index, maximum, MPFR_RNDN)
                    }
                    _ = mpfr_exp(term, term, MPFR_RNDN)
                    _ = mpfr_add(sum, sum, term, MPFR_RNDN)
                }
                _ = mpfr_log(sum, sum, MPFR_RNDN)
                _ = mpfr_add(r, sum, maximum, MPFR_RNDN)
            }
        }
    }

    /// p ← softmax(s · x), p_i = exp(s·x_i − max) / Σ_j exp(s·x_j − max), with s = −1 when
    /// `negated`.
    ///
    /// Stable at every exponent range (no overflow; entries underflow only when they are below
    /// 2^-(2^62) relative to the largest). Each p_i has relative error about
    /// (|s·x_i − max| + n + 2) · 2^-p: the difference s·x_i − max is rounded to p bits before the
    /// exponential, so its absolute error |s·x_i − max| · 2^-p becomes a relative error of p_i
    /// (none when the difference is exact, e.g. for entries within a factor 2 of the maximum).
    /// The p_i sum to 1 within about n · 2^-p.
    public static func softmax(_ x: BigVector, negated: Bool = false, into p: inout BigVector, workspace: KernelWorkspace) {
        softmax(x, negated: negated, into: &p, logSumExpDestination: nil, workspace: workspace)
    }

    /// As `softmax(_:negated:into:workspace:)`, and also logSumExp ← log Σ exp(s · x_j) from the
    /// same exponentials (the contract of `logSumExp(_:negated:into:workspace:)`).
    public static func softmax(
        _ x: BigVector, negated: Bool = false, into p: inout BigVector, logSumExp: inout BigFloat, workspace: KernelWorkspace
    ) {
        logSumExp.withMutableMPFR { destination in
            softmax(x, negated: negated, into: &p, logSumExpDestination: destination, workspace: workspace)
        }
    }

    static func softmax(
        _ x: BigVector, negated: Bool, into p: inout BigVector,
        logSumExpDestination: UnsafeMutablePointer<__mpfr_struct>?, workspace: KernelWorkspace
    ) {
        precondition(x.count == p.count, "softmax of \(x.count) entries into \(p.count)")
        let count = x.count
        let sum = workspace.accumulator, maximum = workspace.maximum
        if count == 0 {
            if let logSumExpDestination { mpfr_set_inf(logSumExpDestination, -1) }
            return
        }
        x.withMPFR { xs in
            p.withMutableMPFR { ps in
                signedMaximum(xs, count: count, negated: negated, into: maximum)
                mpfr_set_zero(sum, 1)
                for index in 0..<count {
                    if negated {
                        _ = mpfr_add(ps + index, xs + index, maximum, MPFR_RNDN)
                        _ = bf_mpfr_neg(ps + index, ps + index, MPFR_RNDN)
                    } else {
                        _ = mpfr_sub(ps + index, xs + index, maximum, MPFR_RNDN)
                    }
                    _ = mpfr_exp(ps + index, ps + index, MPFR_RNDN)
                    _ = mpfr_add(sum, sum, ps + index, MPFR_RNDN)
                }
                for index in 0..<count { _ = mpfr_div(ps + index, ps + index, sum, MPFR_RNDN) }
                if let logSumExpDestination {
                    _ = mpfr_log(logSumExpDestination, sum, MPFR_RNDN)
                    _ = mpfr_add(logSumExpDestination, logSumExpDestination, maximum, MPFR_RNDN)
                }
            }
        }
    }

    /// maximum ← max_i s·x_i (s = −1 when `negated`), exact.
    @usableFromInline
    static func signedMaximum(
        _ xs: UnsafePointer<__mpfr_struct>, count: Int, negated: Bool, into maximum: UnsafeMutablePointer<__mpfr_struct>
    ) {
        var best = 0
        for index in 1..<Swift.max(count, 1) {
            let better = negated ? mpfr_less_p(xs + index, xs + best) : mpfr_greater_p(xs + index, xs + best)
            if better != 0 { best = index }
        }
        // Exact copy: give the scratch enough precision for the element.
        if bf_mpfr_get_prec(maximum) < bf_mpfr_get_prec(xs + best) { mpfr_set_prec(maximum, bf_mpfr_get_prec(xs + best)) }
        if negated { _ = bf_mpfr_neg(maximum, xs + best, MPFR_RNDN) } else { _ = bf_mpfr_set(maximum, xs + best, MPFR_RNDN) }
    }
}
