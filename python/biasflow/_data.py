"""``data=``: a path, ``builtin:NAME``, a pandas DataFrame, a numpy array or a list of rows.

In-memory data is written exactly to a temporary CSV (header row; floats as their shortest
round-trip decimals, Fractions and mpf values as their exact finite decimals, integers as
integers; a Fraction without a finite decimal expansion is refused, never rounded),
which is removed when the command has finished. Messages of the CLI that name the temporary file
name the data instead ("<DataFrame>", "<ndarray>", "<rows>")."""

import contextlib
import os
import tempfile

from ._numbers import cell_text


def _rows_and_header(data):
    kind = type(data).__name__
    module = type(data).__module__
    if module.startswith("pandas") and kind == "DataFrame":
        header = [str(c) for c in data.columns]
        rows = data.itertuples(index=False, name=None)
        return header, rows, "<DataFrame>"
    if module.startswith("numpy") and kind == "ndarray":
        if data.ndim != 2:
            raise ValueError(f"data: a numpy array needs 2 dimensions (samples × columns), not {data.ndim}")
        columns = data.shape[1]
        header = [f"x{i + 1}" for i in range(columns - 1)] + ["y"]
        return header, (tuple(row) for row in data), "<ndarray>"
    if isinstance(data, (list, tuple)):
        rows = [tuple(r) for r in data]
        if not rows:
            raise ValueError("data: no rows")
        columns = len(rows[0])
        header = [f"x{i + 1}" for i in range(columns - 1)] + ["y"]
        return header, rows, "<rows>"
    raise TypeError(f"data: expected a path, 'builtin:NAME', a pandas DataFrame, a numpy array or a list of rows, not {kind}")


def csv_text(data):
    """The exact CSV text of in-memory data, and the name to use for it in messages."""
    header, rows, name = _rows_and_header(data)
    for column in header:
        if not column.strip() or any(c in column for c in ',"\n\r'):
            raise ValueError(f"data: column name {column!r} cannot be a CSV header field (empty, or a comma, quote or newline)")
    lines = [",".join(header)]
    for number, row in enumerate(rows):
        if len(row) != len(header):
            raise ValueError(f"data: row {number} has {len(row)} values for {len(header)} columns")
        try:
            lines.append(",".join(cell_text(v) for v in row))
        except (TypeError, ValueError) as error:
            raise ValueError(f"data: row {number}: {error}") from None
    return "\n".join(lines) + "\n", name


@contextlib.contextmanager
def data_argument(data):
    """Yields (the --data argument, {temporary path: display name})."""
    if isinstance(data, (str, os.PathLike)):
        yield os.fspath(data), {}
        return
    text, name = csv_text(data)
    folder = tempfile.mkdtemp(prefix="biasflow-data-")
    path = os.path.join(folder, "data.csv")
    try:
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        yield path, {path: name}
    finally:
        with contextlib.suppress(OSError):
            os.remove(path)
        with contextlib.suppress(OSError):
            os.rmdir(folder)
