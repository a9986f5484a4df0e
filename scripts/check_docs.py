#!/usr/bin/env python3
"""Executable documentation: runs the commands shown in Markdown files and compares their output.

Called by scripts/check-docs.sh (which documents the markup; Docs/checked-docs.md is the short
note for writers). Standard library only.

    check_docs.py [--update] [--binary PATH] [--list] [FILE.md ...]

Without files: README.md and Docs/*.md of the repository. Exit 0 when every checked block
reproduces, 1 when one does not (or a doc breaks the markup rules), 2 on a bad command line.
"""

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import Decimal, InvalidOperation

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

MARKER = re.compile(r"^<!--\s*check-docs(?P<opts>(?:\s+[a-z-]+(?:=(?:\"[^\"]*\"|'[^']*'|\S+))?)*)\s*-->\s*$")
OUTPUT_OPEN = re.compile(r"^<!--\s*check-docs-output\s*-->\s*$")
OUTPUT_CLOSE = re.compile(r"^<!--\s*/check-docs-output\s*-->\s*$")
OPTION = re.compile(r"([a-z-]+)(?:=(\"[^\"]*\"|'[^']*'|\S+))?")
FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z_0-9]*=\S*$")
NUMBER = re.compile(r"\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?")
# Numbers that are counts of steps or timings: "17 steps", "0.9 s", "12 ms", "3 seconds",
# "real 0m21.9s", "16 explicit + 19 implicit steps (2 rejected)", and JSON fields "steps": 50,
# "seconds": 13.8, "..._ns": 123.
EXEMPT_AFTER = re.compile(r"^ ?(?:steps?|ms|ns|seconds?|s|(?:explicit|implicit) (?:\+ \d+ implicit )?steps|rejected\))(?![A-Za-z_0-9])")
EXEMPT_BEFORE = re.compile(r"(?:\"[a-z_]*(?:steps|seconds|_ns)\"\s*:\s*\"?|\b(?:real|user|sys)\s+\d*m?)$")
KNOWN_OPTIONS = {"skip", "exempt", "timeout"}


class DocError(Exception):
    """A doc that breaks the markup rules (reported as a failed case)."""


class Command:
    def __init__(self, text, output, line):
        self.text = text          # the command as shown, without "$ " (may span lines)
        self.output = output      # the documented output lines (list of str)
        self.line = line          # 1-based line of its "$ " in the doc


class Block:
    def __init__(self, doc, marker_line, options, fence_start, fence_end):
        self.doc = doc
        self.marker_line = marker_line  # 0-based index of the marker comment
        self.options = options
        self.fence_start = fence_start  # 0-based index of the opening fence
        self.fence_end = fence_end      # 0-based index of the closing fence
        self.commands = []
        self.region = None              # (open, close) 0-based of a check-docs-output region

    @property
    def label(self):
        return f"{shown_path(self.doc)}:{self.fence_start + 1}"


def shown_path(path):
    relative = os.path.relpath(path, ROOT)
    return path if relative.startswith("..") else relative


def parse_options(text):
    options = {}
    for match in OPTION.finditer(text):
        key, value = match.group(1), match.group(2)
        if value and value[0] in "\"'":
            value = value[1:-1]
        options[key] = value if value is not None else ""
    return options


def is_complete(command):
    """True when `command` is a whole shell command (quotes closed, no trailing backslash)."""
    if command.endswith("\\"):
        return False
    result = subprocess.run(["bash", "-n"], input=command, capture_output=True, text=True)
    unfinished = "unexpected end of file" in result.stderr or "unexpected EOF" in result.stderr
    return result.returncode == 0 or not unfinished


def parse_doc(path):
    """The checked blocks of one doc; raises DocError for a command block without a marker."""
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().split("\n")
    blocks, pending, i = [], None, 0
    while i < len(lines):
        line = lines[i]
        marker = MARKER.match(line)
        if marker:
            options = parse_options(marker.group("opts"))
            unknown = set(options) - KNOWN_OPTIONS
            if unknown:
                raise DocError(f"{path}:{i + 1}: unknown check-docs option(s) {', '.join(sorted(unknown))}")
            if "skip" in options and not options["skip"].strip():
                raise DocError(f"{path}:{i + 1}: skip needs a reason: <!-- check-docs skip=\"why\" -->")
            pending = (i, options)
            i += 1
            continue
        fence = FENCE.match(line)
        if fence:
            marker_char, width = fence.group("fence")[0], len(fence.group("fence"))
            end = i + 1
            while end < len(lines):
                close = FENCE.match(lines[end])
                if close and close.group("fence")[0] == marker_char and len(close.group("fence")) >= width and not close.group("info").strip():
                    break
                end += 1
            if end == len(lines):
                raise DocError(f"{path}:{i + 1}: unclosed code fence")
            body = lines[i + 1:end]
            shell = fence.group("info").strip().lower() in ("", "console", "sh", "bash", "shell", "text")
            has_command = shell and any(b.startswith("$ ") for b in body)
            if pending is not None:
                marker_index, options = pending
                if any(l.strip() for l in lines[marker_index + 1:i]):
                    raise DocError(f"{path}:{marker_index + 1}: a check-docs marker must stand right before its code fence")
                block = Block(path, marker_index, options, i, end)
                block.commands = split_commands(body, i + 2, path)
                if not block.commands:
                    raise DocError(f"{path}:{i + 1}: a checked block needs at least one '$ ' command line")
                # An output region may follow the fence (after blank lines only).
                j = end + 1
                while j < len(lines) and not lines[j].strip():
                    j += 1
                if j < len(lines) and OUTPUT_OPEN.match(lines[j]):
                    k = j + 1
                    while k < len(lines) and not OUTPUT_CLOSE.match(lines[k]):
                        k += 1
                    if k == len(lines):
                        raise DocError(f"{path}:{j + 1}: check-docs-output is not closed by <!-- /check-docs-output -->")
                    if block.commands[-1].output:
                        raise DocError(f"{path}:{j + 1}: the last command of the block already shows output in the fence")
                    block.region = (j, k)
                    end = k
                blocks.append(block)
                pending = None
            elif has_command:
                raise DocError(f"{path}:{i + 1}: a code block with '$ ' commands has no <!-- check-docs --> marker "
                               "(add one, or <!-- check-docs skip=\"reason\" -->)")
            i = end + 1
            continue
        if OUTPUT_OPEN.match(line):
            raise DocError(f"{path}:{i + 1}: check-docs-output without a checked block right before it")
        if line.strip() and pending is not None:
            raise DocError(f"{path}:{pending[0] + 1}: a check-docs marker must stand right before its code fence")
        i += 1
    if pending is not None:
        raise DocError(f"{path}:{pending[0] + 1}: a check-docs marker without a code fence after it")
    return blocks, lines


def split_commands(body, first_line_number, path):
    commands, i = [], 0
    while i < len(body):
        line = body[i]
        if not line.startswith("$ "):
            if not commands:
                raise DocError(f"{path}:{first_line_number + i}: a checked block must start with a '$ ' command line")
            commands[-1].output.append(line)
            i += 1
            continue
        text, start = line[2:], i
        while not is_complete(text):
            i += 1
            if i >= len(body):
                raise DocError(f"{path}:{first_line_number + start}: the command never ends (unclosed quote?)")
            text += "\n" + body[i]
        commands.append(Command(text, [], first_line_number + start))
        i += 1
    return commands


# ---------------------------------------------------------------- comparison

def normalize(lines):
    """Whitespace-insensitive form: runs of blanks are one space, trailing blanks and blank
    lines at the end dropped, Markdown alignment rows reduced to their alignment."""
    out = []
    for line in lines:
        line = re.sub(r"[ \t]+", " ", line.rstrip())
        if re.fullmatch(r"\|?(\s*:?-+:?\s*\|)+\s*(:?-+:?)?\s*", line):
            line = re.sub(r"-+", "-", line)
        out.append(line)
    while out and not out[-1].strip():
        out.pop()
    return out


def exempt_spans(text, extra):
    spans = []
    for match in NUMBER.finditer(text):
        if EXEMPT_AFTER.match(text[match.end():]) or EXEMPT_BEFORE.search(text[:match.start()]):
            spans.append((match.start(), match.end()))
    if extra:
        for match in re.finditer(extra, text, re.MULTILINE):
            groups = [g for g in range(1, (match.lastindex or 0) + 1) if match.start(g) >= 0]
            spans.extend((match.start(g), match.end(g)) for g in groups) if groups else spans.append(match.span())
    return spans


def tokens(text):
    parts, last = [], 0
    for match in NUMBER.finditer(text):
        # A digit run glued to letters on its left is part of a name (F1, x2, log10, d9880aab…).
        parts.append(("text", text[last:match.start()]))
        parts.append(("number", match.group(), match.start(), match.end()))
        last = match.end()
    parts.append(("text", text[last:]))
    return parts


def number_matches(documented, current):
    """True when `documented` is `current` correctly rounded at documented's last digit."""
    if documented == current:
        return True
    try:
        d, c = Decimal(documented), Decimal(current)
    except InvalidOperation:
        return False
    d_place, c_place = d.as_tuple().exponent, c.as_tuple().exponent
    if c_place > d_place:  # the doc shows digits the program no longer prints
        return False
    return abs(c - d) * 2 <= Decimal(1).scaleb(d_place)


def compare(documented, current, extra_exempt=None):
    """None when equal up to digit-aware rounding, else a short description of the first difference."""
    doc_lines, cur_lines = normalize(documented), normalize(current)
    doc_text, cur_text = "\n".join(doc_lines), "\n".join(cur_lines)
    if doc_text == cur_text:
        return None
    doc_tokens, cur_tokens = tokens(doc_text), tokens(cur_text)
    doc_exempt, cur_exempt = exempt_spans(doc_text, extra_exempt), exempt_spans(cur_text, extra_exempt)

    def inside(spans, start, end):
        return any(a <= start and end <= b for a, b in spans)

    def where(text, offset):
        line_no = text.count("\n", 0, offset)
        return line_no + 1, text.split("\n")[line_no]

    for index in range(max(len(doc_tokens), len(cur_tokens))):
        if index >= len(doc_tokens) or index >= len(cur_tokens):
            break
        a, b = doc_tokens[index], cur_tokens[index]
        if a[0] != b[0]:
            break
        if a[0] == "text":
            if a[1] != b[1]:
                break
            continue
        if inside(doc_exempt, a[2], a[3]) or inside(cur_exempt, b[2], b[3]):
            continue
        if not number_matches(a[1], b[1]):
            n, line = where(doc_text, a[2])
            _, now = where(cur_text, b[2])
            return f"output line {n}: documented {a[1]}, now {b[1]}\n      doc: {line}\n      now: {now}"
    else:
        return None
    # Structural difference: report the first differing line.
    for n, (x, y) in enumerate(zip(doc_lines + [""] * len(cur_lines), cur_lines + [""] * len(doc_lines)), 1):
        if x != y:
            return f"output line {n} differs\n      doc: {x}\n      now: {y}"
    return "output differs"


# ---------------------------------------------------------------- running

def tracked_files():
    listing = subprocess.run(["git", "-C", ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             capture_output=True, check=True).stdout.decode().split("\0")
    return sorted(f for f in listing if f and os.path.isfile(os.path.join(ROOT, f)))


def digest(path):
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


# Executables of Examples/ that docs run (swift build -c release --product NAME puts them beside
# the biasflow binary).
EXAMPLES = ["ODEExample"]


class Scratch:
    """A copy of the repository's files (tracked and untracked-not-ignored) where a doc's commands
    run, with the binary at .build/release/biasflow (and the EXAMPLES built beside it) on PATH."""

    def __init__(self, binary, files):
        self.dir = tempfile.mkdtemp(prefix="check-docs-")
        self.files = files
        for name in files:
            target = os.path.join(self.dir, name)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copy2(os.path.join(ROOT, name), target)
        os.makedirs(os.path.join(self.dir, ".build", "release"), exist_ok=True)
        if binary:
            os.symlink(binary, os.path.join(self.dir, ".build", "release", "biasflow"))
            # The example clients of the public libraries, when built beside the binary.
            for example in EXAMPLES:
                built = os.path.join(os.path.dirname(os.path.abspath(binary)), example)
                if os.path.exists(built):
                    os.symlink(built, os.path.join(self.dir, ".build", "release", example))
        self.before = {name: digest(os.path.join(self.dir, name)) for name in files}
        self.variables = []

    def run(self, command, timeout):
        env = dict(os.environ)
        env["PATH"] = os.path.join(self.dir, ".build", "release") + os.pathsep + env.get("PATH", "")
        env["LC_ALL"] = env.get("LC_ALL") or "C.UTF-8"
        env.pop("CI", None)  # the docs describe what a user sees
        prelude = "".join(f"export {v}\n" for v in self.variables)
        script = prelude + command + "\n"
        started = time.monotonic()
        try:
            result = subprocess.run(["bash", "-c", script], cwd=self.dir, env=env, stdin=subprocess.DEVNULL,
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout)
            output = result.stdout.decode("utf-8", errors="replace")
        except subprocess.TimeoutExpired:
            output = f"(check-docs: timed out after {timeout} s)"
        if ASSIGNMENT.match(command.strip()):
            self.variables.append(command.strip())
        text = output[:-1] if output.endswith("\n") else output
        return (text.split("\n") if text else []), time.monotonic() - started

    def overwritten(self):
        changed = []
        for name, before in self.before.items():
            path = os.path.join(self.dir, name)
            if not os.path.isfile(path) or digest(path) != before:
                changed.append(name)
        return changed

    def remove(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description="Run and compare the checked commands of Markdown docs.")
    parser.add_argument("--update", action="store_true", help="rewrite the shown outputs from the current ones")
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "biasflow"))
    parser.add_argument("--list", action="store_true", help="list the checked blocks and exit")
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    files = args.files or [os.path.join(ROOT, "README.md")] + sorted(
        os.path.join(ROOT, "Docs", f) for f in os.listdir(os.path.join(ROOT, "Docs")) if f.endswith(".md"))
    binary = os.path.abspath(args.binary)
    if not args.list and not os.access(binary, os.X_OK):
        print(f"check-docs: no biasflow binary at {binary} (build it: swift build -c release -Xswiftc -enable-testing --product biasflow)", file=sys.stderr)
        return 2
    repo_files = tracked_files()
    passed = failed = skipped = 0
    started = time.monotonic()
    for path in files:
        path = os.path.abspath(path)
        try:
            blocks, lines = parse_doc(path)
        except DocError as error:
            print(f"FAIL {shown_path(path)}: {error}")
            failed += 1
            continue
        if args.list:
            for block in blocks:
                state = f"skip ({block.options['skip']})" if "skip" in block.options else f"{len(block.commands)} command(s)"
                print(f"{block.label}: {state}")
            continue
        if not blocks:
            continue
        scratch = Scratch(binary, repo_files)
        replacements = []  # (start, end, new_lines), 0-based, end exclusive
        try:
            for block in blocks:
                if "skip" in block.options:
                    print(f"skip {block.label}: {block.options['skip']}")
                    skipped += 1
                    continue
                timeout = float(block.options.get("timeout") or 300)
                problems, seconds = [], 0.0
                for index, command in enumerate(block.commands):
                    output, spent = scratch.run(command.text, timeout)
                    seconds += spent
                    in_region = block.region is not None and index == len(block.commands) - 1
                    if in_region:
                        open_, close = block.region
                        documented = lines[open_ + 1:close]
                    else:
                        documented = command.output
                    command.current = output
                    difference = compare(documented, output, block.options.get("exempt"))
                    if difference:
                        problems.append(f"  $ {command.text.splitlines()[0]}  (line {command.line})\n      {difference}")
                overwritten = scratch.overwritten()
                if overwritten:
                    problems.append("  the block overwrote repository files: " + ", ".join(overwritten))
                    for name in overwritten:  # restore them for the next blocks
                        shutil.copy2(os.path.join(ROOT, name), os.path.join(scratch.dir, name))
                if overwritten:
                    print(f"FAIL {block.label} ({seconds:.1f} s)")
                    print("\n".join(problems))
                    failed += 1
                elif args.update:
                    body = []
                    for index, command in enumerate(block.commands):
                        shown = command.text.split("\n")
                        body.append("$ " + shown[0])
                        body.extend(shown[1:])
                        if not (block.region is not None and index == len(block.commands) - 1):
                            body.extend(command.current)
                    replacements.append((block.fence_start + 1, block.fence_end, body))
                    if block.region is not None:
                        replacements.append((block.region[0] + 1, block.region[1], block.commands[-1].current))
                    print(f"{'updated' if problems else 'ok'} {block.label} ({seconds:.1f} s)")
                    passed += 1
                elif problems:
                    print(f"FAIL {block.label} ({seconds:.1f} s)")
                    print("\n".join(problems))
                    failed += 1
                else:
                    print(f"ok {block.label} ({seconds:.1f} s)")
                    passed += 1
        finally:
            scratch.remove()
        if args.update and replacements:
            new_lines = list(lines)
            for start, end, body in sorted(replacements, reverse=True):
                new_lines[start:end] = body
            if new_lines != lines:
                with open(path, "w", encoding="utf-8") as handle:
                    handle.write("\n".join(new_lines))
    if args.list:
        return 1 if failed else 0
    print(f"check-docs: {time.monotonic() - started:.1f} s, {skipped} skipped block(s) with their reasons above")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
