"""Named entities in news text: a gazetteer + rules recogniser, offline, no statistical model.

``find_entities(text)`` returns sorted, non-overlapping ``Entity(start, end, text, label, canonical)``
with ``text[start:end] == entity.text``. It is deterministic, thread-safe (the word lists are loaded
once, under a lock, on first use and only read afterwards), linear in the text's size, and never
raises. ``canonical_key`` and ``resolve_aliases`` merge spellings across a collection.

Labels and span conventions (CoNLL-2003 / OntoNotes style, so that other people's gold agrees):

- PERSON: the name only. Titles, roles and honorifics stay out ("President [Vladimir Putin]",
  "Ayatollah [Seyyed Ali Khamenei]", "Mr. [Xi Jinping]"); "Seyyed" is a name element and stays in.
  A surname after a full name is the same person ("Peskov" → canonical "Dmitry Peskov").
  In "the Trump administration" only "Trump" is tagged, as PERSON.
- ORG: institutions, companies, parties, media and agencies, including a nationality or place in
  front of an organisation head ("[Iranian Foreign Ministry]", "[Iran-Russia Joint Economic
  Cooperation Committee]"); "Kremlin", "White House" and "Pentagon" are ORG.
- PLACE: countries, cities, regions and geographic features (LOC + GPE). "Iran-Russia ties" gives
  two places; "[Caspian Sea]", "[Gulf of Oman]".
- MISC: nationalities and other group adjectives ("Iranian", "Western"), treaties, agreements,
  named projects and events with a head word ("[North-South Corridor]", "[Comprehensive Strategic
  Agreement]", "[Astana Process]").
- DATE: calendar dates, months, weekdays, years, clock times and "last/this/next year|month|week"
  as written ("January 17, 2022", "2025-05-13", "Tuesday", "22:49", "this month").

Possessives and leading "The" stay outside spans ("[Iran]’s"). Sentence-initial capitals, all-caps
headlines and datelines are looked up rather than trusted.
"""

from typing import TYPE_CHECKING

from .model import LABELS, Entity, Label

if TYPE_CHECKING:
    from .canonical import canonical_key, resolve_aliases
    from .recognise import find_entities

# The recogniser and the gazetteer load on first use (``from reader.entities import find_entities``
# loads them then): the app's first frame needs only the labels.
_LAZY = {"canonical_key": ".canonical", "resolve_aliases": ".canonical", "find_entities": ".recognise"}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


__all__ = ["LABELS", "Entity", "Label", "canonical_key", "find_entities", "resolve_aliases"]
