"""Runs the biasflow executable: arguments in, JSON text out, errors as BiasFlowError.

Progress: with a callback, the CLI is started with ``BIASFLOW_PROGRESS=1``, which makes its
progress bar (Sources/biasflow/ProgressBar.swift) write to stderr although stderr is a pipe. The
bar rewrites one line: ``\\r<label> [<30 of # and ->] <status>\\x1b[K``, cleared by ``\\r\\x1b[K``.
Each such record becomes a ``Progress``; every other stderr line is kept as the message text.
"""

import os
import re
import subprocess
import threading
from dataclasses import dataclass
from fractions import Fraction

from ._binary import find_binary
from .errors import BiasFlowError

_RECORD = re.compile(r"^(?P<label>.*?) \[(?P<bar>[#-]+)\] (?P<status>.*?)(?:\x1b\[K)?$")
_COUNT = re.compile(r"^(\d+)/(\d+) points")


@dataclass(frozen=True)
class Progress:
    """One progress report of the CLI: the bar's label ("flow", "sweep", "transitions", …), the
    fraction done in [0, 1] (0 while the CLI knows no total, e.g. a flow reports only its τ), and
    its status text (e.g. "τ ≈ 1.234e+05" or "3/6 points (last: …)")."""

    label: str
    fraction: float
    status: str


def parse_progress(record):
    """The Progress in one ``\\r``-separated stderr record, or None if it is not one."""
    match = _RECORD.match(record)
    if not match:
        return None
    bar = match.group("bar")
    fraction = bar.count("#") / len(bar)
    status = match.group("status")
    count = _COUNT.match(status)
    if count and int(count.group(2)) > 0:
        fraction = int(count.group(1)) / int(count.group(2))
    return Progress(match.group("label"), fraction, status)


def _tqdm_callback():
    try:
        from tqdm.auto import tqdm
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise BiasFlowError("progress=True needs tqdm (pip install tqdm) or pass a callback", exit_code=None) from error
    state = {}

    def callback(report):
        bar = state.get("bar")
        if bar is None:
            bar = state["bar"] = tqdm(total=1000, desc=report.label, bar_format="{l_bar}{bar}| {postfix}")
        bar.n = int(round(report.fraction * 1000))
        bar.set_postfix_str(report.status, refresh=False)
        bar.refresh()

    def close():
        if "bar" in state:
            state["bar"].close()

    return callback, close


def cli_message(stderr):
    """The CLI's error message: its stderr without progress records, the "Error: " prefix and the
    usage text ArgumentParser appends to command-line errors."""
    lines = []
    for line in stderr.replace("\r", "\n").split("\n"):
        line = line.replace("\x1b[K", "")
        if not line.strip() or parse_progress(line):
            continue
        if line.startswith("Usage:") or line.startswith("  See '"):
            break
        lines.append(line[len("Error: "):] if line.startswith("Error: ") else line)
    return "\n".join(lines).strip()


def run(args, progress=None, parse=None, rename=None):
    """Runs ``biasflow ARGS``; returns (stdout, stderr text without progress records).

    ``progress``: None, True (a tqdm bar) or a callable taking a Progress. ``parse``: turns the
    stdout of a failed run into a partial result attached to the error. ``rename``: {path: name}
    replaced in messages (temporary data files are named by what they were made from)."""
    command = [find_binary(), *[str(a) for a in args]]
    env = dict(os.environ)
    close = None
    if progress is True:
        progress, close = _tqdm_callback()
    if progress is not None:
        env["BIASFLOW_PROGRESS"] = "1"
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    collected = []

    def read_stderr():
        pending = b""
        while True:
            chunk = process.stderr.read1(65536) if hasattr(process.stderr, "read1") else process.stderr.read(65536)
            if not chunk:
                break
            pending += chunk
            *records, pending = re.split(rb"[\r\n]", pending)
            for raw in records:
                text = raw.decode("utf-8", "replace")
                report = parse_progress(text.replace("\x1b[K", "")) if progress is not None else None
                if report is not None:
                    progress(report)
                elif text.replace("\x1b[K", "").strip():
                    collected.append(text.replace("\x1b[K", ""))
        if pending.strip():
            collected.append(pending.decode("utf-8", "replace"))

    reader = threading.Thread(target=read_stderr, daemon=True)
    reader.start()
    stdout = process.stdout.read()
    process.wait()
    reader.join()
    if close:
        close()
    stderr = "\n".join(collected)
    for path, name in (rename or {}).items():
        stderr = stderr.replace(path, name)
    out = stdout.decode("utf-8")
    if process.returncode != 0:
        partial = None
        if parse is not None and out.strip():
            try:
                partial = parse(out)
            except Exception:  # the partial output is a bonus, never a second error
                partial = None
        raise BiasFlowError(cli_message(stderr) or f"biasflow exited with status {process.returncode}",
                            exit_code=process.returncode, command=command, stderr=stderr, result=partial)
    return out, stderr


def option_value(value):
    """A Python value as the CLI's option text: lists comma-joined, Fractions and floats exactly
    (a Fraction must have a finite decimal expansion: the CLI's options are decimals)."""
    from ._numbers import decimal_text

    if isinstance(value, (list, tuple)):
        return ",".join(option_value(v) for v in value)
    return decimal_text(value)


def options(**kwargs):
    """``name=value`` pairs as ``--name value`` arguments (underscores become dashes); None is
    left out, True is a flag, False is left out."""
    args = []
    for name, value in kwargs.items():
        if value is None or value is False:
            continue
        flag = "--" + name.rstrip("_").replace("_", "-")
        if value is True:
            args.append(flag)
        else:
            # One argument "--name=value": values starting with "-" stay values.
            args.append(f"{flag}={option_value(value)}")
    return args
