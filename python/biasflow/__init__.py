"""BiasFlow from Python: a thin client of the ``biasflow`` command line's JSON contract.

    import biasflow
    t = biasflow.flow("builtin:F1", depth=2, alpha=1, tau=[10, 1e100], digits=30)
    t.checkpoints[-1].w_normalized     # mpmath.mpf, every verified digit
    biasflow.limits("builtin:F1", kind="l1-margin").w   # exact Fractions

The executable is found in BIASFLOW_BIN, on PATH, or in a repository's .build/release.
"""

from . import plot, sweep
from ._binary import find_binary
from ._cli import Progress
from .api import analyze, flow, limits, lp, saddles, transitions
from .errors import BiasFlowError
from .results import (Checkpoint, Event, LPReport, Limit, Record, RegimeReport, SaddlesReport, SweepTable,
                      TransitionReport, Trajectory)

__all__ = ["flow", "limits", "analyze", "transitions", "saddles", "lp", "sweep", "plot", "BiasFlowError", "Progress",
           "Trajectory", "Checkpoint", "Event", "Limit", "RegimeReport", "TransitionReport", "SaddlesReport", "LPReport",
           "SweepTable", "Record", "find_binary"]
__version__ = "0.1.0"
