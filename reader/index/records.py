"""Articles to database rows and back. Runs in worker processes too, so it stays picklable and light."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path

from reader.article import Article, ArticleDate, Problem
from reader.query.dates import article_range
from reader.query.folding import fold

ARTICLE_COLUMNS = (
    "path, size, mtime_ns, title, subtitle, dateline, year, month, day, hour, minute, date_written, "
    "first_day, last_day, words, encoding, title_derived, warning, body"
)
SUMMARY_COLUMNS = (
    "id, path, size, mtime_ns, title, subtitle, dateline, year, month, day, hour, minute, date_written, "
    "words, encoding, title_derived"
)


@dataclass(frozen=True, slots=True)
class IndexedArticle:
    """One sidebar row: everything but the body, which `Index.article` loads on demand."""

    id: int
    path: str
    title: str
    subtitle: str | None
    dateline: str | None
    date: ArticleDate | None
    words: int
    size: int
    mtime_ns: int
    encoding: str
    title_derived: bool


@dataclass(frozen=True, slots=True)
class Prepared:
    """A file read and parsed, ready to insert: the article row and its folded FTS text."""

    path: str
    row: tuple | None  # in ARTICLE_COLUMNS order; None when the file could not be used
    fts: tuple[str, str, str] | None
    failure: tuple[str, int, int, str] | None  # (path, size, mtime_ns, reason)


def searchable(title: str, subtitle: str | None, dateline: str | None, paragraphs) -> tuple[str, str, str]:
    """The folded (title, body, dateline) given to FTS5, same fields as SearchDoc."""
    body = "\n\n".join(paragraphs)
    if subtitle:
        body = f"{subtitle}\n{body}"
    return fold(title or ""), fold(body), fold(dateline or "")


def prepare(path: str, size: int, mtime_ns: int) -> Prepared:
    """Read and parse one file (in a worker process during a cold build)."""
    from reader.loading import load_file

    article, problems = load_file(Path(path))
    if article is None:
        reason = "; ".join(problem.reason for problem in problems) or "not loaded"
        return Prepared(path, None, None, (path, size, mtime_ns, reason))
    warning = "; ".join(p.reason for p in problems if p.severity == "warning") or None
    date = article.date
    days = article_range(date)
    row = (
        path, article.size or size, article.mtime_ns or mtime_ns, article.title, article.subtitle,
        article.dateline,
        *(date_parts(date)),
        days[0] if days else None, days[1] if days else None,
        article.words, article.encoding, int(article.title_derived), warning,
        zlib.compress("\n\n".join(article.paragraphs).encode("utf-8", "surrogatepass"), 1),
    )
    return Prepared(path, row, searchable(article.title, article.subtitle, article.dateline, article.paragraphs), None)


def date_parts(date: ArticleDate | None) -> tuple:
    if date is None:
        return (None, None, None, None, None, None)
    return (date.year, date.month, date.day, date.hour, date.minute, date.written)


def date_from(year, month, day, hour, minute, written) -> ArticleDate | None:
    if year is None:
        return None
    return ArticleDate(year, month, day, hour, minute, written or "")


def summary_from_row(row) -> IndexedArticle:
    (id_, path, size, mtime_ns, title, subtitle, dateline, year, month, day, hour, minute, written,
     words, encoding, title_derived) = row
    return IndexedArticle(id_, path, title, subtitle, dateline, date_from(year, month, day, hour, minute, written),
                          words, size, mtime_ns, encoding, bool(title_derived))


def paragraphs_from(body: bytes) -> tuple[str, ...]:
    text = zlib.decompress(body).decode("utf-8", "surrogatepass")
    return tuple(text.split("\n\n")) if text else ()


def article_from(summary: IndexedArticle, body: bytes) -> Article:
    return Article(
        path=summary.path, title=summary.title, paragraphs=paragraphs_from(body), subtitle=summary.subtitle,
        date=summary.date, dateline=summary.dateline, words=summary.words, encoding=summary.encoding,
        title_derived=summary.title_derived, size=summary.size, mtime_ns=summary.mtime_ns,
    )


def problem_from_failure(path: str, reason: str) -> Problem:
    return Problem(path, reason)
