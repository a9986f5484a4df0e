#!/usr/bin/env python3
"""Writes decimal_text.json: correctly rounded decimal parsing and printing, computed exactly.

Parsing: each decimal literal is an exact rational p/q; it is rounded to P bits (53, 256, 1024,
4096) in all five rounding modes with Python integers (exact, ties to even), and stored as an
exact binary value {m, e}.

Printing: each value is an exact binary number; its N-significant-digit decimal form is
computed exactly with Python integers (the value scaled by a power of ten, rounded in the given
mode, ties to even) and written in the documented layout of BigFloat.formatted: positional when
the decimal exponent d satisfies -4 <= d < N, else d1.d2...dN e d. Each non-tie result is also
checked against mpmath's nstr at high precision. Values that are results of elementary functions
(exp(-1e6) at 256 bits...) are rounded from mpmath exactly as in make_elementary_fixture.py.

Deterministic; run from anywhere:
    python3 Tests/MultiprecisionTests/Fixtures/make_decimal_text_fixture.py
"""

import json
import os
import re
import sys
from fractions import Fraction

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import mpmath  # noqa: E402
from mpmath import mp  # noqa: E402

from fixture_common import MODES, decode, encode, encode_mpf, exact_input, magnitude_rule, round_rational, to_mpf, ziv_round  # noqa: E402

PARSE_PRECISIONS = (53, 256, 1024, 4096)

PARSE_TEXTS = [
    "0.1",
    "-0.1",
    "0.2",
    "0.3",
    "1",
    "-3.25e-7",
    "3.14159265358979323846264338327950288419716939937510582097494459",
    "1e-300",
    "2.2250738585072014e-308",
    "4.9406564584124654e-324",
    "1.7976931348623157e308",
    "123456789012345678901234567890",
    "1e23",
    "8.589973e9",
    "9007199254740993",
    "9007199254740993.0000000000000000000001",
    "-9007199254740995",
    "3.7e-434295",
    "1e100000",
    "6.02214076e-1000000",
    "0.000000000000000000000000000000000000000000001",
    "  42.5  ",
    "+7.5E+2",
    ".5",
    "5.",
]

DECIMAL = re.compile(r"^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$")


def parse_decimal(text):
    """The exact value of a decimal literal as (numerator, denominator)."""
    match = DECIMAL.match(text.strip())
    assert match and (match.group(2) or match.group(3)), text
    sign, whole, fraction, exponent = match.groups()
    fraction = fraction or ""
    digits = int((whole or "") + fraction or "0")
    power = int(exponent or 0) - len(fraction)
    numerator = -digits if sign == "-" else digits
    if power >= 0:
        return numerator * 10 ** power, 1
    return numerator, 10 ** (-power)


# Printing: (label, value source, digits, modes). A value source is ("binary", m, e),
# ("decimal", text, precision) for a literal rounded to nearest at that precision,
# ("rational", p, q, precision), or ("function", name, argument, precision).
ALL = ("toNearest", "down", "up", "towardZero", "awayFromZero")
PRINT_CASES = [
    ("exp(-1e6) @ 256", ("function", "exp", "-1e6", 256), 39, ALL),
    ("exp(-1e6) @ 256", ("function", "exp", "-1e6", 256), 10, ("toNearest",)),
    ("exp(-1e6) @ 256", ("function", "exp", "-1e6", 256), 77, ("toNearest",)),
    ("exp(1e6) @ 1024", ("function", "exp", "1e6", 1024), 100, ("toNearest", "down", "up")),
    ("pi @ 4096", ("function", "pi", None, 4096), 1000, ("toNearest", "down", "up")),
    ("pi @ 4096", ("function", "pi", None, 4096), 1235, ("toNearest",)),
    ("1/3 @ 1024", ("rational", 1, 3, 1024), 300, ("toNearest", "up")),
    ("2/3 @ 53", ("rational", 2, 3, 53), 5, ALL),
    ("-2/3 @ 53", ("rational", -2, 3, 53), 5, ALL),
    ("0.125 (tie)", ("binary", 1, -3), 2, ALL),
    ("0.375 (tie)", ("binary", 3, -3), 2, ALL),
    ("2.5 (tie)", ("binary", 5, -1), 1, ALL),
    ("3.5 (tie)", ("binary", 7, -1), 1, ("toNearest",)),
    ("-2.5 (tie)", ("binary", -5, -1), 1, ALL),
    ("99999.5 (tie, carries into a new decade)", ("binary", 199999, -1), 5, ALL),
    ("9.9999999 @ 53", ("decimal", "9.9999999", 53), 3, ("toNearest", "down")),
    ("0.0001234 @ 53", ("decimal", "0.0001234", 53), 4, ("toNearest",)),
    ("0.00001234 @ 53", ("decimal", "0.00001234", 53), 4, ("toNearest",)),
    ("12345678", ("binary", 12345678, 0), 5, ("toNearest",)),
    ("12345678", ("binary", 12345678, 0), 8, ("toNearest",)),
    ("12345678", ("binary", 12345678, 0), 10, ("toNearest",)),
    ("-123.456 @ 53", ("decimal", "-123.456", 53), 6, ("toNearest",)),
    ("-123.456 @ 53", ("decimal", "-123.456", 53), 20, ALL),
    ("0.1 @ 53 (exact expansion)", ("decimal", "0.1", 53), 55, ("toNearest",)),
    ("2^-1000000", ("binary", 1, -1000000), 30, ("toNearest", "down", "up")),
    ("1e300000 @ 256", ("decimal", "1e300000", 256), 50, ("toNearest",)),
    ("1", ("binary", 1, 0), 1, ("toNearest",)),
    ("1", ("binary", 1, 0), 12, ("toNearest",)),
]


def value_of(source):
    """The exact binary value (negative, man, exp) and its precision for a printing source."""
    kind = source[0]
    if kind == "binary":
        _, m, e = source
        precision = max(abs(m).bit_length(), 53)
        return encode(m < 0, abs(m), e), precision
    if kind == "decimal":
        _, text, precision = source
        p, q = parse_decimal(text)
        return round_rational(p, q, precision, "toNearest"), precision
    if kind == "rational":
        _, p, q, precision = source
        return round_rational(p, q, precision, "toNearest"), precision
    if kind == "function":
        _, name, argument, precision = source
        if name == "pi":
            compute = lambda working: run(working, lambda: +mp.pi)  # noqa: E731
        else:
            x = exact_input(argument, precision)
            f = getattr(mpmath, name)
            compute = lambda working: run(working, lambda: f(x))  # noqa: E731
        settled, _, _ = ziv_round(compute, precision, ("toNearest",), 200)
        return settled["toNearest"], precision
    raise ValueError(kind)


def run(working, thunk):
    with mp.workprec(working):
        return +thunk()


def scaled_by_power_of_ten(man, exp, k):
    """man * 2**exp * 10**k as an (unreduced) fraction of integers (numerator, denominator)."""
    numerator, denominator = man, 1
    if k >= 0:
        numerator *= 10 ** k
    else:
        denominator = 10 ** (-k)
    if exp >= 0:
        numerator <<= exp
    else:
        denominator <<= -exp
    return numerator, denominator


def decimal_digits(encoded, digits, mode):
    """(negative, digit string of length `digits`, decimal exponent d, was_tie) for a non-zero value."""
    negative, man, exp = decode(encoded)
    # d = floor(log10 |v|): estimate with mpmath, then settle exactly (10^d <= |v| < 10^(d+1),
    # that is 1 <= |v| * 10^-d < 10).
    with mp.workprec(64):
        d = int(mpmath.floor(mpmath.log10(to_mpf({"m": str(man), "e": exp}))))
    while True:
        numerator, denominator = scaled_by_power_of_ten(man, exp, -d)
        if numerator < denominator:
            d -= 1
        elif numerator >= 10 * denominator:
            d += 1
        else:
            break
    numerator, denominator = scaled_by_power_of_ten(man, exp, digits - 1 - d)
    quotient, remainder = divmod(numerator, denominator)
    rule = magnitude_rule(mode, negative)
    tie = 2 * remainder == denominator
    if rule == "ceil" and remainder:
        quotient += 1
    elif rule == "nearest" and (2 * remainder > denominator or (tie and quotient % 2 == 1)):
        quotient += 1
    if quotient == 10 ** digits:
        quotient //= 10
        d += 1
    text = str(quotient)
    assert len(text) == digits
    return negative, text, d, tie


def layout(negative, text, d, digits):
    """BigFloat.formatted's documented layout."""
    out = "-" if negative else ""
    if -4 <= d < digits:
        if d >= 0:
            out += text[: d + 1]
            if len(text) > d + 1:
                out += "." + text[d + 1:]
        else:
            out += "0." + "0" * (-d - 1) + text
    else:
        out += text[0]
        if len(text) > 1:
            out += "." + text[1:]
        out += "e" + str(d)
    return out


def mpmath_digits(encoded, digits):
    """Digits and decimal exponent to nearest by mpmath at high precision (a cross-check), or
    None when the value lies too close to a rounding tie for this check to decide."""
    negative, man, exp = decode(encoded)
    extra = 20
    with mp.workprec(max(4 * (digits + extra) + 200, man.bit_length() + 64)):
        _, text, d = mpmath.libmp.libmpf.to_digits_exp(to_mpf({"m": str(man), "e": exp})._mpf_, digits + extra)
    head, tail = text[:digits], text[digits:]
    if tail.startswith("5000") or tail.startswith("4999"):
        return None
    quotient = int(head) + (1 if tail[0] >= "5" else 0)
    if quotient == 10 ** digits:
        quotient //= 10
        d += 1
    return str(quotient), d


def main():
    parsing = []
    for text in PARSE_TEXTS:
        p, q = parse_decimal(text)
        for precision in PARSE_PRECISIONS:
            parsing.append({
                "text": text,
                "precision": precision,
                "expected": {mode: round_rational(p, q, precision, mode) for mode in MODES},
                "rational": "%d/%d" % (Fraction(p, q).numerator, Fraction(p, q).denominator)
                if max(abs(p), q).bit_length() < 4000 else None,
            })
    printing = []
    for label, source, digits, modes in PRINT_CASES:
        value, precision = value_of(source)
        expected = {}
        for mode in modes:
            negative, text, d, tie = decimal_digits(value, digits, mode)
            if mode == "toNearest" and not tie:
                check = mpmath_digits(value, digits)
                if check is not None and check != (text, d):
                    raise SystemExit("mpmath disagrees on %s: %r vs %r" % (label, check, (text, d)))
            expected[mode] = layout(negative, text, d, digits)
        printing.append({"label": label, "value": value, "precision": precision, "digits": digits, "expected": expected})
        print("%-45s %4d digits: %s" % (label, digits, expected["toNearest"][:60]), file=sys.stderr)
    fixture = {
        "generator": "Tests/MultiprecisionTests/Fixtures/make_decimal_text_fixture.py",
        "mpmath_version": mpmath.__version__,
        "description": "Decimal text: literals rounded exactly to binary in every mode ({m, e} = m * 2^e); "
                       "exact binary values printed to N significant digits, rounded exactly in the given mode.",
        "parsing": parsing,
        "printing": printing,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "decimal_text.json")
    with open(path, "w") as out:
        json.dump(fixture, out, indent=1, sort_keys=True)
        out.write("\n")
    print("%d parsing cases (%d texts), %d printing cases" % (len(parsing), len(PARSE_TEXTS), len(printing)), file=sys.stderr)


if __name__ == "__main__":
    main()
