import CMPFR
import Foundation
import Multiprecision

/// The exact rational values of elementary functions where there is one at a rational argument:
/// what lets `ExpressionGraph` fold constants and `ExpressionProgram` evaluate exactly.
enum ExactRoot {
    /// √x when x ≥ 0 is the square of a rational, else nil.
    static func squareRoot(_ x: Rational) -> Rational? {
        guard x.signum >= 0 else { return nil }
        if x.isZero { return Rational() }
        guard let p = integerSquareRoot(x.numeratorString), let q = integerSquareRoot(x.denominatorString) else { return nil }
        return try? Rational(fraction: p + "/" + q)
    }

    /// The decimal square root of a non-negative decimal integer that is a perfect square.
    private static func integerSquareRoot(_ digits: String) -> String? {
        var n = __mpz_struct(), r = __mpz_struct()
        __gmpz_init(&n)
        __gmpz_init(&r)
        defer {
            __gmpz_clear(&n)
            __gmpz_clear(&r)
        }
        guard __gmpz_set_str(&n, digits, 10) == 0, __gmpz_perfect_square_p(&n) != 0 else { return nil }
        __gmpz_sqrt(&r, &n)
        guard let text = __gmpz_get_str(nil, 10, &r) else { return nil }
        defer { free(text) }
        return String(cString: text)
    }

    /// f(x) when it is an exact rational (f(0) for exp, sinh, cosh, tanh, sin, cos; log 1;
    /// √ of a rational square), else nil.
    static func exactValue(_ f: ElementaryFunction, _ x: Rational) -> Rational? {
        switch f {
        case .exp, .cosh, .cos: return x.isZero ? Rational(1) : nil
        case .sinh, .tanh, .sin, .expm1, .log1p: return x.isZero ? Rational() : nil
        case .log: return x == Rational(1) ? Rational() : nil
        case .sqrt: return squareRoot(x)
        }
    }
}
