"""Feed files: RSS 0.9x/1.0/2.0 and Atom (``.rss``, ``.atom``, ``.rdf``, ``.feed``, and ``.xml`` when
it is a feed), one article per item, read with feedparser.

An item's fullest content wins (``content:encoded`` or Atom content over the summary), its HTML
made text paragraphs. Its title, date (as the feed writes it, to the minute), link, author and
the feed's title (as the source) and language come along. Its key is its id (``guid``), else its
link, else its place ("entry 3").

feedparser is given the file's bytes, never a string: given a string that looks like a URL or a
path it would fetch or open it. It decodes the XML itself (BOM, XML declaration, fallbacks), does
not fetch DTDs or external entities (XXE) and does not expand entities defined in the document
(the "billion laughs"): a feed that relies on them is read leniently, with the entity left as text.
"""

from __future__ import annotations

import calendar
import html
import re
from collections.abc import Mapping
from typing import Any

from reader.ingest.formats import HEAD_BYTES, SourceFormat, UnreadableFile, left_out
from reader.ingest.html_text import html_to_text, text_paragraphs
from reader.model import Article, ArticleDate, Problem

#: RSS's <author>: an address, then the name in parentheses.
_RSS_AUTHOR = re.compile(r"\A[^\s()@]++@[^\s()]++ ?\(([^()]++)\)")


class Feed(SourceFormat):
    """RSS and Atom feed files."""

    suffixes = frozenset({".rss", ".atom", ".rdf", ".feed", ".xml"})
    reads_bytes = True
    seekable = True
    costly = True

    def read_span(self, data: bytes, head: bytes, path: str) -> Article | None:
        """One item read from its own bytes, after the feed's header (its channel's title and
        language, the XML declaration that says the encoding)."""
        header = head[: _first_item(head)]
        parsed = _parse(header + data + _closing(header))
        entries = parsed.get("entries") or []
        if len(entries) != 1:
            return None
        source, language = _channel(parsed)
        return article_from_entry(entries[0], path, source, language)

    def piece_separator(self, head: bytes) -> bytes | None:
        """A feed is cut after an item's end tag (``</item>``, or Atom's ``</entry>``)."""
        header = head[: _first_item(head)]
        return b"</entry>" if b"<feed" in header else b"</item>"

    def read_piece(self, data: bytes, path: str, offset: int, first_number: int) -> tuple[list[Article], list[Problem]]:
        """Items of a big feed a piece at a time: each piece is read after the feed's header."""
        if offset == 0:
            return self._read(b"", path, 0, 1, data)
        with open(path, "rb") as file:
            head = file.read(HEAD_BYTES)
        return self._read(head[: _first_item(head)], path, offset, first_number, data)

    def read_bytes(self, data: bytes, path: str) -> tuple[list[Article], list[Problem]]:
        return self._read(b"", path, 0, 1, data)

    def _read(
        self, header: bytes, path: str, offset: int, first_number: int, data: bytes
    ) -> tuple[list[Article], list[Problem]]:
        """The items of ``data`` (the whole file, or a piece of it at ``offset`` whose first
        item is the file's ``first_number``-th) read after ``header`` (the file's start, for a
        piece that has not got it)."""
        closing = _closing(header or data) if _first_item(data) < len(data) and not _closed(data) else b""
        parsed = _parse(header + data + closing)
        entries = parsed.get("entries") or []
        if not entries:
            if parsed.get("version") or (parsed.get("feed") or {}).get("title"):
                if offset:  # (a piece with no item: the rest of the file after its last one)
                    return [], []
                raise UnreadableFile("a feed with no items")
            error = parsed.get("bozo_exception")
            reason = f" ({str(error).splitlines()[0][:120]})" if error is not None and str(error) else ""
            raise UnreadableFile(f"not a feed{reason}")
        source, language = _channel(parsed)
        encoding = str(parsed.get("encoding") or "utf-8").lower()
        articles: list[Article] = []
        skipped: list[str] = []
        for number, entry in enumerate(entries, first_number):
            article = article_from_entry(entry, path, source, language)
            if article is None:
                skipped.append(f"entry {number}: no title, no text and no link")
                continue
            article.item = article.item or f"entry {number}"
            article.encoding = encoding
            articles.append(article)
        spans = _item_spans(data)
        if len(spans) == len(entries) and len(articles) == len(entries):  # (else no spans: whole file read)
            for article, (start, length) in zip(articles, spans, strict=True):
                article.span = (offset + start, length)
        problems = left_out(path, skipped, "items")
        if parsed.get("bozo"):
            problems.append(Problem(path, "not well-formed XML; read leniently", "warning"))
        return articles, problems


def _parse(data: bytes) -> Any:
    """The feed in feedparser's shape: well-formed RSS 2.0 and Atom read with lxml (feed_fast, four
    times faster), anything else by feedparser itself, on bytes, never a string (a string that
    looks like a URL or a path would be fetched or opened). Its HTML sanitiser is off: item HTML is
    made plain text here (reader.ingest.html_text), which keeps no markup and drops scripts and
    styles with their text."""
    from reader.ingest import feed_fast

    fast = feed_fast.fast_parse(data)
    if fast is not None:
        return fast
    import feedparser

    return feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)


def _channel(parsed: Any) -> tuple[str | None, str | None]:
    """The feed's title (the items' source) and language."""
    channel = parsed.get("feed") or {}
    source = _text(channel.get("title"), channel.get("title_detail")) or None
    language = (str(channel.get("language") or "").strip()[:35]) or None
    return source, language


_ROOT_ENDS = (b"</rss>", b"</feed>", b"</rdf:RDF>")


def _closed(data: bytes) -> bool:
    """Whether the document's root element ends in ``data`` (the last piece of a file, or all of it)."""
    tail = data[-4096:]
    return any(end in tail for end in _ROOT_ENDS)


def _closing(header: bytes) -> bytes:
    """The end tags that close a document begun with ``header``."""
    return b"</feed>" if b"<feed" in header else b"</rdf:RDF>" if b"<rdf:RDF" in header else b"</channel></rss>"


_ITEM_TAGS = ((b"<item", b"</item>"), (b"<entry", b"</entry>"))


def _first_item(data: bytes) -> int:
    """Where the first item (or entry) starts; the length of ``data`` when none does."""
    starts = [_tag_at(data, tag, 0) for tag, _ in _ITEM_TAGS]
    return min((start for start in starts if start >= 0), default=len(data))


def _tag_at(data: bytes, tag: bytes, start: int) -> int:
    """The next start tag ``tag`` (followed by a space, ``>`` or ``/``) at or after ``start``; -1 if none."""
    while (found := data.find(tag, start)) >= 0:
        if data[found + len(tag) : found + len(tag) + 1] in (b" ", b">", b"\t", b"\n", b"\r", b"/"):
            return found
        start = found + 1
    return -1


def _item_spans(data: bytes) -> list[tuple[int, int]]:
    """The (offset, length) of each ``<item>…</item>`` (or Atom ``<entry>``) in the file's bytes, as
    found by their tags: used only when they are as many as the items the parser read."""
    spans: list[tuple[int, int]] = []
    for tag, end_tag in _ITEM_TAGS:
        start = _tag_at(data, tag, 0)
        while start >= 0:
            end = data.find(end_tag, start)
            if end < 0:
                return []
            end += len(end_tag)
            spans.append((start, end - start))
            start = _tag_at(data, tag, end)
        if spans:
            return spans
    return spans


def article_from_entry(entry: Mapping[str, Any], path: str, source: str | None, language: str | None) -> Article | None:
    """One feed item as an Article, or None when it has no title, no text and no link."""
    from reader.ingest.parse import count_words, derive_title

    title = " ".join(_text(entry.get("title"), entry.get("title_detail")).split())
    found = tuple(text_paragraphs(_body(entry)))
    link = " ".join(str(entry.get("link") or "").split()) or None
    if not title and not found and not link:
        return None
    derived = not title
    if derived:  # from its text, else its link (a link post)
        title = derive_title(found[0]) if found else link or ""
    key = " ".join(str(entry.get("id") or "").split()) or (link or "")
    return Article(
        path=path,
        title=title,
        paragraphs=found,
        date=_date(entry),
        byline=_author(entry) or None,
        words=count_words(" ".join(found)),
        title_derived=derived,
        item=key,
        url=link,
        source=source,
        language=(str(entry.get("language") or "").strip()[:35] or language),
    )


def _author(entry: Mapping[str, Any]) -> str:
    """The item's author: the name of RSS's "jane@example.org (Jane Roe)", else as written (Atom's
    name, an RSS author without an address, a Dublin Core creator)."""
    written = " ".join(str(entry.get("author") or "").split())[:300]
    found = _RSS_AUTHOR.fullmatch(written)
    return " ".join(found.group(1).split()) if found else written


#: A character reference with its closing ";" (html.unescape alone would also read "&region=" as "®ion=").
_REFERENCE = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{1,31});")


def _text(value: Any, detail: Any) -> str:
    """A text construct as plain text (feedparser hands over HTML ones as sanitised HTML). A plain
    one keeps no character references: publishers escape twice (``&amp;nbsp;``), and a feed read
    leniently hands over HTML with its tags gone and its entities left."""
    text = str(value or "")
    kind = str((detail or {}).get("type") or "") if isinstance(detail, Mapping) else ""
    if "html" in kind:
        return html_to_text(text)
    return _REFERENCE.sub(lambda found: html.unescape(found.group()), text) if "&" in text else text


def _body(entry: Mapping[str, Any]) -> str:
    """The fullest content the item carries: its longest content part, else its summary."""
    parts = [part for part in entry.get("content") or [] if isinstance(part, Mapping) and part.get("value")]
    if parts:
        best = max(parts, key=lambda part: len(str(part.get("value"))))
        return _text(best.get("value"), best)
    return _text(entry.get("summary"), entry.get("summary_detail"))


def _date(entry: Mapping[str, Any]) -> ArticleDate | None:
    for name in ("published", "updated", "created"):
        parsed = entry.get(f"{name}_parsed")
        if parsed is None:
            continue
        try:
            year, month, day, hour, minute = parsed[:5]
            calendar.timegm(parsed)  # (rejects what no date is)
        except (TypeError, ValueError, OverflowError):
            continue
        written = " ".join(str(entry.get(name) or "").split())[:100]
        return ArticleDate(year, month, day, hour, minute, written=written)
    return None
