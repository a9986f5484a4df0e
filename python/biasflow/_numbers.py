"""Numbers of the CLI's JSON (DESIGN.md §3): decimal strings carrying every verified digit become
``mpmath.mpf`` at the precision those digits need; exact "p/q" strings become ``Fraction``."""

import math
import re
from decimal import Decimal
from fractions import Fraction

import mpmath

_DECIMAL = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")
_FRACTION = re.compile(r"^[+-]?\d+/\d+$")
_INTEGER = re.compile(r"^[+-]?\d+$")


def is_decimal(text):
    return isinstance(text, str) and bool(_DECIMAL.match(text))


def is_fraction(text):
    return isinstance(text, str) and bool(_FRACTION.match(text))


def significant_digits(text):
    """The significant digits of a decimal literal ("0.00120" has 3; "0" has 1)."""
    mantissa = re.split(r"[eE]", text.lstrip("+-"))[0].replace(".", "")
    stripped = mantissa.lstrip("0")
    return max(1, len(stripped))


def precision_bits(digits):
    """Bits enough to hold a ``digits``-digit decimal so that it prints back unchanged."""
    return max(53, math.ceil(digits * math.log2(10)) + 8)


def mpf(text):
    """The decimal string as an mpf rounded to the precision its digits need (the mpf keeps that
    precision: mpmath values carry their own mantissa)."""
    with mpmath.workprec(precision_bits(significant_digits(text))):
        return mpmath.mpf(text)


def fraction(text):
    """An exact value: "p/q", an integer, or a decimal literal, as a Fraction."""
    return Fraction(text)


def number(text):
    """A JSON number string: "p/q" → Fraction, a decimal → mpf, anything else unchanged."""
    if is_fraction(text):
        return Fraction(text)
    if is_decimal(text):
        return mpf(text)
    return text


def number_float(value):
    """A float view of a converted number (inf for magnitudes beyond binary64), or None."""
    if value is None:
        return None
    if isinstance(value, Fraction):
        try:
            return float(value)
        except OverflowError:
            return math.copysign(math.inf, value)
    if isinstance(value, mpmath.mpf):
        return float(value)
    return value


def _finite_decimal(value):
    """The exact decimal literal of a Fraction whose denominator has no prime factor but 2 and 5."""
    den = value.denominator
    twos = fives = 0
    while den % 2 == 0:
        den //= 2
        twos += 1
    while den % 5 == 0:
        den //= 5
        fives += 1
    if den != 1:
        return None
    scale = max(twos, fives)
    digits = abs(value.numerator) * (10 ** scale // value.denominator)
    text = str(digits)
    if scale:
        text = text.rjust(scale + 1, "0")
        text = text[:-scale] + "." + text[-scale:]
    return ("-" if value < 0 else "") + text


def decimal_text(value):
    """An option value as an exact decimal literal: str as given, int, Fraction (finite decimal
    expansion only), Decimal, float (its shortest round-trip repr), mpf (its exact binary value)."""
    if isinstance(value, bool):
        raise TypeError(f"{value!r} is not a number")
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Fraction):
        text = _finite_decimal(value)
        if text is None:
            raise ValueError(f"{value} has no finite decimal expansion; the command line takes decimals here")
        return text
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{value} is not a finite number")
        return str(value)
    if isinstance(value, mpmath.mpf):
        return decimal_text(exact_fraction(value))
    if isinstance(value, float) or type(value).__module__ == "numpy":
        return float_text(value)
    raise TypeError(f"{value!r} ({type(value).__name__}) is not a number the command line can take")


def exact_fraction(value):
    """The exact value of an mpf as a Fraction."""
    if not mpmath.isfinite(value):
        raise ValueError(f"{value} is not a finite number")
    man, exp = value.man_exp
    if man == 0 and exp == 0:
        return Fraction(0)
    return Fraction(int(man)) * (Fraction(2) ** int(exp))


def float_text(value):
    """A binary float as the shortest decimal that reads back to it (Python's repr; numpy's
    shortest repr of its own type for float32 and float16). NaN and infinities are refused."""
    if type(value).__module__ == "numpy":
        import numpy

        if isinstance(value, numpy.integer):
            return str(int(value))
        if isinstance(value, numpy.bool_):
            raise TypeError(f"{value!r} is not a number")
        if not numpy.isfinite(value):
            raise ValueError(f"{value} is not a finite number")
        if isinstance(value, numpy.float64):
            return repr(float(value))
        return numpy.format_float_scientific(value, unique=True, trim="-")
    if not math.isfinite(value):
        raise ValueError(f"{value} is not a finite number")
    return repr(float(value))


def cell_text(value):
    """A data cell as an exact CSV field (data files hold decimal literals, DESIGN.md §3): as
    ``decimal_text``; a Fraction or mpf as its exact finite decimal (a Fraction such as 1/3, whose
    expansion does not end, is refused rather than rounded)."""
    if isinstance(value, Fraction):
        text = _finite_decimal(value)
        if text is None:
            raise ValueError(f"the Fraction {value} has no finite decimal expansion, and data files hold decimal "
                             "literals: scale the row, or round it yourself")
        return text
    return decimal_text(value)
