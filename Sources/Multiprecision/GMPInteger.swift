import CMPFR

/// Runs `body` with `count` freshly initialised GMP integers (value 0) behind pointers it owns,
/// and clears them afterwards. Pointers, not `inout` variables, so that GMP's aliasing
/// (`mpz_mul(a, a, b)`) is allowed under Swift's exclusivity rules.
package func withTemporaryIntegers<R>(_ count: Int, _ body: (UnsafeMutableBufferPointer<__mpz_struct>) throws -> R) rethrows -> R {
    let integers = UnsafeMutableBufferPointer<__mpz_struct>.allocate(capacity: count)
    for index in 0..<count { bf_mpz_init(integers.baseAddress! + index) }
    defer {
        for index in 0..<count { bf_mpz_clear(integers.baseAddress! + index) }
        integers.deallocate()
    }
    return try body(integers)
}

/// Runs `body` with one scratch GMP integer (value 0), cleared afterwards.
package func withTemporaryInteger<R>(_ body: (UnsafeMutablePointer<__mpz_struct>) throws -> R) rethrows -> R {
    try withTemporaryIntegers(1) { try body($0.baseAddress!) }
}
