"""Where the app's articles come from: the SQLite index (reader.index).

A source gives four things to the app:

* ``rows``: summaries in sidebar order (``.title``, ``.date``, ``.path``), a
  lazy sequence that reads only the pages the sidebar draws, so a warm start of 100,000
  articles reads a few hundred rows, not the whole table, and keeps no bodies in memory;
* ``article(position)``: the full article, bodies read on open;
* ``search(query)``: positions (ascending, so newest first) of the matching articles;
* ``key(position)`` / ``find(key)``: an article's identity across snapshots.

An `IndexSource` is a snapshot: while indexing, the `Loader` (reader.session.loader) makes a
new one after each committed batch (ranks shift as articles arrive) and the app swaps it in.

No Textual imports.
"""

from __future__ import annotations

import threading
from array import array
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from reader.model import Article, Problem

if TYPE_CHECKING:
    from reader.index.protocol import CollectionIndex
    from reader.query import Query

PAGE = 128  # sidebar rows read from the index at a time
PAGES_KEPT = 64
ARTICLES_KEPT = 8


def first_undated(rows: Sequence[Any]) -> int:
    """The position of the first undated row: rows are dated first (newest first), then undated,
    so a binary search finds the boundary in a few row reads (a lazy `IndexRows` reads a few pages)."""
    lo, hi = 0, len(rows)
    while lo < hi:
        mid = (lo + hi) // 2
        if rows[mid].date is None:
            hi = mid
        else:
            lo = mid + 1
    return lo


class IndexRows(Sequence[Any]):
    """The index's sidebar rows, read a page at a time and kept in a small LRU."""

    def __init__(self, index: CollectionIndex, count: int) -> None:
        self._index = index
        self._count = count
        self._pages: OrderedDict[int, list[Any]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, position: Any) -> Any:
        if isinstance(position, slice):
            return [self[i] for i in range(*position.indices(self._count))]
        if position < 0:
            position += self._count
        if not 0 <= position < self._count:
            raise IndexError(position)
        page_number, offset = divmod(position, PAGE)
        page = self._page(page_number)
        if offset >= len(page):  # the index changed under this snapshot: re-read once
            with self._lock:
                self._pages.pop(page_number, None)
            page = self._page(page_number)
            if offset >= len(page):
                raise IndexError(position)
        return page[offset]

    def _page(self, number: int) -> list[Any]:
        with self._lock:
            page = self._pages.get(number)
            if page is not None:
                self._pages.move_to_end(number)
                return page
        start = number * PAGE
        page = self._index.summaries(start, min(start + PAGE, self._count))
        with self._lock:
            self._pages[number] = page
            while len(self._pages) > PAGES_KEPT:
                self._pages.popitem(last=False)
        return page


class IndexSource:
    """A snapshot of the index: its row count and sidebar rows at one moment."""

    def __init__(
        self,
        index: CollectionIndex,
        generation: int = 0,
        articles: OrderedDict[int, Article] | None = None,
        problems: Sequence[Problem] = (),
    ) -> None:
        self.index = index
        self.generation = generation
        self.notices = list(index.notices)
        self.problems = list(problems)
        self.rows: Sequence[Any] = IndexRows(index, index.count())
        self.first_undated = first_undated(self.rows)
        #: Whether the sidebar names each article's source (there is more than one).
        self.many_sources = index.has_many_sources()
        self._articles: OrderedDict[int, Article] = articles if articles is not None else OrderedDict()

    def __len__(self) -> int:
        return len(self.rows)

    def next(self, problems: Sequence[Problem] | None = None) -> IndexSource:
        """A fresh snapshot after the index changed (shares the opened-article cache)."""
        return IndexSource(
            self.index, self.generation + 1, self._articles, self.problems if problems is None else problems
        )

    def article(self, position: int) -> Article | None:
        summary = self.rows[position]
        article = self._articles.get(summary.id)
        if article is None or article.path != summary.path or article.mtime_ns != summary.mtime_ns:
            article = self.index.article(summary.id)
            if article is None:
                return None
            self._articles[summary.id] = article
            while len(self._articles) > ARTICLES_KEPT:
                self._articles.popitem(last=False)
        else:
            self._articles.move_to_end(summary.id)
        return article

    def search(self, query: Query) -> Sequence[int]:
        count = len(self.rows)
        if query.is_empty:
            return range(count)
        positions = self.index.search(query)
        if positions and positions[-1] >= count:  # a batch landed after this snapshot
            positions = positions[: bisect_left(positions, count)]
        return array("i", positions)  # 4 bytes an entry instead of ~36 for a list of ints

    def sort_keys(self) -> Sequence[int]:
        """Each row's packed date (-1: undated), for the timeline: one read of the index, not its rows."""
        return self.index.sort_keys()

    def key(self, position: int) -> Any:
        return self.rows[position].id

    def find(self, key: Any) -> int | None:
        position = self.index.position(key)
        return position if position is not None and 0 <= position < len(self.rows) else None
