import CMPFR

/// Runs `body` with one scratch GMP integer.
func withTemporaryInteger<R>(_ body: (UnsafeMutablePointer<__mpz_struct>) throws -> R) rethrows -> R {
    let integer = UnsafeMutablePointer<__mpz_struct>.allocate(capacity: 1)
    bf_mpz_init(integer)
    defer {
        bf_mpz_clear(integer)
        integer.deallocate()
    }
    return try body(integer)
}
