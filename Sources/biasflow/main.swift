import Multiprecision
let x = BigFloat.exp(try! BigFloat("-1e6", precision: 256))
print(x, x.formatted(significantDigits: 10))
let t = try! BigFloat("1e-10000000", precision: 128)
print(BigFloat.log(t), t.log10Magnitude!)
print(try! Rational(decimal: "0.1"), try! Rational(decimal: "-3.25e-7"), try! Rational(decimal: "1.5e3"), try! Rational(fraction: "-6/4"))
