#!/usr/bin/env python3
"""Independent reference for the built-in sparse-regression set (BuiltinDataSet.woodworth).

Re-implements, from the specification in Sources/Datasets/BuiltinDataSet.swift and
DeterministicGaussians.swift, the SplitMix64 stream, the Marsaglia polar method at 128 bits
(mpmath) and the exact decimal rounding, and writes what the Swift test compares with:
sizes, the support, the first row, all targets, exact sums and a polynomial fingerprint
(mod 2^61 - 1) of every entry's integer numerator in row-major order.

Run: /work/main/.venv-peers/bin/python make_builtin_reference.py > builtin_reference.json
"""
import json
from fractions import Fraction
import mpmath

MASK = (1 << 64) - 1
mpmath.mp.prec = 128


class SplitMix64:
    def __init__(self, seed):
        self.state = seed

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)


def gaussian(rng):
    while True:
        u = mpmath.ldexp(mpmath.mpf((rng.next() >> 11) - (1 << 52)), -52)
        v = mpmath.ldexp(mpmath.mpf((rng.next() >> 11) - (1 << 52)), -52)
        s = u * u + v * v
        if s == 0 or s >= 1:
            continue
        return u * mpmath.sqrt(mpmath.log(s) * -2 / s)


def rounded(x, decimals):
    """round(x * 10^decimals), half away from zero, exactly (x is a binary mpf)."""
    q = Fraction(*mpmath.mpf(x).as_integer_ratio()) * 10**decimals
    k = int(abs(q) + Fraction(1, 2))
    return -k if q < 0 else k


def main():
    n, d, seed = 100, 1000, 200209277
    rng = SplitMix64(seed)
    entries = [[rounded(gaussian(rng), 3) for _ in range(d)] for _ in range(n)]
    order = list(range(d))
    for i in range(d - 1, 0, -1):
        j = rng.next() % (i + 1)
        order[i], order[j] = order[j], order[i]
    support = sorted(order[:5])
    c = mpmath.sqrt(mpmath.mpf(1) / 5)
    targets = []
    for row in entries:
        signal = mpmath.mpf(sum(row[j] for j in support)) / 1000 * c
        targets.append(rounded(signal + gaussian(rng) / 10, 6))
    prime = (1 << 61) - 1
    fingerprint = 0
    for row, y in zip(entries, targets):
        for k in row + [y]:
            fingerprint = (fingerprint * 1000003 + k) % prime
    print(json.dumps({
        "samples": n, "features": d, "seed": seed,
        "support": support,
        "first_row": entries[0],
        "targets": targets,
        "sum_x": sum(map(sum, entries)),
        "sum_x_squared": sum(k * k for row in entries for k in row),
        "fingerprint": fingerprint,
    }))


if __name__ == "__main__":
    main()
