"""TOML as the config file spells it: keys and strings written safely, and the line a key is set on.

Problems name the line of the key they are about, so users go straight to it; the same spelling of
keys serves the messages and the rendered config file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

_BARE_KEY = r"[A-Za-z0-9_-]+"
_KEY_PART = rf"\s*(?:\"(?:[^\"\\]|\\.)*\"|'[^']*'|{_BARE_KEY})\s*"
_ASSIGNMENT = re.compile(rf"\A({_KEY_PART}(?:\.{_KEY_PART})*)=")
_HEADER = re.compile(rf"\A\[\[?({_KEY_PART}(?:\.{_KEY_PART})*)\]")
_BARE_KEY_NAME = re.compile(_BARE_KEY)
# A quoted part never opens right after a backslash, so each quote is scanned from at most once.
_DOTTED_PART = re.compile(rf"(?<!\\)\"(?:[^\"\\]|\\.)*\"|'[^']*'|{_BARE_KEY}")


def _key_parts(dotted: str) -> list[str]:
    parts = _DOTTED_PART.findall(dotted)
    return [_unquote(p) for p in parts]


def _unquote(part: str) -> str:
    if part.startswith('"'):
        try:
            unquoted: str = json.loads(part)
            return unquoted
        except ValueError:
            return part[1:-1]
    if part.startswith("'"):
        return part[1:-1]
    return part


def key_line(lines: list[str], key: str) -> int | None:
    """The line where ``key`` (as in messages: "sidebar_width", "highlight.PERSON",
    "keys.app.quit") is set, by scanning for ``key =`` under its table;
    failing that, the line of its nearest parent. None if not found."""
    target = key
    found: dict[str, int] = {}
    table: list[str] = []
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        header = _HEADER.match(line)
        if header:
            table = _key_parts(header.group(1))
            found.setdefault(".".join(table), number)
            continue
        assignment = _ASSIGNMENT.match(line)
        if assignment:
            parts = table + _key_parts(assignment.group(1))
            for end in range(len(table) + 1, len(parts) + 1):  # a.b.c = 1 also sets a and a.b
                found.setdefault(".".join(parts[:end]), number)
    candidate = target
    while candidate:
        if candidate in found:
            return found[candidate]
        candidate = candidate.rpartition(".")[0]
    return None


def toml_key(key: str) -> str:
    return key if _BARE_KEY_NAME.fullmatch(key) else toml_string(key)


def toml_array(items: Iterable[str]) -> str:
    return "[" + ", ".join(toml_string(item) for item in items) + "]"


def toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[ch])
        elif 0xD800 <= code <= 0xDFFF:
            out.append("\ufffd")  # a lone surrogate cannot be written in TOML
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


_SHORT_ESCAPES = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
