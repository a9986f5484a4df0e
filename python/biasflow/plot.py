"""matplotlib versions of the CLI's figures (``--format svg``): the same series, axes, scales,
colours (Okabe–Ito, in the same order), markers and legend placement as
Sources/Reports/SVGFigureRenderer.swift draws. matplotlib is imported only when drawing."""

import math

from ._numbers import number_float

PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
MARKERS = ["o", "s", "^", "D"]

_TITLES = {"l2_margin": "ŵ₂ (l2 max margin)", "l1_margin": "ŵ₁ (l1 max margin)", "q_mu": "argmin Q^D_μ",
           "sweep": "sweep path T(μ)", "l2d_stationary": "nearest l_{2/D} KKT point",
           "l2d_rich_limit": "ŵ_{2/D} (sweep-end l_{2/D} KKT point)"}


def _draw(ax, series, title, xlabel, ylabel, legend):
    for i, (label, points) in enumerate(series):
        xs, ys = zip(*points)
        ax.plot(xs, ys, color=PALETTE[i % len(PALETTE)], marker=MARKERS[i % len(MARKERS)], markersize=5,
                linewidth=1.5, label=label)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.grid(True, color="#dddddd", linewidth=0.5)
    if series:
        ax.legend(loc=legend, framealpha=0.9, edgecolor="#888888")
    return ax


def transition_series(result):
    """The figure's series of a TransitionReport: one per (depth, kind) in the SVG's order, each
    the reached points (α, log10(1/ε*)) with log10(1/ε*) > 0 (a log axis cannot show ε* ≥ 1)."""
    raw = result.raw if hasattr(result, "raw") else result
    keys = sorted({f"{p['depth']}|{p['kind']}" for p in raw["points"]})
    series = []
    for key in keys:
        depth, kind = key.split("|")
        points = [p for p in raw["points"] if f"{p['depth']}|{p['kind']}" == key and p["reached"]]
        drawable = [(float(p["alpha"]), float(p["log10_inverse_loss"]["value"])) for p in points]
        drawable = [(x, y) for x, y in drawable if y > 0]
        if drawable:
            series.append((f"D = {depth}, {'kernel exit' if kind == 'kernel_exit' else 'rich entry'}", drawable))
    return series


def transitions(ax, result):
    """Draws log10(1/ε*) against α (both log-scaled) of a TransitionReport on ``ax``, as
    ``biasflow transitions --format svg`` does; returns ``ax``."""
    raw = result.raw if hasattr(result, "raw") else result
    return _draw(ax, transition_series(raw), f"Kernel-to-rich transition ({raw['data']})", "α", "log10(1/ε*)",
                 "upper left")


def distance_series(report):
    """The series of a RegimeReport's distance figure: one per reference with a distance, points
    (log10(1/ε), distance) with at least one verified digit and a positive distance."""
    raw = report.raw if hasattr(report, "raw") else report
    order = ["l2_margin", "l1_margin", "q_mu", "sweep", "l2d_stationary", "l2d_rich_limit"]
    present = [k for k in order if any(k in c.get("distance", {}) for c in raw["checkpoints"])]
    present += sorted({k for c in raw["checkpoints"] for k in c.get("distance", {})} - set(order))
    series = []
    for kind in present:
        points = []
        for c in raw["checkpoints"]:
            value = c.get("distance", {}).get(kind)
            digits = c.get("verified_digits", {}).get("distance", {}).get(kind, 0)
            if value is None or digits <= 0:
                continue
            x, y = -float(c["log10_loss"]), float(value)
            if y > 0 and math.isfinite(x) and x > 0:
                points.append((x, y))
        if points:
            series.append((f"‖w̃ − {_TITLES.get(kind, kind)}‖₂", points))
    return series


def distances(ax, report):
    """Draws the distance of w/γ to each limit against log10(1/ε) (both log-scaled) of a
    RegimeReport on ``ax``, as ``biasflow analyze --format svg`` does; returns ``ax``."""
    raw = report.raw if hasattr(report, "raw") else report
    return _draw(ax, distance_series(raw), f"Distance of w/γ to the limits ({raw['data']}, D = {raw['depth']}, α = {raw['alpha']})",
                 "log10(1/ε)", "distance", "best")
