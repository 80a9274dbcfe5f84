"""What the app shows of entities, computed from the recogniser's output: no Textual here.

Offsets: the reading pane highlights spans over ``article.text`` itself (it wraps that string
into ``(start, end)`` line offsets and only swaps tabs and other blanks for spaces, one
character for one), and ``collection_entities`` finds entities in ``article.text``. So entity
offsets *are* pane offsets; ``pane_spans`` passes them through and nothing needs converting.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from reader.entities import LABELS, Entity, Label

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


def articles_by_canonical(per_article: Sequence[Iterable[Entity]] | Mapping) -> dict[str, set]:
    """Canonical name → the articles mentioning it (list indices, or the mapping's keys), any label."""
    items = per_article.items() if isinstance(per_article, Mapping) else enumerate(per_article)
    mapping: dict[str, set] = {}
    for key, entities in items:
        for entity in entities:
            mapping.setdefault(entity.canonical, set()).add(key)
    return mapping


def entity_query(canonical: str) -> str:
    """The filter text selecting the articles that mention ``canonical``: ``entity:"Sergei Lavrov"``.

    The filter language has no escape inside quotes, so a quote in a name becomes a space
    (the filter compares words, so this changes nothing it matches on).
    """
    return f'entity:"{" ".join(canonical.replace(chr(34), " ").split())}"'


def query_entity(query: str) -> str | None:
    """The name in a filter that is exactly one ``entity:"…"`` term, else None."""
    text = query.strip()
    prefix = 'entity:"'
    if text[: len(prefix)].lower() != prefix or not text.endswith('"') or len(text) <= len(prefix):
        return None
    name = text[len(prefix) : -1]
    return name if name.strip() and '"' not in name else None


class MentionCursor:
    """Steps through one entity's mentions with n/N, wrapping at either end."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self.spans = list(spans)
        self.position: int | None = None  # index into ``spans`` of the mention shown last

    def __len__(self) -> int:
        return len(self.spans)

    @property
    def current(self) -> tuple[int, int] | None:
        return self.spans[self.position] if self.position is not None else None

    def step(self, delta: int) -> tuple[int, int] | None:
        """The next (+1) or previous (-1) mention; the first n shows the first, the first N the last."""
        if not self.spans:
            return None
        if self.position is None:
            self.position = 0 if delta > 0 else len(self.spans) - 1
        else:
            self.position = (self.position + delta) % len(self.spans)
        return self.spans[self.position]


@dataclass
class EntityState:
    """The app's entity state: the collection's entities, enabled labels, the chosen entity.

    ``per_article`` stays None until the background entity pass delivers it; every query
    answers "nothing" until then, so callers need no special case for the first frames.
    It is a list by sidebar position (an in-memory corpus) or a mapping by article key
    (an index whose positions shift between snapshots: key by ``source.key(position)``).
    """

    per_article: list[list[Entity]] | dict[Hashable, list[Entity]] | None = None
    enabled: set[str] = field(default_factory=lambda: set(LABELS))
    chosen: tuple[str, str] | None = None  # (label, canonical) picked in the panel
    _by_canonical: dict[str, set[int]] = field(default_factory=dict, repr=False)

    @property
    def ready(self) -> bool:
        return self.per_article is not None

    def set_entities(self, per_article: list[list[Entity]] | dict[Hashable, list[Entity]]) -> None:
        self.per_article = per_article
        self._by_canonical = articles_by_canonical(per_article)

    def entities_of(self, index: Hashable | None) -> list[Entity]:
        """One article's entities by position (list) or key (mapping); [] when unknown."""
        if self.per_article is None or index is None:
            return []
        if isinstance(self.per_article, Mapping):
            return self.per_article.get(index, [])
        if isinstance(index, int) and 0 <= index < len(self.per_article):
            return self.per_article[index]
        return []

    def toggle(self, label: str) -> bool:
        """Switch one label's highlighting; returns whether it is on now."""
        if label in self.enabled:
            self.enabled.discard(label)
            return False
        self.enabled.add(label)
        return True

    def spans(self, index: int | None) -> list[Span]:
        return pane_spans(self.entities_of(index), self.enabled)

    def summary(self, index: int | None) -> dict[Label, list[EntityCount]]:
        return summarise(self.entities_of(index))

    def mentions(self, index: int | None) -> MentionCursor:
        """A cursor over the chosen entity's mentions in article ``index`` (empty if none chosen)."""
        if self.chosen is None:
            return MentionCursor([])
        label, canonical = self.chosen
        return MentionCursor(mention_spans(self.entities_of(index), canonical, label))

    def articles_mentioning(self, canonical: str) -> list[int]:
        """Ascending article indices (the sidebar's order) that mention ``canonical``."""
        return sorted(self._by_canonical.get(canonical, ()))

    def positions_for_query(self, query: str) -> list[int] | None:
        """The filter result when ``query`` is exactly ``entity:"<canonical>"`` and entities are known.

        None otherwise, so the general filter handles it.
        """
        name = query_entity(query)
        if name is None or self.per_article is None:
            return None
        exact = self._by_canonical.get(name)
        if exact is None:  # typed by hand: match canonical names case- and space-insensitively
            wanted = " ".join(name.split()).casefold()
            exact = set().union(*(
                indices for canonical, indices in self._by_canonical.items()
                if " ".join(canonical.split()).casefold() == wanted
            ))
        return sorted(exact)
