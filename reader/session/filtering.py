"""The filter's state, without Textual: the text the user typed, the query it parses to, which
search is current, and a small cache of recent results.

Every query run gets a new *generation*; a result is shown only if its generation is still the
newest (anything typed, a new snapshot or a new mark makes older results stale, and they are
dropped). Results are cached per (snapshot, query tree), so backspacing or "iran" → "iran "
shows them again without a search. While read articles are hidden, the query run is the user's
plus ``is:unread`` (`FilterState.run_query`).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from reader.query import Query


class Snapshot(Protocol):
    """What results are cached against: one snapshot of the collection (reader.session.source.IndexSource).
    A snapshot's generation grows each time the index changes, so results of an older one never match."""

    @property
    def generation(self) -> int: ...


RESULTS_KEPT = 6  # recent (snapshot, query) results, for backspace and "iran" → "iran "
#: Query fields the collection's entity pass fills in: their results grow as the pass goes on.
ENTITY_FIELDS = ("person", "org", "place", "entity")


def parse(text: str) -> tuple[Query | None, str | None]:
    """``text`` as a query, or None and the error to show ("unexpected ')' at 5")."""
    from reader.query import QueryError, parse_query

    try:
        return parse_query(text), None
    except QueryError as error:
        return None, f"{error.message} at {error.position + 1}"
    except Exception as error:  # noqa: BLE001 - a parser bug must not take the app down
        return None, f"cannot read this query ({type(error).__name__})"


def unread_only(query: Query) -> Query:
    """``query`` and ``is:unread`` (what the list runs while read articles are hidden)."""
    from reader.query import Query as QueryType
    from reader.query.nodes import All, Flag

    unread = Flag("unread")
    root = unread if query.root is None else All((query.root, unread))
    return QueryType(text=query.text, root=root, highlight_terms=query.highlight_terms)


def uses_flags(query: Query | None) -> bool:
    """Whether the query has an ``is:`` term (its results change when marks change)."""
    if query is None or query.root is None:
        return False
    from reader.query.nodes import has_flag

    return has_flag(query.root)


def uses_entities(query: Query | None) -> bool:
    """Whether the query searches entities (its results grow as the entity pass goes on)."""
    return query is not None and any(f"{field}:" in query.text.lower() for field in ENTITY_FIELDS)


class FilterState:
    """The filter's query state. ``hide_read`` adds ``is:unread`` to what runs."""

    def __init__(self, *, hide_read: bool = False, kept: int = RESULTS_KEPT) -> None:
        self.hide_read = hide_read
        self.generation = 0  # the newest query run
        self.applied_generation = 0  # the last one shown (or failed): equal when nothing is on its way
        self.query: Query | None = None  # the applied query (its results are shown)
        self.wanted: Query | None = None  # the last query that parsed (applied when its results arrive)
        self.error: str | None = None  # why the text typed last does not parse
        self._kept = kept
        self._results: OrderedDict[tuple[Hashable, ...], Sequence[int]] = OrderedDict()
        if hide_read:
            from reader.query import parse_query

            self.wanted = self.run_query(parse_query(""))

    @property
    def text(self) -> str:
        """The applied query's text."""
        return self.query.text if self.query is not None else ""

    @property
    def searching(self) -> bool:
        """The newest query's results are on their way."""
        return self.applied_generation != self.generation

    @property
    def active(self) -> bool:
        """The applied query filters something out (it is not empty)."""
        return self.query is not None and not self.query.is_empty

    def run_query(self, query: Query) -> Query:
        """What the list runs for the user's ``query``: plus ``is:unread`` while read ones are hidden."""
        return unread_only(query) if self.hide_read else query

    def type(self, text: str) -> Query | None:
        """The user typed ``text``: the query to run now, or None when it does not parse (then
        ``error`` says why, the last good results stay and any search still running is stale)."""
        query, error = parse(text)
        self.error = error
        if query is None:
            self.applied_generation = self.next_generation()
            return None
        self.wanted = self.run_query(query)
        return self.wanted

    def next_generation(self) -> int:
        self.generation += 1
        return self.generation

    def is_current(self, generation: int) -> bool:
        return generation == self.generation

    def cached(self, source: Snapshot, query: Query) -> Sequence[int] | None:
        key = _key(source, query)
        cached = self._results.get(key)
        if cached is not None:
            self._results.move_to_end(key)
        return cached

    def accept(self, generation: int, source: Snapshot, query: Query, positions: Sequence[int] | None) -> bool:
        """A search finished: whether to show ``positions`` (False: stale, or the search failed)."""
        if generation != self.generation:
            return False  # a newer query or snapshot is on its way: drop this stale result
        self.applied_generation = generation
        if positions is None:
            return False  # the search failed: the last results stay
        key = _key(source, query)
        self._results[key] = positions
        self._results.move_to_end(key)
        while len(self._results) > self._kept:
            self._results.popitem(last=False)
        self.query = query
        return True

    def forget(self) -> None:
        """Cached results are stale (new marks, the entity pass grew)."""
        self._results.clear()


def _key(source: Snapshot, query: Query) -> tuple[Hashable, ...]:
    return (id(source), source.generation, query.root)
