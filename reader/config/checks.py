"""Checks of single config values (colours, key lists, date patterns) and how messages show values.

Each check answers None or the reason a value is unusable, so the loader can report it and keep
the default, and the app can check a value it is about to apply in the same words.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from datetime import date, datetime, time

MAX_DATE_CHARS = 24  # a formatted date must fit the sidebar's date column
SAMPLE_DATE = datetime(2024, 3, 5, 22, 49)

_MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
_HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
_THEME_VARIABLE = re.compile(r"\$[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_CSS_NAMES = frozenset(
    "black silver gray grey white maroon red purple fuchsia green lime olive yellow navy blue teal aqua "  # noqa: SIM905 - a word list reads best as words
    "orange pink gold brown cyan magenta violet indigo coral salmon crimson khaki tomato orchid plum "
    "turquoise skyblue steelblue slategray darkgray lightgray darkred darkgreen darkblue darkorange "
    "lightblue lightgreen hotpink deeppink chocolate tan beige ivory lavender transparent".split()
)
_STRFTIME = re.compile(r"%([-_0^#]?)(.?)", re.DOTALL)
_DIRECTIVES = frozenset("aAbBcCdDeFgGhHIjklmMnpPrRsStTuUVwWxXyYzZ%")
_DATE_DIRECTIVES = frozenset("aAbBcCdDeFgGhjmUuVwWxyY")


def is_colour(value: object) -> bool:
    """``#rgb``/``#rrggbb`` (with optional alpha), a colour name, or a theme variable like ``$accent``."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    if _HEX_COLOUR.fullmatch(text) or _THEME_VARIABLE.fullmatch(text) or text.lower() in _CSS_NAMES:
        return True
    if not text or len(text) > 64:
        return False
    try:  # every other CSS and ANSI name, rgb(), hsl(): Textual knows them
        from textual.color import Color

        Color.parse(text)
        return True
    except Exception:  # noqa: BLE001 - any failure means "not a colour"
        return False


def key_list_problem(value: object) -> str | None:
    """None if ``value`` is comma-separated keys ("j,down", "ctrl+q"), else why not."""
    expected = 'expected comma-separated keys like "j,down" or "ctrl+q"'
    if not isinstance(value, str):
        return f"{expected}, got {describe(value)}"
    for part in (p.strip() for p in value.split(",")):
        if not part:
            return f"{expected}, got {describe(value)} (an empty key)"
        if any(ch.isspace() for ch in part) or len(part) > 40:
            return f"{expected}, got {describe(value)} ({describe(part)} is not a key name)"
        if part != "+" and "+" in part:
            *modifiers, name = part.split("+")
            bad = [m for m in modifiers if m.lower() not in _MODIFIERS]
            if bad or not name:
                what = f"unknown modifier {describe(bad[0])}" if bad else "no key after the modifier"
                return f"{expected}, got {describe(value)} ({what}; modifiers are {', '.join(sorted(_MODIFIERS))})"
    return None


def date_format_problem(value: object) -> str | None:
    """None if ``value`` is a strftime pattern that formats a date to something short."""
    if not isinstance(value, str) or not value.strip():
        return f'expected a strftime pattern like "%Y-%m-%d" or "%d %b %Y", got {describe(value)}'
    letters: list[str] = []
    for match in _STRFTIME.finditer(value):
        letter = match.group(2)
        if letter not in _DIRECTIVES or not letter:
            what = 'a lone "%" at the end' if not letter else f'unknown directive "%{match.group(1)}{letter}"'
            return f"{what} in {describe(value)}; use directives like %Y, %m, %d, %b, %H:%M"
        letters.append(letter)
    if not _DATE_DIRECTIVES.intersection(letters):
        return f"{describe(value)} has no date directive (like %Y, %m or %d), so every date would look the same"
    try:
        sample = SAMPLE_DATE.strftime(value)
    except Exception as error:  # noqa: BLE001 - the C library's reasons vary
        return f"{describe(value)} cannot format a date: {error}"
    if len(sample) > MAX_DATE_CHARS or any(ch in sample for ch in "\n\r\t"):
        return (
            f"{describe(value)} formats {SAMPLE_DATE:%d %B %Y %H:%M} as {describe(sample)}: "
            f"too long for the sidebar (at most {MAX_DATE_CHARS} characters on one line)"
        )
    return None


def describe(value: object) -> str:
    """A value as the message shows it: strings quoted, TOML spelling for the rest."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:39] + "…"
        return json.dumps(shown, ensure_ascii=False)
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, (datetime, date, time)):
        return f"the date-time {value.isoformat()}"
    return type(value).__name__


def suggest(word: str, choices: Iterable[str]) -> str:
    import difflib  # only when there is a mistake to explain

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {describe(close[0])}?)" if close else ""
