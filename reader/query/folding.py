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


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _without_marks(run: re.Match) -> str:
    """Drop combining marks (category M*) from a run of non-ASCII characters."""
    return "".join(char for char in run.group() if unicodedata.category(char)[0] != "M")


def fold(text: str) -> str:
    """Casefold, decompose (NFKD) and drop combining marks. ASCII takes a fast path."""
    if text.isascii():
        return text.lower()
    # Marks only ever sit in non-ASCII runs, so only those are looked at (news text is mostly ASCII).
    return _NON_ASCII.sub(_without_marks, unicodedata.normalize("NFKD", text.casefold()))


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
