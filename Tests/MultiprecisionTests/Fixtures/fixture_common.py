"""Shared helpers of the Multiprecision fixture scripts (exact binary values, exact rounding).

Every number a fixture holds is an exact binary value m * 2**e, written as {"m": "<decimal
integer>", "e": <int>}, so the Swift tests rebuild it with BigFloat(mantissa:exponent:precision:)
without any decimal parsing. Rounding to P bits is done here with Python integers (no mpmath,
no MPFR), so the expected values do not depend on the code under test.

Rounding modes are named as in Swift's RoundingMode: toNearest (ties to even), down (toward
-inf), up (toward +inf), towardZero, awayFromZero.
"""

import mpmath
from mpmath import mp

MODES = ("toNearest", "down", "up", "towardZero", "awayFromZero")


def magnitude_rule(mode, negative):
    """How the magnitude rounds for `mode` on a value of the given sign: floor, ceil or nearest."""
    if mode == "toNearest":
        return "nearest"
    if mode == "towardZero":
        return "floor"
    if mode == "awayFromZero":
        return "ceil"
    if mode == "down":
        return "ceil" if negative else "floor"
    if mode == "up":
        return "floor" if negative else "ceil"
    raise ValueError(mode)


def round_magnitude(man, exp, bits, rule):
    """Rounds the positive value man * 2**exp to `bits` significant bits: (man', exp')."""
    assert man > 0
    length = man.bit_length()
    if length <= bits:
        return man, exp
    shift = length - bits
    quotient = man >> shift
    remainder = man & ((1 << shift) - 1)
    if rule == "ceil":
        if remainder:
            quotient += 1
    elif rule == "nearest":
        half = 1 << (shift - 1)
        if remainder > half or (remainder == half and quotient & 1):
            quotient += 1
    elif rule != "floor":
        raise ValueError(rule)
    return quotient, exp + shift


def strip(man, exp):
    """The same value with the trailing zero bits of the mantissa moved into the exponent."""
    if man == 0:
        return 0, 0
    zeros = (man & -man).bit_length() - 1
    return man >> zeros, exp + zeros


def encode(negative, man, exp):
    man, exp = strip(man, exp)
    if man == 0:
        return {"m": "0", "e": 0}
    return {"m": ("-" if negative else "") + str(man), "e": exp}


def encode_mpf(value):
    """The exact binary value of an mpmath number (finite)."""
    sign, man, exp, _ = value._mpf_
    if value._mpf_ in (mpmath.libmp.fnan, mpmath.libmp.finf, mpmath.libmp.fninf):
        raise ValueError("not finite: %r" % value)
    return encode(bool(sign), int(man), int(exp))


def decode(encoded):
    """(negative, man, exp) of an encoded value."""
    text = encoded["m"]
    negative = text.startswith("-")
    return negative, abs(int(text)), encoded["e"]


def to_mpf(encoded):
    """An exact mpmath number for an encoded value (mpmath numbers carry any mantissa exactly)."""
    negative, man, exp = decode(encoded)
    return mpmath.mpf(mpmath.libmp.from_man_exp(-man if negative else man, exp))


def round_mpf(value, bits, mode):
    """An mpmath number (taken as exact) rounded to `bits` in `mode`, encoded."""
    sign, man, exp, _ = value._mpf_
    if man == 0:
        return {"m": "0", "e": 0}
    rule = magnitude_rule(mode, bool(sign))
    man, exp = round_magnitude(int(man), int(exp), bits, rule)
    return encode(bool(sign), man, exp)


def round_rational(numerator, denominator, bits, mode):
    """numerator/denominator (integers, denominator > 0) rounded exactly to `bits`, encoded."""
    assert denominator > 0
    if numerator == 0:
        return {"m": "0", "e": 0}
    negative = numerator < 0
    a = abs(numerator)
    # Choose e with 2**(bits+1) <= a / (denominator * 2**e) (two extra bits, then exact rounding
    # with the remainder as a sticky bit).
    e = a.bit_length() - denominator.bit_length() - bits - 3
    if e >= 0:
        quotient, remainder = divmod(a, denominator << e)
    else:
        quotient, remainder = divmod(a << -e, denominator)
    assert quotient.bit_length() >= bits + 1
    # quotient * 2**e <= value < (quotient + 1) * 2**e; fold the remainder into a sticky bit.
    man = (quotient << 1) | (1 if remainder else 0)
    rule = magnitude_rule(mode, negative)
    man, exp = round_magnitude(man, e - 1, bits, rule)
    return encode(negative, man, exp)


def ziv_round(compute, bits, modes, guard, exact=False, max_guard=6400, slack_bits=8):
    """Rounds f(x) to `bits` in each of `modes` from mpmath evaluations at higher precision.

    `compute(working_bits)` returns f at that working precision (inputs are exact). The value at
    working precision W is trusted to 2**slack_bits ulps of W; a mode is settled when both ends
    of that interval round to the same `bits`-bit number, and when a second, independent
    evaluation at precision 2W + 37 settles it to the same number. The guard doubles until every
    mode is settled or `max_guard` is reached; modes still unsettled are left out (reported).
    For results known to be exact (`exact=True`), the value must be representable in `bits` and
    every mode gives it.
    Returns ({mode: encoded}, guard used, [unsettled modes]).
    """
    while True:
        first = compute(bits + guard)
        second = compute(2 * (bits + guard) + 37)
        settled = {}
        for mode in modes:
            answers = [settle(value, bits, mode, bits + guard if i == 0 else 2 * (bits + guard) + 37, slack_bits, exact)
                       for i, value in enumerate((first, second))]
            if answers[0] is not None and answers[0] == answers[1]:
                settled[mode] = answers[0]
        if len(settled) == len(modes) or guard * 2 > max_guard:
            return settled, guard, [m for m in modes if m not in settled]
        guard *= 2


def settle(value, bits, mode, working, slack_bits, exact):
    sign, man, exp, length = value._mpf_
    if man == 0:
        # mpmath returns an exact zero only for a mathematically zero result (log 1, sinh 0):
        # it has no underflow. Zero then is the answer in every mode.
        return {"m": "0", "e": 0}
    negative = bool(sign)
    man, exp = int(man), int(exp)
    if exact:
        if man.bit_length() > bits:
            raise AssertionError("a result declared exact needs more than %d bits" % bits)
        return encode(negative, man, exp)
    rule = magnitude_rule(mode, negative)
    # Interval [|v| - d, |v| + d] with d = 2**slack_bits ulps of the working precision, on the
    # common exponent base = min(exp, log2 d).
    delta_exp = exp + man.bit_length() - working + slack_bits
    base_exp = min(exp, delta_exp)
    center = man << (exp - base_exp)
    delta = 1 << (delta_exp - base_exp)
    if delta >= center:
        return None
    low = round_magnitude(center - delta, base_exp, bits, rule)
    high = round_magnitude(center + delta, base_exp, bits, rule)
    low = strip(*low)
    high = strip(*high)
    if low != high:
        return None
    return encode(negative, *low)


def exact_input(spec, bits):
    """The input named by `spec` as an exact `bits`-bit binary number (an mpmath value).

    `spec` is a decimal string, converted by mpmath at `bits` bits (the conversion need not be
    correctly rounded: whatever binary number results is the input, stored exactly), or a
    callable returning an mpmath number at the current precision.
    """
    with mp.workprec(bits):
        value = spec() if callable(spec) else mpmath.mpf(spec)
        value = +value  # round to the working precision
    assert value._mpf_[1] == 0 or int(value._mpf_[1]).bit_length() <= bits
    return value
