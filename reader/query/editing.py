"""Adding terms to filter text the user typed, without changing what the rest of it means.

The panels that write the filter (the timeline's dates, the entities panel's names) add a term
to whatever is in the bar, which may be half-written and not parse yet; so the text is split the
way the parser splits it (`reader.query.parser`) but never rejected. Two rules keep the typed part
meaning what it meant: a top-level OR is put in parentheses (``a OR b x`` would be ``a OR (b x)``),
and the new terms go first when the text ends in a bare word, which the filter matches as a
prefix only while it is the last term ("energ" while typing).
"""

from __future__ import annotations

import re

#: A term as the parser splits it: a phrase, a parenthesis, or a word, with a quoted value when
#: it is a field name and its colon (``person:"Ann Lee"``: a name of letters the parser takes
#: only as a field; ``OR"a"``, ``a:b:"c"`` and ``x-1:"c"`` are two terms). An unclosed quote runs
#: to the end, as the user is still typing it.
TERM = re.compile(r'-*"[^"]*"?|[()]|-*[^\W\d_]+:"[^"]*"?|[^\s()"]+')

#: Fields whose values the parser never takes as a prefix.
_EXACT_FIELDS = ("after", "before", "date", "is")


def split_terms(text: str) -> list[str]:
    """The terms of ``text``, in order (never raises: the text may not parse)."""
    return TERM.findall(text)


def has_top_level_or(terms: list[str]) -> bool:
    """Whether an OR stands outside every parenthesis, joining alternatives of the whole text."""
    depth = 0
    for term in terms:
        depth += {"(": 1, ")": -1}.get(term, 0)
        if term == "OR" and depth <= 0:
            return True
    return False


def ends_in_prefix(terms: list[str]) -> bool:
    """Whether the last term is a bare word, which the filter matches as a prefix."""
    last = next((term for term in reversed(terms) if term != ")"), "")
    if not last or last in ("OR", "AND", "(") or last.startswith(('"', "-")):
        return False
    name, colon, value = last.partition(":")
    return not (colon and name and (name.lower() in _EXACT_FIELDS or value.startswith('"')))


def narrowed(rest: str, terms: str, typed: str) -> str:
    """``rest`` (what is kept of the ``typed`` text) narrowed by ``terms``: ANDed with all of it,
    and leaving the word typed last a prefix if it was one."""
    rest = rest.strip()
    if not rest:
        return terms
    if has_top_level_or(split_terms(rest)):
        rest = f"({rest})"
    return f"{terms} {rest}" if ends_in_prefix(split_terms(typed)) else f"{rest} {terms}"
