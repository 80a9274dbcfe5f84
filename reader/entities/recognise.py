"""find_entities: scan once, label chunks, then make the document agree with itself."""

from __future__ import annotations

import functools

from .canonical import canonical_name, canonical_person
from .gazetteer import gazetteer
from .model import Entity, Label
from .rules import _SURNAME_FIRST, ChunkLabeller, Span, Unknown
from .tokens import PLACE_NOUNS_AFTER, PLACE_PREPOSITIONS, SPEECH_VERBS, scanner

_OPENERS = frozenset(" \t\"“”‘’'([*")
_SENTENCE_ENDS = frozenset(".!?\n:;…")
_ADVERBS_BEFORE_VERB = frozenset(
    [
        "also",
        "further",
        "later",
        "then",
        "again",
        "has",
        "had",
        "have",
        "was",
        "is",
        "recently",
        "previously",
    ]
)


@functools.cache
def _labeller() -> ChunkLabeller:
    return ChunkLabeller(gazetteer())


def find_entities(text: str) -> list[Entity]:
    """All entity mentions in ``text``, sorted and non-overlapping. Never raises."""
    if not isinstance(text, str) or not text:
        return []
    try:
        return recognise(text)
    except Exception:  # noqa: BLE001 - the last line of defence: a reading pane must never fail on odd text
        return []


def _sentence_initial(text: str, position: int) -> bool:
    j = position - 1
    stop = max(-1, position - 8)
    while j > stop and text[j] in _OPENERS:
        j -= 1
    return j < 0 or text[j] in _SENTENCE_ENDS or j == stop


def recognise(text: str) -> list[Entity]:
    labeller = _labeller()
    gaz = labeller.gaz
    spans: list[Span] = []
    unknown: list[Unknown] = []
    label_chunk = labeller.label_chunk
    for match in scanner().finditer(text):
        start, end = match.span()
        if match.lastgroup == "date":
            spans.append((start, end, "DATE"))
        else:
            label_chunk(text, start, end, _sentence_initial(text, start), spans, unknown)

    # Document consistency: a surname after a full name is that person; a name labelled once keeps its label.
    full_names: dict[str, str] = {}
    middle_names: dict[str, str] = {}
    label_of: dict[str, Label] = {}
    for start, end, label in spans:
        if label == "DATE":
            continue
        name = text[start:end]
        label_of.setdefault(name, label)
        if label == "PERSON":
            parts = name.split()
            if len(parts) > 1:
                for token in (parts[-1], parts[0]) if parts[0] in _SURNAME_FIRST else (parts[-1],):
                    known = full_names.get(token)
                    if known is None or len(known) < len(name):
                        full_names[token] = name
                for token in parts[1:-1]:  # "Faki" of "Moussa Faki Mahamat"
                    if len(token) > 3 and token[0].isupper() and not token.endswith("."):
                        middle_names.setdefault(token, name)
    for token, name in middle_names.items():
        full_names.setdefault(token, name)
    if full_names:
        for index, (start, end, label) in enumerate(spans):
            if label in ("PLACE", "ORG") and text[start:end] in full_names and text[start:end] in gaz.surnames:
                spans[index] = (start, end, "PERSON")
    for start, end, sentence_initial in unknown:
        name = text[start:end]
        if name in full_names:
            spans.append((start, end, "PERSON"))
            continue
        known_label = label_of.get(name)
        if known_label is not None:
            spans.append((start, end, known_label))
            continue
        if sentence_initial and labeller.is_common(name):
            continue
        cue = _context_label(text, start, end, name, labeller)
        if cue is not None:
            spans.append((start, end, cue))

    spans.sort()
    entities: list[Entity] = []
    last_end = 0
    for start, end, label in spans:
        if start < last_end or start >= end:
            continue
        name = text[start:end]
        if label == "PERSON":
            canonical = canonical_person(full_names.get(name, name), gaz)
        else:
            canonical = canonical_name(name, label, gaz)
        entities.append(Entity(start, end, name, label, canonical))
        last_end = end
    return entities


def _context_label(text: str, start: int, end: int, name: str, labeller: ChunkLabeller) -> Label | None:
    """Weak cues for a capitalised word nothing else explains."""
    if not all(labeller._name_shaped(word) for word in name.split()):
        return None
    after = text[end : end + 40].split(None, 3)
    if after:
        following = after[0].strip(",")
        if following in _ADVERBS_BEFORE_VERB and len(after) > 1:
            following = after[1]
        if following.rstrip(".,;:") in SPEECH_VERBS and len(name.split()) <= 3:
            return "PERSON"
    if text.startswith("-based", end):  # "Wolfsburg-based"
        return "PLACE"
    if after and after[0] in PLACE_NOUNS_AFTER:
        return "PLACE"
    before = text[max(0, start - 20) : start].split()
    if before and before[-1] in PLACE_PREPOSITIONS and " " not in name:
        return "PLACE"
    if len(before) > 1 and before[-1] == "of" and before[-2] in PLACE_NOUNS_AFTER:  # "the town of Pokrovsk"
        return "PLACE"
    if text.startswith(", ", end):  # "Springfield, Illinois"
        tail = text[end + 2 : end + 40]
        for stop in ",.;:\n)":
            tail = tail.split(stop, 1)[0]
        if labeller.gaz.names.get(tail.strip()) == "PLACE":
            return "PLACE"
    return None
