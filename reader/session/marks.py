"""Read and starred marks as the list shows them, without Textual.

Marks live in `reader.state.store.StateStore` (durable SQLite), keyed by `content_key` (an
article's words, so a moved or re-saved file keeps its marks). `MarkBook` is what the screen
knows of them: the content key of each row's article (`reader.model.article_key`: its path, and
its item key within a file of many), the marks of the keyed articles (only the
marked ones: at 100,000 articles most are neither), the unread/starred counts, and the *pin*
(a read article kept listed while read ones are hidden, until the user moves away). It also
computes what to give the index for the ``is:read`` / ``is:unread`` / ``is:starred`` filters.

The UI never guesses: after every write it reads back what the store says (`MarkBook.store_says`).
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from reader.model import article_key
from reader.state.flags import push_flagged
from reader.state.store import UNMARKED, Marks, StateStore, content_key

if TYPE_CHECKING:
    from reader.model import Article
    from reader.session.source import IndexSource

#: article key -> (size, mtime_ns, content key): a row whose file did not change is not read again.
Stamps = dict[str, tuple[int, int, str]]


def key_rows(source: IndexSource, known: Mapping[str, tuple[int, int, str]]) -> tuple[dict[str, str], Stamps] | None:
    """Content keys of the source's rows by article key, and their stamps; None if the index changed
    or closed meanwhile (the next source retries). Any thread.

    The index computed the keys while parsing (one query, no file read); else each row's file is
    read once, and remembered by size and mtime in the stamps.
    """
    keys: dict[str, str] = {}
    stamps: Stamps = {}
    index = source.index
    try:
        keys = index.content_keys()
    except Exception:  # noqa: BLE001 - the index changed or closed under us
        return None
    try:
        for row in source.rows if not keys else ():
            at = article_key(row.path, row.item)
            stamp = known.get(at)
            if stamp is not None and stamp[:2] == (row.size, row.mtime_ns):
                key = stamp[2]
            else:
                article = index.article(row.id)
                if article is None:
                    continue
                key = content_key(article)
            keys[at] = key
            stamps[at] = (row.size, row.mtime_ns, key)
    except Exception:  # noqa: BLE001 - the index changed or closed under us
        return None
    return keys, stamps


def push_flags(source: IndexSource, keys: Mapping[str, str], marks: Mapping[str, Marks]) -> None:
    """Give the index the read and starred articles (for the ``is:`` filters). Any thread; never raises."""
    try:
        push_flagged(source.index, keys, marks)
    except Exception:  # noqa: BLE001 - is: filters find less; the marks themselves are safe
        pass


def with_pin(source: IndexSource, positions: Sequence[int], pin: Any) -> Sequence[int]:
    """``positions`` with the pinned article's position added (ascending), if it is in ``source``."""
    if pin is None:
        return positions
    index = source.find(pin)
    if index is None:
        return positions
    listed = list(positions)
    at = bisect_left(listed, index)
    if at == len(listed) or listed[at] != index:
        insort(listed, index)
    return listed


class MarkBook:
    """What the list knows of read and starred marks. ``open_store`` opens the store on first use."""

    def __init__(self, open_store: Callable[[], StateStore] = StateStore.open) -> None:
        self._open_store = open_store
        self._store: StateStore | None = None
        self.path_keys: dict[str, str] = {}  # row's article key -> content key (rows keyed so far)
        self.stamps: Stamps = {}  # article key -> (size, mtime_ns, key): not read again
        self.marks: dict[str, Marks] = {}  # content key -> what the store says (absent: unmarked)
        self.counts: tuple[int, int] | None = None  # (unread, starred) in the collection
        self.pin: Any = None  # source key of a read article kept listed while read ones are hidden

    @property
    def store(self) -> StateStore:
        if self._store is None:
            self._store = self._open_store()
        return self._store

    @property
    def store_opened(self) -> bool:
        return self._store is not None

    def close(self) -> None:
        if self._store is not None:
            self._store.close()

    def take_notices(self) -> list[str]:
        """Store trouble (a damaged file moved aside, read-only, a failed write), once each."""
        return self.store.take_notices()

    # -- keys and marks --------------------------------------------------------------------------

    def mark_of(self, key: str | None) -> Marks:
        return self.marks.get(key, UNMARKED) if key is not None else UNMARKED

    def row_state(self, row: Any) -> tuple[str, bool]:
        """The sidebar's (star column, unread) for a row."""
        marks = self.mark_of(self.path_keys.get(article_key(row.path, row.item)))
        return ("★" if marks.starred else " ", not marks.read)

    def opened(self, article: Article | None) -> tuple[str | None, bool]:
        """An article is in the pane: its content key (None: nothing to mark) and whether its row
        learnt its key just now (the list redraws it)."""
        key = content_key(article) if article is not None and article.paragraphs else None
        at = article.identity if article is not None else ""
        if key is None or article is None or self.path_keys.get(at) == key:
            return key, False
        self.path_keys[at] = key
        if key not in self.marks:
            self.marks[key] = self.store.marks(key)
        return key, True

    def key_of(self, article: Article) -> str | None:
        """An article's content key (from its words, else what its row was keyed as)."""
        if article.paragraphs:
            return content_key(article)
        return self.path_keys.get(article.identity)

    def keyed(self, keys: dict[str, str], marks: dict[str, Marks], stamps: Stamps, open_key: str | None) -> None:
        """A source's rows were keyed (`key_rows`) and their marks read (``marks``: marked keys only)."""
        self.stamps.update(stamps)
        self.path_keys = keys
        self.marks = marks
        if open_key is not None and open_key not in self.marks:
            self.marks[open_key] = self.store.marks(open_key)

    def marked(self, keys: dict[str, str]) -> dict[str, Marks]:
        """The marked keys among ``keys``' values (any thread: the store serialises)."""
        return self.store.marked(keys.values())

    def store_says(self, key: str) -> Marks:
        """Read back what the store has for ``key`` after a write."""
        marks = self.store.marks(key)
        self.marks[key] = marks
        return marks

    def set_read(self, key: str) -> Marks:
        self.store.set_read(key, True)
        return self.store_says(key)

    def toggle_read(self, key: str) -> Marks:
        self.store.toggle_read(key)
        return self.store_says(key)

    def toggle_starred(self, key: str) -> Marks:
        self.store.toggle_starred(key)
        return self.store_says(key)

    def recount(self) -> None:
        if not self.path_keys:
            self.counts = None
            return
        unread = starred = 0
        for key in self.path_keys.values():
            mark = self.marks.get(key, UNMARKED)
            unread += not mark.read
            starred += mark.starred
        self.counts = (unread, starred)

    def counts_text(self) -> str:
        """`` · 12 unread · 3 ★`` for the title bar ('' before the rows are keyed)."""
        if self.counts is None:
            return ""
        unread, starred = self.counts
        return f" · {unread:,} unread" + (f" · {starred:,} ★" if starred else "")
