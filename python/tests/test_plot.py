"""biasflow.plot draws the series the CLI's SVG figures draw (same labels, same points)."""

import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

import biasflow
from conftest import REPOSITORY, cli

SAVED = REPOSITORY / "Docs" / "analysis"


def svg_legend(svg):
    return re.findall(r'<g class="legend-entry".*?<text[^>]*>(.*?)</text>', svg, flags=re.S)


def svg_point_counts(svg):
    series = re.findall(r'<g class="series-\d+"[^>]*>(.*?)</g>', svg, flags=re.S)
    return [len(re.findall(r"<circle|<rect|<polygon", s)) for s in series]


def test_transitions_figure_matches_svg():
    files = [SAVED / "transitions-f1-d2.json", SAVED / "transitions-f1-d3.json"]
    raw = cli("transitions", "--render", ",".join(map(str, files)), "--format", "json").stdout
    report = biasflow.TransitionReport.from_json(raw)
    svg = cli("transitions", "--render", ",".join(map(str, files)), "--format", "svg").stdout
    fig, ax = plt.subplots()
    biasflow.plot.transitions(ax, report)
    lines = ax.get_lines()
    assert [l.get_label() for l in lines] == svg_legend(svg)
    assert [len(l.get_xdata()) for l in lines] == svg_point_counts(svg)
    assert ax.get_xscale() == ax.get_yscale() == "log"
    first = [p for p in report.raw["points"] if p["depth"] == 2 and p["kind"] == "kernel_exit" and p["reached"]
             and float(p["log10_inverse_loss"]["value"]) > 0]
    assert list(lines[0].get_xdata()) == [float(p["alpha"]) for p in first]
    assert list(lines[0].get_ydata()) == [float(p["log10_inverse_loss"]["value"]) for p in first]
    plt.close(fig)


def test_distances_figure_matches_svg():
    path = SAVED / "f1-d2-alpha10.json"
    report = biasflow.RegimeReport.from_json(path.read_text())
    svg = cli("analyze", "--render", path, "--format", "svg").stdout
    fig, ax = plt.subplots()
    biasflow.plot.distances(ax, report)
    lines = ax.get_lines()
    assert [l.get_label() for l in lines] == [t.replace("&amp;", "&") for t in svg_legend(svg)]
    assert [len(l.get_xdata()) for l in lines] == svg_point_counts(svg)
    plt.close(fig)
