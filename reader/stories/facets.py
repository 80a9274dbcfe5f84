"""Who is in the current results: entity counts over a set of articles, the entities that occur
with one of them, and how the articles spread over the months.

An article counts once per entity however often it names it. People are counted under the
collection's one spelling of each (the entity pass groups "Sergey Lavrov" with "Sergei Lavrov"),
which is also how `reader search` writes their names, so the counts agree with its records.

Counting is over arrays of small integers, one per article, chained in C: ~40 ns an entity
mention. A filter that keeps more than half the collection is counted as the whole minus what it
leaves out, so the worst case is half the collection's mentions.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain, compress

from reader.index.records import UNDATED

#: Labels in the order they are listed (what the entity pass stores; dates are not in the index).
FACET_LABELS = ("PERSON", "ORG", "PLACE", "MISC")

#: An entity as counted: (label, name).
Name = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Facet:
    """One entity and the number of articles (of those counted) that mention it."""

    label: str
    name: str
    articles: int


@dataclass
class EntityCounts:
    """The entities of each article of a collection, as small integers, ready to be counted.

    ``names[n]`` is entity number ``n``; ``of_article[position]`` the numbers of the article at
    that sidebar position (distinct, ascending). ``total`` counts every article, computed once."""

    names: list[Name]
    of_article: list[array[int]]
    _total: Counter[int] | None = field(default=None, repr=False)

    @classmethod
    def build(cls, names_by_id: dict[int, Name], entity_ids: Iterable[str | None]) -> EntityCounts:
        """From entity_names rows (id → (label, name)) and each article's stored ids ("12 345"),
        in sidebar order. Ids sharing a (label, name) become one number."""
        numbers: dict[Name, int] = {}
        number_of_id = {
            entity_id: numbers.setdefault(name, len(numbers)) for entity_id, name in sorted(names_by_id.items())
        }
        empty = array("i")
        of_article = []
        for text in entity_ids:
            if not text:
                of_article.append(empty)
                continue
            found = {number_of_id[i] for i in map(int, text.split()) if i in number_of_id}
            of_article.append(array("i", sorted(found)))
        return cls(list(numbers), of_article)

    def count(self, positions: Sequence[int]) -> Counter[int]:
        """How many of the articles at ``positions`` (ascending, distinct) have each entity number."""
        size = len(self.of_article)
        if len(positions) * 2 <= size:
            return Counter(chain.from_iterable(map(self.of_article.__getitem__, positions)))
        if self._total is None:
            self._total = Counter(chain.from_iterable(self.of_article))
        left_out = bytearray(b"\x01") * size
        for position in positions:
            left_out[position] = 0
        counts = self._total.copy()
        counts.subtract(chain.from_iterable(compress(self.of_article, left_out)))
        return +counts  # (drops the zeros)

    def facets(self, positions: Sequence[int], per_label: int | None = None) -> dict[str, list[Facet]]:
        """The entities of the articles at ``positions``, by label, most articles first (ties by name)."""
        return self._ranked(self.count(positions), per_label)

    def mentioned_with(
        self, name: Name, positions: Sequence[int], per_label: int | None = None
    ) -> tuple[int, dict[str, list[Facet]], list[int]]:
        """For one entity among the articles at ``positions``: how many mention it, the entities
        most often in the same articles (itself left out), and the positions of those articles."""
        try:
            number = self.names.index(name)
        except ValueError:
            return 0, {}, []
        having = [position for position in positions if number in self.of_article[position]]
        counts = Counter(chain.from_iterable(map(self.of_article.__getitem__, having)))
        counts.pop(number, None)
        return len(having), self._ranked(counts, per_label), having

    def _ranked(self, counts: Counter[int], per_label: int | None) -> dict[str, list[Facet]]:
        by_label: dict[str, list[Facet]] = {}
        for number, articles in counts.items():
            label, name = self.names[number]
            by_label.setdefault(label, []).append(Facet(label, name, articles))
        ranked = {}
        for label in (*FACET_LABELS, *sorted(set(by_label) - set(FACET_LABELS))):
            listed = by_label.get(label)
            if listed:
                listed.sort(key=lambda facet: (-facet.articles, facet.name.casefold(), facet.name))
                ranked[label] = listed if per_label is None else listed[:per_label]
        return ranked


def month_of(sort_key: int) -> str | None:
    """ "2024-12" for a sidebar row's packed date (reader.index.records.sort_key), None when
    undated. A date without its month is counted in January, the first month it may mean."""
    if sort_key == UNDATED:
        return None
    year_and_month = sort_key // (61 * 25 * 32)
    year, month = divmod(year_and_month, 13)
    return f"{year:04d}-{max(month, 1):02d}"


def by_month(sort_keys: Iterable[int]) -> dict[str, int]:
    """Articles per month ("2024-12": 3), oldest first, from their packed dates; undated left out."""
    counts = Counter(month for month in map(month_of, sort_keys) if month is not None)
    return dict(sorted(counts.items()))
