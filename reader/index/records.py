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
    "date_written, first_day, last_day, warning, content_key"
)
# Columns of one sidebar row, in IndexedArticle's tuple order (the date's parts come from sort_key).
SUMMARY_COLUMNS = "id, path, title, subtitle, dateline, words, size, mtime_ns, encoding, title_derived, sort_key, date_written"
# Sidebar order: newest first (unknown parts count as earlier), undated last, ties by path.
ORDER = "sort_key DESC, path"
UNDATED = -1


class IndexedArticle(tuple):
    """One sidebar row: everything but the body, which `Index.article` reads from the file.

    A tuple underneath, made straight from the SQLite row (``IndexedArticle(row)``, no Python
    code per row), so that 100,000 of them load fast and small; ``date`` is made on access.
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
        return date_from_key(self[10], self[11])

    def __repr__(self) -> str:
        return f"IndexedArticle(id={self.id}, path={self.path!r}, title={self.title!r})"


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
    return ArticleDate(year, month or None, day or None, hour - 1 if hour else None, minute - 1 if minute else None,
                       written or "")


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
    from reader.state import content_key

    date = article.date
    days = article_range(date)
    return (
        article.path, article.size or size, article.mtime_ns or mtime_ns, sort_key(date),
        article.title, article.subtitle, article.dateline, article.words,
        None if article.encoding == "utf-8" else article.encoding, int(article.title_derived),
        date.written if date is not None else None,
        days[0] if days else None, days[1] if days else None,
        warning, content_key(article),
    )


def searchable(article: Article) -> tuple[str, str, str]:
    """The (title, body, dateline) given to FTS5, same fields as SearchDoc. FTS5's unicode61
    tokenizer (remove_diacritics 2) folds case and accents; see reader.query.folding."""
    body = "\n\n".join(article.paragraphs)
    if article.subtitle:
        body = f"{article.subtitle}\n{body}"
    return fold_for_index(article.title or ""), fold_for_index(body), fold_for_index(article.dateline or "")


def article_from(summary: IndexedArticle, paragraphs: tuple[str, ...] = ()) -> Article:
    """An Article from a sidebar row (metadata only, or with ``paragraphs``)."""
    return Article(
        path=summary.path, title=summary.title, paragraphs=paragraphs, subtitle=summary.subtitle,
        date=summary.date, dateline=summary.dateline, words=summary.words, encoding=summary.encoding,
        title_derived=summary.title_derived, size=summary.size, mtime_ns=summary.mtime_ns,
    )


def problem_from_failure(path: str, reason: str) -> Problem:
    return Problem(path, reason)
