"""The commands as functions. Each builds the command line from its keyword arguments
(``name=value`` → ``--name value``; lists are comma-joined; numbers are passed exactly), runs the
CLI with ``--format json`` and returns the result object. Options not named in a signature can be
given as keywords too and go to the CLI unchanged (``flow(..., max_precision=4096)``)."""

from . import _cli
from ._data import data_argument
from .results import LPReport, Limit, RegimeReport, SaddlesReport, TransitionReport, Trajectory


def _call(command, data, result_type, progress=None, **kwargs):
    with data_argument(data) as (path, rename):
        args = [command, "--data", path, *_cli.options(**kwargs), "--format", "json"]
        out, _ = _cli.run(args, progress=progress, parse=result_type.from_json, rename=rename)
    return result_type.from_json(out)


def flow(data, depth=None, alpha=None, tau=None, digits=None, loss=None, *, log10_loss=None, margin=None,
         events=None, model=None, model_file=None, scale=None, shape=None, progress=None, **options):
    """``biasflow flow``: a verified trajectory (``Trajectory``) to the checkpoints asked for.

    data: a CSV path, "builtin:NAME", a DataFrame, a numpy array or a list of rows.
    tau / log10_loss / margin: checkpoints (a number or a list). digits: significant digits to
    deliver and verify (CLI default 30). events: e.g. ["sign", "support"]. progress: True for a
    tqdm bar, or a callable taking ``biasflow.Progress``.
    Raises BiasFlowError when the CLI refuses; if some checkpoint has fewer verified digits than
    asked, the error's ``result`` holds the trajectory.
    """
    return _call("flow", data, Trajectory, progress=progress, depth=depth, alpha=alpha, tau=tau, digits=digits,
                 loss=loss, log10_loss=log10_loss, margin=margin, events=events, model=model, model_file=model_file,
                 scale=scale, shape=shape, **options)


_EXACT_KINDS = {"l1-margin", "l2-margin", "l1-interpolation", "l2-interpolation"}


def limits(data, kind, exact=None, *, mu=None, alpha=None, depth=None, digits=None, task=None, **options):
    """``biasflow limits``: a reference limit (``Limit``) with its certificate.

    kind: l1-margin, l2-margin, l1-interpolation, l2-interpolation (exact rationals: ``w``,
    ``dual`` and ``objective`` are Fractions unless exact=False), q-mu or sweep (MPFR, verified
    digits; need mu= or alpha=)."""
    if exact is None:
        exact = kind in _EXACT_KINDS
    return _call("limits", data, Limit, kind=kind, exact=exact, mu=mu, alpha=alpha, depth=depth, digits=digits,
                 task=task, **options)


def analyze(data, depth=None, alpha=None, tau=None, *, margin=None, log10_loss=None, digits=None, kernel_ratio=None,
            rich_distance=None, rich_limit=None, no_sweep=False, progress=None, **options):
    """``biasflow analyze``: distances of the flow's w/γ to every limit and the regime label per
    checkpoint (``RegimeReport``)."""
    return _call("analyze", data, RegimeReport, progress=progress, depth=depth, alpha=alpha, tau=tau, margin=margin,
                 log10_loss=log10_loss, digits=digits, kernel_ratio=kernel_ratio, rich_distance=rich_distance,
                 rich_limit=rich_limit, no_sweep=no_sweep, **options)


def transitions(data, depth=None, alpha=None, *, kinds=None, kernel_ratio=None, rich_distance=None, rich_limit=None,
                horizon=None, digits=None, progress=None, **options):
    """``biasflow transitions``: kernel-exit and rich-entry accuracies log10(1/ε*) per (D, α)
    and the fitted α^D laws (``TransitionReport``). depth and alpha may be lists."""
    return _call("transitions", data, TransitionReport, progress=progress, depth=depth, alpha=alpha, kinds=kinds,
                 kernel_ratio=kernel_ratio, rich_distance=rich_distance, rich_limit=rich_limit, horizon=horizon,
                 digits=digits, **options)


def saddles(data, alpha=None, *, digits=None, threshold=None, **options):
    """``biasflow saddles``: the exact saddle-to-saddle sequence of a regression data set and,
    with alpha (a list), the flow's plateaus (``SaddlesReport``)."""
    return _call("saddles", data, SaddlesReport, alpha=alpha, digits=digits, threshold=threshold, **options)


def lp(data, lambda_, *, digits=None, **options):
    """``biasflow lp``: the exact LP optimum and the entropic limits of the diagonal-network flow
    for each λ in ``lambda_`` (``LPReport``)."""
    return _call("lp", data, LPReport, lambda_=lambda_, digits=digits, **options)
