"""Database rows back to sidebar rows and articles (files to rows: reader.index.ingest).

Opening the index for the first frame needs only this side, so it imports no query code."""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from reader.model import ESCAPE, Article, ArticleDate, db_path, path_from_db

__all__ = ["ESCAPE", "db_path", "path_from_db"]  # the cache's path escaping, kept in reader.model

# Columns written for each article (the id is assigned by the indexer and comes first).
# (A file read again keeps an item's row when all from sort_key on is unchanged: the STAMP_COLUMNS
# columns after the path, where the file and the item are and what was left out of the file,
# are only brought up to date.)
ARTICLE_COLUMNS = (
    "id, path, size, mtime_ns, span_start, span_length, warning, sort_key, title, subtitle, dateline, words, "
    "encoding, title_derived, date_written, first_day, last_day, content_key, source, item"
)
STAMP_COLUMNS = 5
# Columns of one sidebar row, in IndexedArticle's tuple order (the date's parts come from sort_key).
SUMMARY_COLUMNS = (
    "id, path, title, subtitle, dateline, words, size, mtime_ns, encoding, title_derived, sort_key, date_written, "
    "item, source"
)
# Sidebar order: newest first (unknown parts count as earlier), undated last, ties by (path, item).
ORDER = "sort_key DESC, path, item"
UNDATED = -1


class IndexedArticle(tuple[Any, ...]):
    """One sidebar row: everything but the body, which `Index.article` reads from the file.

    A tuple underneath, made straight from the SQLite row (``IndexedArticle(row)``, no Python
    code per row), so that 100,000 of them load fast and small; ``date`` is made on access.
    """

    __slots__ = ()

    id = property(itemgetter(0))

    @property
    def path(self) -> str:
        stored = self[1]
        return stored if ESCAPE not in stored else path_from_db(stored)

    title = property(itemgetter(2))
    subtitle = property(itemgetter(3))
    dateline = property(itemgetter(4))
    words = property(itemgetter(5))
    size = property(itemgetter(6))
    mtime_ns = property(itemgetter(7))

    @property
    def encoding(self) -> str:
        return self[8] or "utf-8"

    @property
    def title_derived(self) -> bool:
        return bool(self[9])

    @property
    def date(self) -> ArticleDate | None:
        return date_from_key(self[10], self[11])

    #: The article's key within its file ("" for a one-article file).
    item = property(itemgetter(12))
    #: The publication as the file states it (a feed's title, a dataset's source field), or None.
    source = property(itemgetter(13))

    def __repr__(self) -> str:
        return f"IndexedArticle(id={self.id}, path={self.path!r}, item={self.item!r}, title={self.title!r})"


make_summary = IndexedArticle


def sort_key(date: ArticleDate | None) -> int:
    """One integer in sidebar order (descending): ArticleDate.sort_key packed; undated = -1."""
    if date is None:
        return UNDATED
    year, month, day, hour, minute = date.sort_key
    return (((max(year, 0) * 13 + month) * 32 + day) * 25 + hour + 1) * 61 + minute + 1


def date_from_key(key: int, written: str | None) -> ArticleDate | None:
    """The ArticleDate that `sort_key` packed (with the date as written)."""
    if key < 0:
        return None
    key, minute = divmod(key, 61)
    key, hour = divmod(key, 25)
    key, day = divmod(key, 32)
    year, month = divmod(key, 13)
    return ArticleDate(
        year, month or None, day or None, hour - 1 if hour else None, minute - 1 if minute else None, written or ""
    )


def article_from(summary: IndexedArticle, paragraphs: tuple[str, ...] = ()) -> Article:
    """An Article from a sidebar row (metadata only, or with ``paragraphs``)."""
    return Article(
        path=summary.path,
        title=summary.title,
        paragraphs=paragraphs,
        subtitle=summary.subtitle,
        date=summary.date,
        dateline=summary.dateline,
        words=summary.words,
        encoding=summary.encoding,
        title_derived=summary.title_derived,
        size=summary.size,
        mtime_ns=summary.mtime_ns,
        item=summary.item,
        source=summary.source,
    )
