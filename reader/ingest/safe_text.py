"""Make untrusted article text safe to put on a terminal, one character for one.

Control characters become the visible Unicode "control pictures" (ESC → ␛) and
bidirectional overrides/isolates become a visible marker, so escape sequences and
bidi tricks can't reach the terminal or reorder the UI. Lone surrogates (the bytes of
a file name that is not UTF-8, as os.fsdecode holds them) become U+FFFD: they can't
be encoded for the terminal at all. The replacement is one
character for one so offsets computed on the text (matches, entities) stay valid.
"""

from __future__ import annotations

import re

_BIDI_MARK = "\u2e2e"  # ⸮ — visible, neutral, never a direction control
_C0 = {code: chr(0x2400 + code) for code in range(0x20) if code not in (0x09, 0x0A)}
_C0[0x7F] = "\u2421"  # ␡
_C1 = {code: "\ufffd" for code in range(0x80, 0xA0)}
_BIDI = {code: _BIDI_MARK for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)}
_SURROGATES = {code: "\ufffd" for code in range(0xD800, 0xE000)}
_TABLE = {**_C0, **_C1, **_BIDI, **_SURROGATES}
_LINE_TABLE = {**_TABLE, 0x0A: "\u240a", 0x09: "\u2409"}  # ␊ ␉
_UNSAFE = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted({**_C0, **_C1, **_BIDI})) + "\ud800-\udfff]")


def make_safe(text: str) -> str:
    """``text`` with every control and bidi-control character replaced by a visible one."""
    if _UNSAFE.search(text) is None:
        return text
    return text.translate(_TABLE)


def make_safe_line(text: str) -> str:
    """`make_safe`, and line breaks and tabs shown too: for a file name or a message that must
    stay on one line (a file name can hold a newline)."""
    return text.translate(_LINE_TABLE)
