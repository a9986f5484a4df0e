"""Result objects of the commands, built from the CLI's JSON (DESIGN.md §4).

Every number of the JSON is a decimal string with exactly its verified digits, or an exact
"p/q": here they are ``mpmath.mpf`` at the precision their digits need, and ``Fraction``. Each
object keeps the parsed JSON as ``raw`` (strings untouched) and has ``to_dataframe()``: one row
per checkpoint / point / entry, every number as a float column beside a ``<name>_str`` column
with its full-digit text."""

import json
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Dict, List, Optional

import mpmath

from ._numbers import fraction, is_decimal, is_fraction, mpf, number, number_float

# Fields that hold exact inputs (decimals as typed, α^D): Fractions, never rounded.
EXACT_KEYS = {"alpha", "alpha_to_depth", "horizon", "kernel_ratio", "kernelRatio", "rich_distance", "richDistance",
              "lambda", "threshold", "probe_time", "lambda_pair", "saddle", "predicted", "lyu_li_limit"}


# Fields that are names or identifiers, never numbers (a job id "4711", a hash of digits).
TEXT_KEYS = {"array_job", "merge_job", "task", "experiment_hash", "name", "data", "directory", "target", "label", "kind",
             "regime", "state", "merge_state", "title", "header", "key", "unit", "alignment"}


def _is_verified_decimal(value):
    return isinstance(value, dict) and set(value) == {"value", "digits"}


def convert(value, key=None):
    """The JSON value with numbers converted (see the module text)."""
    if _is_verified_decimal(value):
        return number(value["value"])
    if isinstance(value, dict):
        return Record({k: convert(v, k) for k, v in value.items()}, value)
    if isinstance(value, list):
        exact = key in EXACT_KEYS or any(is_fraction(v) for v in value if isinstance(v, str))
        if exact and all(isinstance(v, str) and (is_fraction(v) or is_decimal(v)) for v in value):
            return [fraction(v) for v in value]
        return [convert(v, key) for v in value]
    if isinstance(value, str):
        if key in TEXT_KEYS:
            return value
        if key in EXACT_KEYS and (is_decimal(value) or is_fraction(value)):
            return fraction(value)
        return number(value)
    return value


class Record:
    """A JSON object with attribute access to its converted values (``record.gamma``,
    ``record["gamma"]``); ``raw`` is the JSON object itself."""

    def __init__(self, values, raw):
        object.__setattr__(self, "_values", values)
        object.__setattr__(self, "raw", raw)

    def __getattr__(self, name):
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, name):
        return self._values[name]

    def __contains__(self, name):
        return name in self._values

    def keys(self):
        return self._values.keys()

    def get(self, name, default=None):
        return self._values.get(name, default)

    def __repr__(self):
        return "Record(" + ", ".join(f"{k}={v!r}" for k, v in self._values.items()) + ")"


def _scalar_columns(name, raw, out):
    """Adds the columns of one JSON value under ``name`` (flattening lists and objects)."""
    if raw is None:
        out[name] = None
        return
    if _is_verified_decimal(raw):
        out[name] = number_float(number(raw["value"]))
        out[name + "_str"] = raw["value"]
        out[name + "_digits"] = raw["digits"]
        return
    if isinstance(raw, dict):
        for key, value in raw.items():
            _scalar_columns(f"{name}_{key}", value, out)
        return
    if isinstance(raw, list):
        for i, value in enumerate(raw):
            _scalar_columns(f"{name}{i + 1}", value, out)
        return
    if isinstance(raw, str) and (is_decimal(raw) or is_fraction(raw)):
        out[name] = number_float(fraction(raw) if is_fraction(raw) else mpf(raw))
        out[name + "_str"] = raw
        return
    out[name] = raw


def flatten(raw):
    """One table row of a JSON object: numbers as floats beside their ``_str`` text."""
    out = {}
    for key, value in raw.items():
        _scalar_columns(key, value, out)
    return out


def _frame(rows):
    import pandas

    return pandas.DataFrame([flatten(r) for r in rows])


class Report:
    """A command's JSON result: ``raw`` (the parsed JSON), attribute access to its converted
    fields, ``to_json()`` and ``to_dataframe()`` over its main list."""

    rows_key = None

    def __init__(self, raw):
        self.raw = raw
        self._record = convert(raw)

    def __getattr__(self, name):
        if name.startswith("_") or name == "raw":
            raise AttributeError(name)
        return getattr(self._record, name)

    def to_json(self):
        return json.dumps(self.raw, indent=2, ensure_ascii=False)

    def to_dataframe(self):
        return _frame(self.raw[self.rows_key])

    @classmethod
    def from_json(cls, text):
        return cls(json.loads(text))

    def __repr__(self):
        return f"{type(self).__name__}({len(self.raw.get(self.rows_key, []))} {self.rows_key})"


@dataclass
class Checkpoint:
    """One checkpoint of a trajectory; ``text`` holds the JSON strings (every verified digit)."""

    target: str
    tau: mpmath.mpf
    log10_loss: mpmath.mpf
    log10_time: mpmath.mpf
    gamma: Optional[mpmath.mpf]
    w: List[mpmath.mpf]
    w_normalized: List[mpmath.mpf]
    nu: List[mpmath.mpf]
    verified_digits: int
    precision_bits: int
    steps: int
    text: Dict[str, Any] = field(repr=False)

    @classmethod
    def from_json(cls, raw):
        return cls(
            target=raw.get("target"), tau=mpf(raw["tau"]), log10_loss=mpf(raw["log10_loss"]),
            log10_time=mpf(raw["log10_time"]), gamma=None if raw.get("gamma") is None else mpf(raw["gamma"]),
            w=[mpf(x) for x in raw["w"]], w_normalized=[mpf(x) for x in raw["w_normalized"]],
            nu=[mpf(x) for x in raw["nu"]], verified_digits=raw["verified_digits"],
            precision_bits=raw["precision_bits"], steps=raw["steps"], text=raw,
        )


@dataclass
class Event:
    kind: str
    coordinate: int
    tau: mpmath.mpf
    verified_digits: int


class Trajectory(Report):
    """``biasflow flow --format json``: ``checkpoints`` (in the order asked) and ``events``."""

    rows_key = "checkpoints"

    def __init__(self, raw):
        super().__init__(raw)
        self.checkpoints = [Checkpoint.from_json(c) for c in raw["checkpoints"]]
        self.events = [Event(e["kind"], e["coordinate"], mpf(e["tau"]), e["verified_digits"]) for e in raw.get("events", [])]

    def __getitem__(self, index):
        return self.checkpoints[index]

    def __len__(self):
        return len(self.checkpoints)


class Limit(Report):
    """``biasflow limits --format json``: ``w``, ``dual``, ``objective`` (Fractions when exact,
    else mpf with the digits asked for), ``exact``, ``certificate`` (a Record; exact-kind
    certificates are verified exactly by the CLI before anything is printed), ``kind``."""

    rows_key = "w"

    def __init__(self, raw):
        super().__init__(raw)
        self.kind = raw["kind"]
        self.exact = raw["exact"]
        value = fraction if self.exact else mpf
        self.w = [value(x) for x in raw["w"]]
        self.dual = [value(x) for x in raw["dual"]]
        self.objective = value(raw["objective"])
        self.certificate = self._record.certificate
        certificate = raw["certificate"]
        if self.exact:
            for key in ("primal_objective", "dual_objective", "min_margin", "max_residual"):
                if key in certificate:
                    self.certificate._values[key] = fraction(certificate[key])

    def to_dataframe(self, which="w"):
        """One row per coordinate of ``w`` (``which="w"``) or per sample of ``dual``: the value
        as a float, its exact or full-digit text, and the Fraction itself when exact."""
        import pandas

        values, texts = (self.w, self.raw["w"]) if which == "w" else (self.dual, self.raw["dual"])
        frame = pandas.DataFrame({"index": range(1, len(values) + 1), which: [number_float(v) for v in values],
                                  which + "_str": texts})
        if self.exact:
            frame[which + "_exact"] = values
        return frame

    def __repr__(self):
        return f"Limit({self.kind}, exact={self.exact}, objective={self.objective})"


class RegimeReport(Report):
    """``biasflow analyze --format json``: ``checkpoints`` with distances to every limit, μ, ρ,
    the regime label; ``limits`` (exact), ``rule``."""

    rows_key = "checkpoints"


class TransitionReport(Report):
    """``biasflow transitions --format json``: ``points`` (depth, α, kind, log10(1/ε*), γ*, μ*
    with their verified digits), ``fits`` (log10(1/ε*) = slope·α^D + intercept) and ``rich_limits``."""

    rows_key = "points"

    def fits_dataframe(self):
        rows = [{k: v for k, v in f.items() if k != "residuals"} for f in self.raw.get("fits", [])]
        return _frame(rows)


class SaddlesReport(Report):
    """``biasflow saddles --format json``: the exact saddle sequence and, with α, the flow's
    plateaus; ``to_dataframe()`` has one row per saddle."""

    rows_key = "saddles"

    def to_dataframe(self):
        key = self.rows_key if self.rows_key in self.raw else next(k for k, v in self.raw.items() if isinstance(v, list))
        return _frame(self.raw[key])


class LPReport(Report):
    """``biasflow lp --format json``: the exact optimum and one entry per λ of the entropic flow."""

    rows_key = "entropic"


class SweepTable(Report):
    """``biasflow sweep table --format json``: ``columns``, ``rows`` (numbers as decimal text with
    their verified digits), ``notes``."""

    rows_key = "rows"
