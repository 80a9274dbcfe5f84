"""Articles to database rows and back. Runs in worker processes too, so it stays picklable and light."""

from __future__ import annotations

from operator import itemgetter
from pathlib import Path

from reader.article import Article, ArticleDate, Problem
from reader.query.dates import article_range
from reader.query.folding import fold_for_index

# Columns written for each article (the id is assigned by the indexer and comes first).
ARTICLE_COLUMNS = (
    "id, path, size, mtime_ns, sort_key, title, subtitle, dateline, words, encoding, title_derived, "
    "year, month, day, hour, minute, date_written, first_day, last_day, warning"
)
# Columns of one sidebar row, in IndexedArticle's tuple order.
SUMMARY_COLUMNS = (
    "id, path, title, subtitle, dateline, words, size, mtime_ns, encoding, title_derived, "
    "year, month, day, hour, minute, date_written"
)
# Sidebar order: newest first (unknown parts count as earlier), undated last, ties by path.
ORDER = "sort_key DESC, path"
UNDATED = -1


class IndexedArticle(tuple):
    """One sidebar row: everything but the body, which `Index.article` reads from the file.

    A tuple underneath (built straight from the SQLite row, so that 100,000 of them load in a
    few tens of milliseconds); ``date`` is made on access.
    """

    __slots__ = ()

    id = property(itemgetter(0))
    path = property(itemgetter(1))
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
        year = self[10]
        if year is None:
            return None
        return ArticleDate(year, self[11], self[12], self[13], self[14], self[15] or "")

    def __repr__(self) -> str:
        return f"IndexedArticle(id={self.id}, path={self.path!r}, title={self.title!r})"


def make_summary(row) -> IndexedArticle:
    return tuple.__new__(IndexedArticle, row)


def sort_key(date: ArticleDate | None) -> int:
    """One integer in sidebar order (descending): ArticleDate.sort_key packed; undated = -1."""
    if date is None:
        return UNDATED
    year, month, day, hour, minute = date.sort_key
    return (((max(year, 0) * 13 + month) * 32 + day) * 25 + hour + 1) * 61 + minute + 1


def prepare(path: str, size: int, mtime_ns: int):
    """Read and parse one file (in a worker process during a cold build).

    Returns ``(row, texts)`` with ``row`` in ARTICLE_COLUMNS order without the id and ``texts``
    the (title, body, dateline) given to FTS5, or ``(failure, None)`` with failure =
    (path, size, mtime_ns, reason) when the file cannot be used.
    """
    from reader.loading import load_file

    article, problems = load_file(Path(path))
    if article is None:
        reason = "; ".join(problem.reason for problem in problems) or "not loaded"
        return (path, size, mtime_ns, reason), None
    warning = "; ".join(p.reason for p in problems if p.severity == "warning") or None
    return article_row(article, size, mtime_ns, warning), searchable(article)


def article_row(article: Article, size: int = 0, mtime_ns: int = 0, warning: str | None = None) -> tuple:
    date = article.date
    days = article_range(date)
    return (
        article.path, article.size or size, article.mtime_ns or mtime_ns, sort_key(date),
        article.title, article.subtitle, article.dateline, article.words,
        None if article.encoding == "utf-8" else article.encoding, int(article.title_derived),
        *date_parts(date),
        days[0] if days else None, days[1] if days else None,
        warning,
    )


def searchable(article: Article) -> tuple[str, str, str]:
    """The (title, body, dateline) given to FTS5, same fields as SearchDoc. FTS5's unicode61
    tokenizer (remove_diacritics 2) folds case and accents; see reader.query.folding."""
    body = "\n\n".join(article.paragraphs)
    if article.subtitle:
        body = f"{article.subtitle}\n{body}"
    return fold_for_index(article.title or ""), fold_for_index(body), fold_for_index(article.dateline or "")


def date_parts(date: ArticleDate | None) -> tuple:
    if date is None:
        return (None, None, None, None, None, None)
    return (date.year, date.month, date.day, date.hour, date.minute, date.written)


def article_from(summary: IndexedArticle, paragraphs: tuple[str, ...] = ()) -> Article:
    """An Article from a sidebar row (metadata only, or with ``paragraphs``)."""
    return Article(
        path=summary.path, title=summary.title, paragraphs=paragraphs, subtitle=summary.subtitle,
        date=summary.date, dateline=summary.dateline, words=summary.words, encoding=summary.encoding,
        title_derived=summary.title_derived, size=summary.size, mtime_ns=summary.mtime_ns,
    )


def problem_from_failure(path: str, reason: str) -> Problem:
    return Problem(path, reason)
