"""Who is in the current results: entity counts over a set of articles, the entities that occur
with one of them, and how the articles spread over the months.

An article counts once per entity however often it names it. People are counted under the
collection's one spelling of each (the entity pass groups "Sergey Lavrov" with "Sergei Lavrov"),
which is also how `reader search` writes their names, so the counts agree with its records.

Counting is over arrays of small integers, one per article, chained in C: ~40 ns an entity
mention. A filter that keeps more than half the collection is counted as the whole minus what it
leaves out, so the worst case is half the collection's mentions; the app also prepares bitsets of
the frequent names, which count a big result set at a few ms (see `EntityCounts`).
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain, compress, repeat

from reader.index.records import UNDATED

#: Labels in the order they are listed (what the entity pass stores; dates are not in the index).
FACET_LABELS = ("PERSON", "ORG", "PLACE", "MISC")

#: An entity as counted: (label, name).
Name = tuple[str, str]

#: `EntityCounts.prepare` gives a bitset to at most this many entities, each in at least one
#: article in FREQUENT_SHARE (and FREQUENT_FROM): at 100,000 articles ~1,000 bitsets of 12.5 KB,
#: which hold most of the mentions of a collection (the rarer names are the long tail).
MAX_BITSETS = 1000
FREQUENT_SHARE = 200
FREQUENT_FROM = 32
_AS_DIGITS = bytes.maketrans(b"\x00\x01", b"01")
_INVERTED = bytes.maketrans(b"\x00\x01", b"\x01\x00")


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
    that sidebar position (distinct, ascending).

    Counting chains the articles' arrays through a Counter (~40 ns a mention). For a view that
    counts again at every keystroke, `prepare` makes that ~10 times faster on big result sets:
    the most frequent entities (most of the mentions) get a bitset of the articles that have them
    (a Python int, one bit an article), and a result set is a bitset too, so each of their counts
    is one AND and a popcount; only the rarer entities' mentions are chained."""

    names: list[Name]
    of_article: list[array[int]]
    _total: Counter[int] | None = field(default=None, repr=False)
    _bitsets: dict[int, int] | None = field(default=None, repr=False)
    _rare_of_article: list[array[int]] = field(default_factory=list, repr=False)
    _rare_total: Counter[int] = field(default_factory=Counter, repr=False)

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

    def prepare(self, frequent_from: int = FREQUENT_FROM) -> None:
        """Make the bitsets of the frequent entities (~1 s at 100,000 articles: in a worker)."""
        if self._bitsets is not None:
            return
        size = len(self.of_article)
        total = self._whole()
        frequent = {
            number
            for number, articles in total.most_common(MAX_BITSETS)
            if articles >= max(frequent_from, size // FREQUENT_SHARE)
        }
        places: dict[int, list[int]] = {number: [] for number in frequent}
        rare_of_article = []
        for position, numbers in enumerate(self.of_article):
            rare = array("i")
            for number in numbers:
                if number in frequent:
                    places[number].append(position)
                else:
                    rare.append(number)
            rare_of_article.append(rare)
        self._bitsets = {number: _bitset(listed, size) for number, listed in places.items()}
        self._rare_of_article = rare_of_article
        self._rare_total = Counter({number: articles for number, articles in total.items() if number not in frequent})

    def count(self, positions: Sequence[int]) -> Counter[int]:
        """How many of the articles at ``positions`` (ascending, distinct) have each entity number."""
        size = len(self.of_article)
        if self._bitsets is None or len(positions) <= size // 16:
            if len(positions) * 2 <= size:
                return Counter(chain.from_iterable(map(self.of_article.__getitem__, positions)))
            return _all_but(self._whole(), self.of_article, _flags(positions, size))
        flags = _flags(positions, size)
        shown = int(flags.translate(_AS_DIGITS)[::-1], 2) if len(positions) < size else (1 << size) - 1
        counts = Counter(
            {number: found for number, bits in self._bitsets.items() if (found := (bits & shown).bit_count())}
        )
        if len(positions) * 2 <= size:
            counts.update(chain.from_iterable(map(self._rare_of_article.__getitem__, positions)))
        else:
            counts.update(_all_but(self._rare_total, self._rare_of_article, flags))
        return counts

    def _whole(self) -> Counter[int]:
        if self._total is None:
            self._total = Counter(chain.from_iterable(self.of_article))
        return self._total

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


def _flags(positions: Sequence[int], size: int) -> bytearray:
    """One byte per article: 1 at ``positions``."""
    flags = bytearray(size)
    any(map(flags.__setitem__, positions, repeat(1)))  # (in C: no Python loop)
    return flags


def _bitset(positions: Sequence[int], size: int) -> int:
    """An int whose bit n is set for each n in ``positions``."""
    return int(_flags(positions, size).translate(_AS_DIGITS)[::-1], 2) if positions else 0


def _all_but(whole: Counter[int], of_article: list[array[int]], flags: bytearray) -> Counter[int]:
    """``whole`` less the counts of the articles whose flag is 0 (cheaper when most are 1)."""
    counts = whole.copy()
    counts.subtract(chain.from_iterable(compress(of_article, flags.translate(_INVERTED))))
    return +counts  # (drops the zeros)


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
