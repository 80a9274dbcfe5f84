"""Curated word lists, loaded once on first use and then only read (so sharing them across threads is safe)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from .model import Label

_DATA = Path(__file__).parent / "data"  # package data, installed as plain files
_LOCK = threading.Lock()
_LOADED: Gazetteer | None = None

# File → label for exact names. Later files win, so an organisation beats a place of the same name.
_NAME_FILES: tuple[tuple[str, Label], ...] = (
    ("demonyms.txt", "MISC"),
    ("events.txt", "MISC"),
    ("regions.txt", "PLACE"),
    ("cities.txt", "PLACE"),
    ("countries.txt", "PLACE"),
    ("organisations.txt", "ORG"),
)


@dataclass(frozen=True, slots=True)
class Gazetteer:
    names: dict[str, Label]  # exact spelling → label
    folded_names: dict[str, str]  # casefolded spelling → exact spelling, for all-caps text
    max_name_words: int
    aliases: dict[str, str]  # spelling → canonical name
    variants: dict[str, str]  # given-name spelling → preferred spelling
    first_names: frozenset[str]
    surnames: frozenset[str]
    public_figures: frozenset[str]
    titles: frozenset[str]  # casefolded, single-spaced
    max_title_words: int
    org_heads: frozenset[str]
    place_heads: frozenset[str]
    misc_heads: frozenset[str]
    non_names: frozenset[str]
    common_words: frozenset[str]
    acronym_stoplist: frozenset[str]


def _lines(name: str) -> list[str]:
    text = (_DATA / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _pairs(name: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for line in _lines(name):
        alias, _, canonical = line.partition("\t")
        if canonical:
            pairs[alias.strip()] = canonical.strip()
    return pairs


def _load() -> Gazetteer:
    names: dict[str, Label] = {}
    for file_name, label in _NAME_FILES:
        for line in _lines(file_name):
            names[line] = label
    folded: dict[str, str] = {}
    for name in names:
        folded.setdefault(name.casefold(), name)
    titles = frozenset(" ".join(t.casefold().split()) for t in _lines("titles.txt"))
    return Gazetteer(
        names=names,
        folded_names=folded,
        max_name_words=max(len(n.split()) for n in names),
        aliases=_pairs("aliases.tsv"),
        variants=_pairs("variants.tsv"),
        first_names=frozenset(_lines("first_names.txt")),
        surnames=frozenset(_lines("surnames.txt")) | frozenset(_lines("public_figures.txt")),
        public_figures=frozenset(_lines("public_figures.txt")),
        titles=titles,
        max_title_words=max(len(t.split()) for t in titles),
        org_heads=frozenset(_lines("org_heads.txt")),
        place_heads=frozenset(_lines("place_heads.txt")),
        misc_heads=frozenset(_lines("misc_heads.txt")),
        non_names=frozenset(_lines("non_names.txt")),
        common_words=frozenset(_lines("common_words.txt")),
        acronym_stoplist=frozenset(_lines("acronym_stoplist.txt")),
    )


def gazetteer() -> Gazetteer:
    """The shared, read-only gazetteer; the first caller pays the (few ms) load."""
    global _LOADED
    loaded = _LOADED
    if loaded is None:
        with _LOCK:
            if _LOADED is None:
                _LOADED = _load()
            loaded = _LOADED
    return loaded
