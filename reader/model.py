"""The Article model: parsed metadata plus body text, independent of any UI."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

Precision = Literal["year", "month", "day"]
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True, slots=True)
class ArticleDate:
    """A publication date known only to its stated precision.

    Missing parts stay ``None``: nothing is filled in from the clock or guessed.
    """

    year: int
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    written: str = ""  # the date as it stands in the file

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    def iso(self) -> str:
        """ISO 8601 cut to the known precision: 2024, 2024-03, 2024-03-05, 2024-03-05T22:49."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
            if self.hour is not None:
                text += f"T{self.hour:02d}:{self.minute or 0:02d}"
        return text

    def as_written(self) -> str:
        """The date as the file wrote it (spaces folded), with its precision when it is not a full day."""
        shown = " ".join(self.written.split())
        if not shown:
            parts = [] if self.day is None else [str(self.day)]
            if self.month is not None:
                parts.append(MONTH_NAMES[self.month - 1])
            parts.append(str(self.year))
            shown = " ".join(parts)
            if self.hour is not None:
                shown += f", {self.hour:02d}:{self.minute or 0:02d}"
        if self.precision != "day":
            shown += f" ({self.precision} only)"
        return shown

    def formatted(self, pattern: str) -> str:
        """The date with a strftime ``pattern`` (the sidebar's), honest about precision.

        Only day-precision dates use the pattern; "2024-03" and "2024" stay as they are rather than
        inventing a day. Never raises: a pattern strftime rejects gives ISO 8601.
        """
        if self.day is None or self.month is None:
            return self.iso()
        try:
            return datetime(self.year, self.month, self.day, self.hour or 0, self.minute or 0).strftime(pattern)
        except Exception:  # noqa: BLE001 - fall back to ISO rather than fail a row
            return self.iso()

    @property
    def sort_key(self) -> tuple[int, int, int, int, int]:
        """Unknown parts count as earlier than any known one.

        So, newest first, "2024" comes after every article dated within 2024,
        and "2024-03" after every article dated within March 2024.
        """
        return (
            self.year,
            self.month or 0,
            self.day or 0,
            -1 if self.hour is None else self.hour,
            -1 if self.minute is None else self.minute,
        )


@dataclass(slots=True)
class Article:
    """One article as parsed: its metadata as the file states it, and the body's paragraphs.

    Its identity is (``path``, ``item``): ``item`` is its key within the file, stable across
    re-reads, and "" for a file that holds one article (reader.ingest.formats)."""

    path: str
    title: str
    paragraphs: tuple[str, ...]
    subtitle: str | None = None
    date: ArticleDate | None = None
    dateline: str | None = None
    byline: str | None = None
    words: int = 0
    encoding: str = "utf-8"
    title_derived: bool = False  # True when the title comes from the lead sentence
    size: int = 0
    mtime_ns: int = 0
    extra: dict[str, object] = field(default_factory=dict)  # values derived and memoised by other modules
    item: str = ""
    url: str | None = None  # where it was published, as its source states it
    source: str | None = None  # the publication or site, as its source states it
    language: str | None = None  # as its source states it (e.g. "en", "fr-CA")
    feed: str | None = None  # the feed it was fetched from (its URL), as its source states it
    # (offset, length) of its item's bytes in the file, when its format reads an item from them alone
    span: tuple[int, int] | None = None

    @property
    def identity(self) -> str:
        """(path, item) as one string (`article_key`), for maps keyed by article."""
        return article_key(self.path, self.item)

    @property
    def text(self) -> str:
        """The body as shown: paragraphs separated by a blank line."""
        return "\n\n".join(self.paragraphs)

    @property
    def reading_minutes(self) -> int:
        return max(1, round(self.words / 230)) if self.words else 0


@dataclass(frozen=True, slots=True)
class Problem:
    """A file that could not be used (``error``) or was used with a caveat (``warning``), or a
    feed that could not be fetched (``failed``: ``path`` is its URL)."""

    path: str
    reason: str
    severity: Literal["error", "warning", "failed"] = "error"

    def __str__(self) -> str:
        """``PATH: reason`` as one printable line (reader.ingest.safe_text.make_safe_line)."""
        from reader.ingest.safe_text import make_safe_line

        return f"{make_safe_line(self.path)}: {make_safe_line(self.reason)}"


def path_text(path: str) -> str:
    """A path as valid Unicode, for display and JSON: each byte of the file name that is not
    UTF-8 (held in ``path`` as a surrogate escape, as os.fsdecode gives it) becomes U+FFFD.
    Names that are valid UTF-8 come back unchanged. `path_bytes` gives the exact name."""
    if path.isascii():
        return path
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        pass
    try:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a lone surrogate that no file name decodes to
        return path.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def path_bytes(path: str) -> bytes | None:
    """The file name's exact bytes when it is not valid UTF-8 (so `path_text` lost them), else None."""
    if path_text(path) is path:
        return None
    try:
        return os.fsencode(path)
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogatepass")


def sort_articles(articles: list[Article]) -> list[Article]:
    """Newest first; undated after all dated ones, by path. Ties break by (path, item)."""
    dated = [(article, article.date) for article in articles if article.date is not None]
    undated = [a for a in articles if a.date is None]
    dated.sort(key=lambda pair: _path_order(pair[0]))
    dated.sort(key=lambda pair: pair[1].sort_key, reverse=True)  # stable: path order within ties
    undated.sort(key=_path_order)
    return [article for article, _date in dated] + undated


def _path_order(article: Article) -> tuple[str, str]:
    """(path, item) as the index sorts them (`db_path`), so that both give one
    order: a file name that is not UTF-8 has its bad bytes escaped there, which sorts them after U+FFFE."""
    path = article.path
    return (path if path.isascii() else db_path(path)), article.item


def article_key(path: str, item: str = "") -> str:
    """One string naming the article (path, item), for maps keyed by article: the path itself for a
    one-article file, else path, NUL, item (no file name holds a NUL, so it splits back exactly)."""
    return f"{path}\0{item}" if item else path


def site_of(url: str | None) -> str:
    """The host of an article's URL without "www." ("bbc.co.uk"), for site: filters; "" when none."""
    if not url:
        return ""
    from urllib.parse import urlsplit

    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:  # a malformed URL ("http://[::1")
        return ""
    return host.removeprefix("www.")


def split_article_key(key: str) -> tuple[str, str]:
    """The (path, item) that `article_key` joined."""
    path, _, item = key.partition("\0")
    return path, item


# Paths as the index cache stores and sorts them. A file name that is not valid UTF-8 reaches
# Python with each bad byte as a lone surrogate (os.fsdecode's surrogateescape), which SQLite
# cannot store as TEXT. In the cache each lone surrogate, and the escape character itself, is
# written as ESCAPE + four hex digits ("caf\udce9.txt" -> "caf\uffffdce9.txt"); every other path
# is stored as it is. Reversible, and the stored text is still one string per path, so equality,
# UNIQUE and json_each work.
ESCAPE = "\uffff"  # a noncharacter: no real file name has it (and one that did is escaped too)
_TO_DB = re.compile("[\ud800-\udfff\uffff]")
_FROM_DB = re.compile("\uffff([0-9a-f]{4})")


def db_path(path: str) -> str:
    """A path as the cache stores it (unchanged unless it holds a lone surrogate or ESCAPE)."""
    if path.isascii() or _TO_DB.search(path) is None:
        return path
    return _TO_DB.sub(lambda found: f"{ESCAPE}{ord(found.group()):04x}", path)


def path_from_db(text: str) -> str:
    """The path `db_path` stored."""
    if ESCAPE not in text:
        return text
    return _FROM_DB.sub(lambda found: chr(int(found.group(1), 16)), text)
