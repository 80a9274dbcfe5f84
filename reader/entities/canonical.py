"""Canonical names: one spelling per entity, within a document and across the collection."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from .gazetteer import Gazetteer, gazetteer

# Honorific name elements dropped from canonical person names, so that "Seyyed Ebrahim Raisi"
# and "Ebrahim Raisi" meet. They stay in the mention's span.
_HONORIFIC_ELEMENTS = frozenset(
    [
        "Seyyed",
        "Seyed",
        "Sayyid",
        "Sayed",
        "Sayyed",
        "Sheikh",
    ]
)
_VOWELS = str.maketrans("", "", "aeiouy")


def tidy(name: str) -> str:
    """Straight apostrophes, single spaces, no trailing full stop after a plain word."""
    name = " ".join(name.replace("’", "'").replace("‘", "'").split())
    return name


def canonical_person(name: str, gaz: Gazetteer) -> str:
    words = tidy(name).split(" ")
    words = [gaz.variants.get(w, w) for w in words]
    while len(words) > 2 and words[0] in _HONORIFIC_ELEMENTS:
        words = words[1:]
    return " ".join(words)


def canonical_name(name: str, label: str, gaz: Gazetteer) -> str:
    if label == "PERSON":
        return canonical_person(name, gaz)
    name = tidy(name)
    if label == "DATE":
        return name
    if name.isupper() and name not in gaz.names:  # "TEHRAN" → "Tehran"; "NATO" stays
        name = gaz.folded_names.get(name.casefold(), name)
    return gaz.aliases.get(name, name)


def _fold(name: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", name)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(c if c.isalnum() else " " for c in kept.casefold()).split()


def canonical_key(name: str) -> str:
    """A loose key under which spelling variants meet: "Sergey Lavrov" and "Sergei Lavrov", "U.S." and "US".

    Diacritics, case, punctuation and (after the first letter of each word) vowels are ignored, so
    transliterations such as Mohammad/Muhammad agree. Compare keys only between entities of one label.
    """
    try:
        gaz = gazetteer()
        name = tidy(name)
        name = gaz.aliases.get(name, name)
        words = [gaz.variants.get(w, w) for w in name.split(" ")]
        while len(words) > 2 and words[0] in _HONORIFIC_ELEMENTS:
            words = words[1:]
        key_words = []
        for word in _fold(" ".join(words).replace(".", "")):
            skeleton = word[0] + word[1:].translate(_VOWELS)
            squeezed = "".join(c for i, c in enumerate(skeleton) if i == 0 or c != skeleton[i - 1])
            key_words.append(squeezed)
        return " ".join(key_words)
    except Exception:  # noqa: BLE001 - never let a key break a caller's grouping
        return name if isinstance(name, str) else ""


def resolve_aliases(names: Iterable[str]) -> dict[str, str]:
    """Map each canonical person name of a collection to one representative.

    Variant spellings meet by ``canonical_key``; a bare surname ("Putin") joins the one full name
    that ends with it, when exactly one does. The longest, then most frequent, spelling represents a group.
    """
    names = [n for n in names if isinstance(n, str) and n]
    counts: dict[str, int] = {}
    for name in names:
        counts[name] = counts.get(name, 0) + 1
    groups: dict[str, list[str]] = {}
    for name in counts:
        groups.setdefault(canonical_key(name), []).append(name)
    representative = {}
    for members in groups.values():
        best = max(members, key=lambda n: (len(n.split()), counts[n], n))
        for member in members:
            representative[member] = best
    by_last: dict[str, set[str]] = {}
    for key, members in groups.items():
        words = key.split(" ")
        if len(words) > 1:
            by_last.setdefault(words[-1], set()).add(representative[members[0]])
    for key, members in groups.items():
        if " " not in key and len(by_last.get(key, ())) == 1:
            (full,) = by_last[key]
            for member in members:
                representative[member] = full
    return representative
