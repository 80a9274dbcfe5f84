"""What the app shows of entities, computed from the recogniser's output: no Textual here.

Offsets: the reading pane highlights spans over ``article.text`` itself (it wraps that string
into ``(start, end)`` line offsets and only swaps tabs and other blanks for spaces, one
character for one), and ``collection_entities`` finds entities in ``article.text``. So entity
offsets *are* pane offsets; ``pane_spans`` passes them through and nothing needs converting.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from reader.entities import LABELS, Entity, Label
from reader.query.editing import TERM, narrowed

Span = tuple[int, int, str]

#: The highlight kind of the mention n/N jumped to, styled apart from the label kinds.
CURRENT_MENTION = "current-mention"


@dataclass(frozen=True, slots=True)
class EntityCount:
    """One entity of an article and how often it is mentioned there."""

    label: Label
    canonical: str
    count: int


def summarise(entities: Iterable[Entity]) -> dict[Label, list[EntityCount]]:
    """Mentions grouped by label (in ``LABELS`` order), then by canonical name, most mentioned first.

    Ties go alphabetically (case-insensitively) so the panel's order is stable.
    """
    counts = Counter((entity.label, entity.canonical) for entity in entities)
    groups: dict[Label, list[EntityCount]] = {}
    for label in LABELS:
        names = [(canonical, count) for (found, canonical), count in counts.items() if found == label]
        if names:
            names.sort(key=lambda item: (-item[1], item[0].casefold(), item[0]))
            groups[label] = [EntityCount(label, canonical, count) for canonical, count in names]
    return groups


def pane_spans(entities: Iterable[Entity], enabled: Collection[str]) -> list[Span]:
    """Highlight spans ``(start, end, label)`` of the mentions whose label is enabled."""
    return [(entity.start, entity.end, entity.label) for entity in entities if entity.label in enabled]


def mention_spans(entities: Iterable[Entity], canonical: str, label: str | None = None) -> list[tuple[int, int]]:
    """Where one entity is mentioned, in text order, for n/N. ``label`` None: any label."""
    return sorted(
        (entity.start, entity.end)
        for entity in entities
        if entity.canonical == canonical and (label is None or entity.label == label)
    )


def search_pairs(entities: Iterable[Entity]) -> list[tuple[str, str]]:
    """Distinct ``(label, canonical)`` pairs, what ``SearchDoc.from_article(entities=...)`` takes."""
    return list(dict.fromkeys((entity.label, entity.canonical) for entity in entities))


def entity_query(canonical: str) -> str:
    """The filter text selecting the articles that mention ``canonical``: ``entity:"Sergei Lavrov"``.

    The filter language has no escape inside quotes, so a quote in a name becomes a space
    (the filter compares words, so this changes nothing it matches on).
    """
    return f'entity:"{" ".join(canonical.replace(chr(34), " ").split())}"'


#: The filter field that selects one kind of name (MISC has none of its own: entity: finds any).
FIELD_OF_LABEL = {"PERSON": "person", "ORG": "org", "PLACE": "place"}


def facet_term(label: str, name: str, exclude: bool = False) -> str:
    """The filter term for a name of the results: ``person:"Name"``, or ``-person:"Name"`` to exclude it."""
    quoted = " ".join(name.replace(chr(34), " ").split())
    return f'{"-" if exclude else ""}{FIELD_OF_LABEL.get(label, "entity")}:"{quoted}"'


def with_term(text: str, term: str) -> str:
    """The filter text with ``term`` added: once only, and in place of its opposite (including a
    name that was excluded takes the exclusion away, and the other way round). The rest keeps its
    meaning (`reader.query.editing.narrowed`): the term narrows all of it."""
    opposite = term[1:] if term.startswith("-") else f"-{term}"
    pieces, at = [], 0
    for match in TERM.finditer(text):
        if match.group() in (term, opposite):
            pieces.append(text[at : match.start()].strip())
            at = match.end()
    rest = " ".join(piece for piece in (*pieces, text[at:].strip()) if piece)
    return narrowed(rest, term, text)


@dataclass
class EntityChoices:
    """What the user chose: the labels highlighted (keys 1–5, the legend) and the entity picked
    in the panel (``(label, canonical)``; n/N step through its mentions)."""

    enabled: set[str] = field(default_factory=lambda: set(LABELS))
    chosen: tuple[str, str] | None = None

    def toggle(self, label: str) -> bool:
        """Switch one label's highlighting; returns whether it is on now."""
        if label in self.enabled:
            self.enabled.discard(label)
            return False
        self.enabled.add(label)
        return True
