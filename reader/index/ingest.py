"""Files to database rows: read and parse one file, then its row and its text for FTS5.

Runs in worker processes during a cold build, so it stays picklable and light.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.index.records import sort_key
from reader.model import Article, site_of
from reader.query.dates import article_range
from reader.query.folding import fold_for_index

if TYPE_CHECKING:
    from reader.ingest.files import Piece

#: A file to parse: (path, size, mtime_ns).
StampedPath = tuple[str, int, int]
#: A file, or one piece of a big one (reader.ingest.files.pieces), to parse: (path, size, mtime_ns, piece).
Job = tuple[str, int, int, "Piece | None"]
#: An article row in ARTICLE_COLUMNS order without the id, or a failure (path, size, mtime_ns, reason).
Row = tuple[Any, ...]
#: One article's (row, (title, body, dateline, source, author, site) for FTS5), or a file's (failure, None).
Prepared = tuple[Row, tuple[str, str, str, str, str, str] | None]
#: `prepare`'s result for one file: one Prepared per article it holds, or one failure (a piece of
#: a file: its articles, maybe none).
PreparedFile = list[Prepared]


def prepare(path: str, size: int, mtime_ns: int, piece: Piece | None = None) -> PreparedFile:
    """Read and parse one file, or one piece of a big file (in a worker process during a cold build).

    Returns one ``(row, texts)`` per article of the file, with ``row`` in ARTICLE_COLUMNS order
    without the id and ``texts`` the (title, body, dateline, source, author, site) given to FTS5, or
    ``[(failure, None)]`` with failure = (path, size, mtime_ns, reason) when the file cannot be used.
    """
    from reader.ingest.files import describe_error, load_articles, load_piece

    try:
        if piece is not None:
            articles, problems = load_piece(path, piece)
            warning = "\n".join(p.reason for p in problems) or None
            return [(article_row(article, size, mtime_ns, warning), searchable(article)) for article in articles]
        articles, problems = load_articles(Path(path))
        if not articles:
            reason = "; ".join(problem.reason for problem in problems) or "not loaded"
            return [((path, size, mtime_ns, reason), None)]
        warning = "\n".join(p.reason for p in problems if p.severity == "warning") or None
        return [(article_row(article, size, mtime_ns, warning), searchable(article)) for article in articles]
    # One file's bad luck (a parser or folding bug) never stops the others.
    except Exception as error:  # noqa: BLE001
        return [((path, size, mtime_ns, f"could not be parsed: {describe_error(error)}"), None)]


def article_row(article: Article, size: int = 0, mtime_ns: int = 0, warning: str | None = None) -> Row:
    from reader.state.store import content_key

    date = article.date
    days = article_range(date)
    return (
        article.path,
        article.size or size,
        article.mtime_ns or mtime_ns,
        *(article.span or (None, None)),
        warning,
        sort_key(date),
        article.title,
        article.subtitle,
        article.dateline,
        article.words,
        None if article.encoding == "utf-8" else article.encoding,
        int(article.title_derived),
        date.written if date is not None else None,
        days[0] if days else None,
        days[1] if days else None,
        content_key(article),
        article.source,
        article.item,
    )


def searchable(article: Article) -> tuple[str, str, str, str, str, str]:
    """The (title, body, dateline, source, author, site) given to FTS5, same fields as SearchDoc.
    FTS5's unicode61 tokenizer (remove_diacritics 2) folds case and accents; see reader.query.folding."""
    body = "\n\n".join(article.paragraphs)
    if article.subtitle:
        body = f"{article.subtitle}\n{body}"
    return (
        fold_for_index(article.title or ""),
        fold_for_index(body),
        fold_for_index(article.dateline or ""),
        fold_for_index(article.source or ""),
        fold_for_index(article.byline or ""),
        fold_for_index(site_of(article.url)),
    )
