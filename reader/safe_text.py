"""Make untrusted article text safe to put on a terminal, one character for one.

Control characters become the visible Unicode "control pictures" (ESC → ␛) and
bidirectional overrides/isolates become a visible marker, so escape sequences and
bidi tricks can't reach the terminal or reorder the UI. The replacement is one
character for one so offsets computed on the text (matches, entities) stay valid.
"""

from __future__ import annotations

import re

_BIDI_MARK = "\u2e2e"  # ⸮ — visible, neutral, never a direction control
_C0 = {code: chr(0x2400 + code) for code in range(0x20) if code not in (0x09, 0x0A)}
_C0[0x7F] = "\u2421"  # ␡
_C1 = {code: "\ufffd" for code in range(0x80, 0xA0)}
_BIDI = {code: _BIDI_MARK for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)}
_TABLE = {**_C0, **_C1, **_BIDI}
_UNSAFE = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_TABLE)) + "]")


def make_safe(text: str) -> str:
    """``text`` with every control and bidi-control character replaced by a visible one."""
    if _UNSAFE.search(text) is None:
        return text
    return text.translate(_TABLE)
