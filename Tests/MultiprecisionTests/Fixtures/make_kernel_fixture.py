#!/usr/bin/env python3
"""Writes kernels.json: log-sum-exp and softmax at extreme ranges, computed independently by mpmath.

For each input vector (decimal specs rounded by mpmath to exact P-bit inputs, P in 53, 256, 1024)
and each sign s (+1, and -1 for Kernels' `negated:`), mpmath computes at P + 400 bits
    M = max_i s*x_i,  lse = M + log(sum_i exp(s*x_i - M)),  p_i = exp(s*x_i - M) / sum_j exp(s*x_j - M)
and the fixture stores lse and each p_i rounded to nearest at P + 64 bits as exact binary values
{m, e}, so that the Swift tests compare against a reference 64 bits finer than the working
precision. Entries p_i below 2^-(2^62) (beneath MPFR's widest exponent range; e.g. exp(-2e30))
are marked "underflow" instead: MPFR may return 0 for them. Also stored: d_i = s*x_i - M to
nearest at 64 bits (the error bound of p_i grows with |d_i|, because that difference is rounded).

Deterministic; run from anywhere:
    python3 Tests/MultiprecisionTests/Fixtures/make_kernel_fixture.py
"""

import json
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import mpmath  # noqa: E402
from mpmath import mp  # noqa: E402

from fixture_common import encode_mpf, exact_input, round_mpf  # noqa: E402

PRECISIONS = (53, 256, 1024)
REFERENCE_EXTRA_BITS = 64
WORKING_EXTRA_BITS = 400
MPFR_EMIN = -(2 ** 62 - 1)  # MPFR's widest exponent range: values are m * 2^e with 1/2 <= m < 1

VECTORS = [
    ("two equal entries far below the double range: -1e9 + ln 2", ["-1e9", "-1e9"]),
    ("three equal entries: -5e15 + ln 3", ["-5e15", "-5e15", "-5e15"]),
    ("opposite extremes: exp(-2e30) underflows even MPFR", ["-1e30", "1e30", "0"]),
    ("exp of every entry underflows a double", ["-1000", "-1001", "-1002", "-1003"]),
    ("small entry beside a large one (the difference is rounded)", ["1000", "0.1"]),
    ("huge equal entries and a far one", ["1e5", "1e5", "-1e5", "3.25"]),
    ("ordinary", ["0.1", "0.2", "0.3", "0.4", "0.5"]),
    ("nearly equal", ["-800", "-800.0000000001"]),
    ("single entry", ["-123.456"]),
    ("sixteen sevenths", ["%d/7" % k for k in range(-8, 8)]),
]


def spec_value(spec):
    if "/" in spec:
        p, q = spec.split("/")
        return lambda: mpmath.mpf(int(p)) / int(q)
    return spec


def main():
    cases = []
    for label, specs in VECTORS:
        for precision in PRECISIONS:
            xs = [exact_input(spec_value(spec), precision) for spec in specs]
            for negated in (False, True):
                reference_bits = precision + REFERENCE_EXTRA_BITS
                with mp.workprec(precision + WORKING_EXTRA_BITS + 128):
                    signed = [-x if negated else x for x in xs]
                    top = max(signed)
                    differences = [s - top for s in signed]
                    terms = [mpmath.exp(d) for d in differences]
                    total = mpmath.fsum(terms)
                    lse = top + mpmath.log(total)
                    probabilities = [t / total for t in terms]
                entries = []
                for p, d in zip(probabilities, differences):
                    underflow = p == 0 or (p._mpf_[2] + p._mpf_[3]) < MPFR_EMIN
                    entries.append({
                        "p": None if underflow else round_mpf(p, reference_bits, "toNearest"),
                        "underflow": bool(underflow),
                        "difference": round_mpf(d, 64, "toNearest"),
                    })
                cases.append({
                    "label": "%s @ %d%s" % (label, precision, " (negated)" if negated else ""),
                    "precision": precision,
                    "negated": negated,
                    "x": [encode_mpf(x) for x in xs],
                    "reference_bits": reference_bits,
                    "logSumExp": round_mpf(lse, reference_bits, "toNearest"),
                    "softmax": entries,
                })
                print("%-80s lse %s" % (cases[-1]["label"], mpmath.nstr(lse, 12)), file=sys.stderr)
    fixture = {
        "generator": "Tests/MultiprecisionTests/Fixtures/make_kernel_fixture.py",
        "mpmath_version": mpmath.__version__,
        "description": "log-sum-exp and softmax references ({m, e} = m * 2^e, at precision + 64 bits) from mpmath "
                       "at precision + 400 bits; entries below MPFR's exponent range are marked underflow.",
        "cases": cases,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "kernels.json")
    with open(path, "w") as out:
        json.dump(fixture, out, indent=1, sort_keys=True)
        out.write("\n")
    print("%d cases" % len(cases), file=sys.stderr)


if __name__ == "__main__":
    main()
