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


def _without_marks(run: re.Match[str]) -> str:
    """Drop combining marks (category M*) from a run of non-ASCII characters."""
    return "".join(char for char in run.group() if unicodedata.category(char)[0] != "M")


def fold(text: str) -> str:
    """Casefold, decompose (NFKD) and drop combining marks. ASCII takes a fast path.

    Decomposing can give capitals back ("𝐁𝐑𝐄𝐀𝐊𝐈𝐍𝐆", "ᴼ", "ℌ", "™" → "BREAKING", "O", "H", "TM"),
    so those are casefolded once more (what FTS5 does with them too)."""
    if text.isascii():
        return text.lower()
    folded = unicodedata.normalize("NFKD", text.casefold())
    if folded != (again := folded.casefold()):
        folded = unicodedata.normalize("NFKD", again)
    # Marks only ever sit in non-ASCII runs, so only those are looked at (news text is mostly ASCII).
    return _NON_ASCII.sub(_without_marks, folded)


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


# ----- handing text to SQLite FTS5 --------------------------------------------------------
#
# The index's FTS5 table uses tokenize="unicode61 remove_diacritics 2", which folds case and
# accents itself, much faster than fold() in Python. For most characters the result is the
# same tokens as fold() + TOKEN. It was compared character by character (each code point as
# "a<c>b <c>") against SQLite 3.40's unicode61: the characters below agree (ASCII, Latin-1,
# Latin Extended-A/B, IPA, Greek, most Cyrillic, punctuation, symbols and arrows). Text
# containing anything else (ß, ligatures, ½, superscripts, й, other scripts, unassigned code
# points ...) is folded in Python first, after which unicode61 leaves it alone.
#
# Known residual differences (documented, not fixed): in scripts SQLite's Unicode tables know
# differently from Python's (e.g. some Indic vowel signs, letters added after Unicode 6.1),
# unicode61 may split a word where TOKEN does not, or the reverse; a search for such a word
# may then miss in the index while the in-memory matcher finds it. A word holding such characters is
# searched as a phrase (see fts_may_split), so that it never is an error.
_FTS_SAFE = (
    "\u0080-\u00a9\u00ab-\u00b1\u00b4-\u00b8\u00bb\u00bf-\u00de\u00e0-\u0131\u0134-\u013e\u0141-\u0148"
    "\u014a-\u01c3\u01cd-\u01df\u01e4-\u01ed\u01f0\u01f4-\u01fb\u0200-\u02af\u02b9-\u02df\u02e5-\u0304"
    "\u0306-\u030c\u030f\u0311\u031b\u0323-\u0328\u032d-\u032e\u0330-\u0331\u0370-\u0373\u0375-\u0377"
    "\u037b-\u037e\u0384-\u0385\u0387\u0391-\u03a1\u03a3-\u03a9\u03b1-\u03c9\u03cf-\u03d1\u03d5-\u03f1"
    "\u03f3-\u03f8\u03fa-\u03ff\u0402\u0404-\u0406\u0408-\u040b\u040f-\u0418\u041a-\u0438\u043a-\u044f"
    "\u0452\u0454-\u0456\u0458-\u045b\u045f-\u0475\u0478-\u0482\u048a-\u04c0\u04c3-\u04cf\u04d4-\u04d5"
    "\u04d8-\u04d9\u04e0-\u04e1\u04e8-\u04e9\u04f6-\u04f7\u04fa-\u0527\u0529\u052b\u052d\u052f\u2000-"
    "\u2064\u206a-\u206f\u207a-\u207e\u208a-\u208e\u20a0-\u20a7\u20a9-\u20b9\u2104\u2108\u2114\u2117-"
    "\u2118\u211e-\u211f\u2123\u2125-\u2127\u2129-\u212b\u212e\u2132\u213a\u2140-\u2144\u214a-\u214f"
    "\u2180-\u2188\u2190-\u23f3\u2400-\u2426\u2440-\u244a\u24eb-\u26ff\u2701-\u2b4c\u2b50-\u2b59"
)
_NEEDS_PYTHON_FOLD = re.compile(f"[^\\x00-\\x7f{_FTS_SAFE}]")


def fold_for_index(text: str) -> str:
    """``text`` as handed to FTS5: unchanged when unicode61 folds it exactly as `fold` would."""
    if text.isascii() or _NEEDS_PYTHON_FOLD.search(text) is None:
        return text
    return fold(text)


def fts_may_split(word: str) -> bool:
    """Whether FTS5 may read a folded token as several (characters its Unicode tables know
    differently, e.g. New Tai Lue vowel signs, which it takes for separators): such a word is
    searched as a phrase, which only the index table with positions can answer."""
    return not word.isascii() and _NEEDS_PYTHON_FOLD.search(word) is not None
