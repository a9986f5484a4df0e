"""Algorithm 1's trace (MATH.md §12.2) from the JSON of `biasflow saddles --model-file M.yaml --data D.csv`
(or of `biasflow saddles --data D.csv`, the Pesme–Flammarion case t ≡ 1): per step p the direction
u = u⁽ᵖ⁾, the candidate durations of the coordinates with k⁽ᵖ⁻¹⁾_i = 0,

    δ_i = (t_i⁺ − s_i)/u_i if u_i > 0,   (t_i⁻ + s_i)/|u_i| if u_i < 0,   ∞ if u_i = 0   (s = s⁽ᵖ⁻¹⁾),

recomputed here exactly from biasflow's weights and directions, the least one (the step's duration
δ⁽ᵖ⁾, its coordinate enters), the jump time T_p = δ⁽¹⁾ + … + δ⁽ᵖ⁾, s⁽ᵖ⁾ = s⁽ᵖ⁻¹⁾ + δ⁽ᵖ⁾u, and biasflow's
saddle k⁽ᵖ⁾ and its loss; then biasflow's weighted-ℓ1 limit. With exact weights the recomputed s and
T are checked against biasflow's. --scale c multiplies every weight by c (uniform weights scale s, δ
and T by c and change nothing else). Standard library only.

    biasflow saddles --model-file M.yaml --data D.csv | python3 Docs/examples/algorithm1-trace.py
"""
import argparse
import json
import sys
from fractions import Fraction


def show(v):
    return str(v) if v.denominator < 10**5 else f"{float(v):.6g}"


def vector(vs):
    return "(" + ", ".join(show(v) for v in vs) + ")"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--scale", default="1")
    args = p.parse_args()
    run = json.load(sys.stdin)
    c = Fraction(args.scale)
    steps = run["saddles"]
    d = len(steps[0]["saddle"])
    weights = run.get("weights") or [["1", "1"]] * d
    exact = run.get("weights_exact", "weights" not in run)
    plus = [c * Fraction(w[0]) for w in weights]
    minus = [c * Fraction(w[1]) for w in weights]
    if len(set(plus + minus)) == 1:
        print(f"weights t± = {show(plus[0])} for every coordinate")
    else:
        print("weights (t+, t-): " + ", ".join(f"({show(a)}, {show(b)})" for a, b in zip(plus, minus)))
    k = [Fraction(0)] * d
    s = [Fraction(0)] * d
    total = Fraction(0)
    for step in steps:
        u = [Fraction(v) for v in step["direction"]]
        cells, best = [], None
        for i in range(d):
            if k[i] != 0:
                continue
            if u[i] == 0:
                cells.append(f"δ{i + 1} = ∞")
                continue
            delta = (plus[i] - s[i]) / u[i] if u[i] > 0 else (minus[i] + s[i]) / -u[i]
            cells.append(f"δ{i + 1} = {show(delta)}")
            if best is None or delta < best[1]:
                best = (i, delta)
        j, delta = best
        total += delta
        s = [a + delta * b for a, b in zip(s, u)]
        if exact and c == 1:
            assert s == [Fraction(v) for v in step["s"]] and total == Fraction(step["jump_time"]), "differs from biasflow's"
        k = [Fraction(v) for v in step["saddle"]]
        print(f"step {step['k']}: u = {vector(u)}")
        print(f"  {', '.join(cells)}: least δ{j + 1} = {show(delta)}, T = {show(total)}, s = {vector(s)}")
        print(f"  saddle {vector(k)}, loss {show(Fraction(step['loss']))}, entering {step['entering']}, leaving {step['leaving']}")
    limit = run.get("limit") or run.get("min_l1")
    if limit:
        verified = limit["certificate"]["verified"] if "certificate" in limit else limit["certificate_verified"]
        print(f"limit {vector(Fraction(v) for v in limit['w'])}, certificate verified: {str(verified).lower()}")


if __name__ == "__main__":
    main()
