#!/usr/bin/env bash
# Executable documentation: runs every command shown with its output in README.md and Docs/*.md
# and compares the output it prints now with the one shown (engine: scripts/check_docs.py).
#
#   scripts/check-docs.sh [--update] [--binary PATH] [--list] [FILE.md ...]
#
# Markup (also in Docs/checked-docs.md):
#
#   <!-- check-docs -->            a marker on the line right before a code fence: the fence holds
#   ```                            commands, each on a line starting with "$ " (a command may go on
#   $ biasflow data show T4        over several lines while a quote is open or a line ends in "\"),
#   x1,x2,label                    each followed by the output it prints (stdout and stderr, merged,
#   1,2,1                          as a terminal shows them); no lines after a command = no output.
#   ```
#
#   <!-- check-docs-output -->     optional, right after such a fence (blank lines allowed): the
#   | rendered | Markdown |        output of the fence's LAST command, shown as Markdown (a table
#   <!-- /check-docs-output -->    that renders) instead of inside the fence.
#
#   Options in the marker: skip="reason" (shown, not run: too slow for CI, needs a peer tool, ...;
#   the reason is printed on every run), exempt="REGEX" (numbers inside a match, or inside its
#   groups, are not compared), timeout=SECONDS (per command, default 300).
#
#   A code fence (untagged, console, sh, bash, shell or text) that has a "$ " line but no marker
#   is an error: every shown command is either checked or skipped with a reason.
#
# How commands run: each doc's blocks run in order, from the root of a fresh scratch copy of the
# repository's files (tracked and untracked-not-ignored), with the binary at
# .build/release/biasflow and on PATH; a command of the form NAME=value is exported to the
# commands after it. So commands written for the repository root work as shown, and files they
# write land in the scratch copy; a block that changes a repository file fails.
#
# Comparison: whitespace runs count as one space (padded tables), Markdown alignment rows are
# reduced to their alignment; text between numbers must be equal; a documented number must be a
# correct rounding of the current one at its own last digit (0.218 passes for 0.21749, 0.2175 and
# 0.2184; 0.218 fails for 0.2186, and 0.2180 fails for a current 0.218: the doc would claim a digit
# that is no longer printed). Step counts and timings are exempt: a number followed by "steps",
# "step", "s", "ms", "ns" or "seconds", the counts of "16 explicit + 19 implicit steps (2 rejected)",
# a number after "real"/"user"/"sys", or the value of a JSON key containing "steps", "seconds" or
# ending in "_ns".
#
# --update rewrites every shown output (of the blocks that are run) with the current one, in place:
# outputs are generated, never pasted. A block that overwrote a repository file is not updated.
#
# Exit 0 if every block reproduces, 1 otherwise; the last line is "N passed, N failed".
# The checker's own test: scripts/test-check-docs.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 scripts/check_docs.py "$@"
