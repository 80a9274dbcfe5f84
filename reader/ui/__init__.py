"""The terminal UI (Textual)."""

from __future__ import annotations


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
