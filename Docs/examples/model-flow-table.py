"""The JSON of `biasflow flow --model-file … --format json` (checkpoints and events) as one Markdown table,
rows in time order: what placed the row (a loss level, a time, a τ, a margin, or a sign/support event),
the physical time t, a rescaled time T, the loss and the predictor k; every number rounded to at most
--digits significant digits (never more than biasflow printed: its strings carry only verified digits).

    biasflow flow --model-file M.yaml --data D.csv --scale s … --format json | python3 Docs/examples/model-flow-table.py

--clock log (default): T = t/ln(1/s), the clock of a general two-layer model's jump times;
--clock s^P: T = s^P·t (a deep product of L layers: P = L − 2); --clock none: no T column.
--theta I: also the parameters of coordinate I (1-based).
--activation X: instead of the table, per coordinate the first checkpoint at which |k_i| ≥ X (the
coordinate activates), in the order they come; coordinates that never reach X are listed last.
Standard library only.
"""
import argparse
import json
import sys
from decimal import Decimal, getcontext

getcontext().prec = 60


def rounded(text, digits):
    """A decimal string rounded to at most `digits` significant digits, in biasflow's style."""
    value = Decimal(text)
    if value == 0:
        return "0"
    have = len(value.as_tuple().digits)
    shown = min(digits, have)
    exponent = value.adjusted()
    if -4 <= exponent < 6:
        quantum = Decimal(1).scaleb(exponent - shown + 1)
        out = value.quantize(quantum)
        if out.adjusted() > exponent:  # 9.9996 → 10.000: one digit fewer after the point
            out = value.quantize(quantum.scaleb(1))
        return f"{out:f}"
    mantissa = value.scaleb(-exponent).quantize(Decimal(1).scaleb(1 - shown))
    if abs(mantissa) >= 10:
        mantissa, exponent = (mantissa / 10).quantize(Decimal(1).scaleb(1 - shown)), exponent + 1
    return f"{mantissa:f}e{exponent}"


def number(text):
    """A JSON number string: decimal, or exact "p/q" (gradient descent's times)."""
    if "/" in text:
        p, q = text.split("/")
        return Decimal(p) / Decimal(q)
    return Decimal(text)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--digits", type=int, default=4)
    p.add_argument("--clock", default="log")
    p.add_argument("--theta", type=int, default=0)
    p.add_argument("--activation", default=None)
    args = p.parse_args()
    run = json.load(sys.stdin, parse_float=str)
    s = Decimal(run["scale"])
    if args.clock == "log":
        factor, label = 1 / (1 / s).ln(), "t/ln(1/s)"
    elif args.clock.startswith("s^"):
        power = int(args.clock[2:])
        factor, label = s**power, f"s^{power}·t" if power != 1 else "s·t"
    elif args.clock == "none":
        factor, label = None, None
    else:
        raise SystemExit(f"model-flow-table: --clock {args.clock}: log, s^P or none")
    rows = []
    for c in run["checkpoints"]:
        if "log10_loss" in c:
            at = f"L = {rounded(str(Decimal(10) ** Decimal(c['log10_loss'])), 4)}"
        elif "tau" in c:
            at = f"τ = {c['tau']}"
        elif "margin" in c:
            at = f"γ = {c['margin']}"
        else:
            at = "time"
        rows.append((number(c["time"]), at, c["loss"], c["w"], c.get("theta")))
    for e in run.get("events", []):
        i = e["coordinate"] - 1
        w = list(e["w"])
        if e["event"] == "sign":
            w[i] = "±0"
        rows.append((number(e["time"]), f"{e['event']} of k{e['coordinate']}", None, w, None))
    rows.sort(key=lambda r: r[0])
    d = len(rows[0][3])
    subscripts = "₀₁₂₃₄₅₆₇₈₉"
    sub = lambda n: "".join(subscripts[int(ch)] for ch in str(n))
    if args.activation is not None:
        level = Decimal(args.activation)
        first = {}
        for t, _, _, w, _ in rows:
            for i, v in enumerate(w):
                if i not in first and v != "±0" and abs(Decimal(v)) >= level:
                    first[i] = (t, v)
        print(f"| coordinate | first checkpoint with \\|k\\| ≥ {args.activation}: t | " + (f"{label} | " if label else "") + "k_i there |")
        print("|---|---|" + ("---|" if label else "") + "---|")
        for i in sorted(first, key=lambda i: first[i][0]):
            t, v = first[i]
            print(f"| {i + 1} | {rounded(str(t), 10)} | " + (f"{rounded(str(t * factor), 6)} | " if label else "") + f"{rounded(v, args.digits)} |")
        never = [str(i + 1) for i in range(d) if i not in first]
        if never:
            print(f"| {', '.join(never)} | never | " + ("| " if label else "") + "|")
        return
    head = ["at", "t"] + ([label] if label else []) + ["loss"] + [f"k{sub(i + 1)}" for i in range(d)]
    if args.theta:
        head.append(f"θ{sub(args.theta)} ({', '.join(run['parameters'])})")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for t, at, loss, w, theta in rows:
        cells = [at, rounded(str(t), 10)]
        if label:
            cells.append(rounded(str(t * factor), 6))
        cells.append(rounded(loss, args.digits) if loss is not None else "")
        cells += [v if v == "±0" else rounded(v, args.digits) for v in w]
        if args.theta:
            cells.append("(" + ", ".join(rounded(v, args.digits) for v in theta[args.theta - 1]) + ")" if theta else "")
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
