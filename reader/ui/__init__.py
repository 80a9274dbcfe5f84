"""The terminal UI (Textual)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.model import Problem


def visible(text: str) -> str:
    """``text`` with control and bidi-control characters shown as visible symbols
    (reader.ingest.safe_text.make_safe), for any untrusted string the UI puts on screen: titles, file
    names, entity names, error messages. ``str.isprintable`` is false for every character
    make_safe replaces, so ordinary text costs one C call and safe_text loads only when needed
    (not at start-up)."""
    if text.isprintable():
        return text
    from reader.ingest.safe_text import make_safe

    return make_safe(text)


def visible_name(path: object) -> str:
    """A file name or path for one line of the UI: `visible`, and newlines and tabs shown too
    (reader.ingest.safe_text.make_safe_line)."""
    text = path if isinstance(path, str) else str(path)
    if text.isprintable():
        return text
    from reader.ingest.safe_text import make_safe_line

    return make_safe_line(text)


#: How each kind of problem is named in the table.
PROBLEM_LABELS = {"error": "skipped", "warning": "warning", "failed": "failed"}


def problems_summary(problems: Sequence[Problem], always: bool = False) -> str:
    """``1 skipped, 2 with warnings, 1 feed failed``: the kinds there are (skipped and warnings
    even when none, with ``always``)."""
    counts = {kind: sum(1 for problem in problems if problem.severity == kind) for kind in PROBLEM_LABELS}
    parts = [f"{counts['error']:,} skipped"] if counts["error"] or always else []
    parts += [f"{counts['warning']:,} with warnings"] if counts["warning"] or always else []
    if counts["failed"]:
        parts.append(f"{counts['failed']:,} feed{'s' if counts['failed'] != 1 else ''} failed")
    return ", ".join(parts)
