"""Case- and accent-insensitive text: one folding shared by the parser, the matcher and the index.

Everything that compares text goes through `fold`, so "Résumé", "RESUME" and "resume"
are the same word wherever they are compared (in memory or in SQLite FTS5).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# A token is a run of letters and digits; everything else separates tokens.
# This agrees with FTS5's unicode61 tokenizer on folded text.
TOKEN = re.compile(r"[^\W_]+")


@lru_cache(maxsize=1)
def _marks() -> re.Pattern[str]:
    """All combining marks (category M*). Built once, lazily: ~25 ms."""
    ranges: list[tuple[int, int]] = []
    for code in list(range(0x20000)) + list(range(0xE0100, 0xE01F0)):
        if unicodedata.category(chr(code))[0] == "M":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    body = "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges
    )
    return re.compile(f"[{body}]+")


def fold(text: str) -> str:
    """Casefold, decompose (NFKD) and drop combining marks. ASCII takes a fast path."""
    if text.isascii():
        return text.lower()
    return _marks().sub("", unicodedata.normalize("NFKD", text.casefold()))


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    return fold(char)


def tokens(text: str) -> list[str]:
    """The folded tokens of ``text``, in order."""
    return TOKEN.findall(fold(text))


def token_string(text: str) -> str:
    """Folded tokens joined by single spaces, padded: ' iran russia ' for cheap phrase lookups."""
    found = tokens(text)
    return f" {' '.join(found)} " if found else " "


def folded_tokens_with_spans(text: str) -> list[tuple[str, int, int]]:
    """(folded token, start, end) with offsets into the ORIGINAL ``text``.

    Folding can change lengths (``ß`` → ``ss``, ``é`` → ``e`` + mark dropped), so each
    folded character remembers which original character it came from.
    """
    if text.isascii():
        return [(m.group().lower(), m.start(), m.end()) for m in TOKEN.finditer(text)]
    pieces: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = _fold_char(char)
        pieces.append(folded)
        origin.extend([index] * len(folded))
    origin.append(len(text))
    folded_text = "".join(pieces)
    spans = []
    for match in TOKEN.finditer(folded_text):
        start = origin[match.start()]
        end = max(origin[match.end()], origin[match.end() - 1] + 1)
        spans.append((match.group(), start, end))
    return spans
