import Multiprecision

extension SplitMix64 {
    /// A standard-normal double by Box–Muller from two `nextUnit()` draws (the C library's log
    /// and cos: the last ulp can differ between machines, so callers round the samples).
    mutating func nextGaussian() -> Double {
        var u = nextUnit()
        while u == 0 { u = nextUnit() }
        let v = nextUnit()
        return (-2 * libmLog(u)).squareRoot() * libmCos(2 * Double.pi * v)
    }
}

// Box–Muller needs log and cos of doubles (from the C library).
#if canImport(Glibc)
    import Glibc
    @inline(__always) func libmLog(_ x: Double) -> Double { Glibc.log(x) }
    @inline(__always) func libmCos(_ x: Double) -> Double { Glibc.cos(x) }
#else
    import Darwin
    @inline(__always) func libmLog(_ x: Double) -> Double { Darwin.log(x) }
    @inline(__always) func libmCos(_ x: Double) -> Double { Darwin.cos(x) }
#endif
