"""Web pages (``.html``, ``.htm``, ``.xhtml``): a saved page's article, its main text apart from
navigation, ads, comments and boilerplate, read with trafilatura.

trafilatura finds the main text and most metadata (title, author, site name, canonical URL). The
publication date is read here first, to the precision the page states (JSON-LD ``datePublished``,
``article:published_time`` and similar meta tags, ``<time datetime>``), because trafilatura's date
has the day at most; its date is the fallback. A title with the site's name glued on ("Story |
Site") loses it; a first paragraph that only repeats the title is dropped.

The page is only read: nothing is fetched or run (lxml's HTML parser reads no DTD and expands
no entity a document defines). A page whose main text cannot be found, a short one say, keeps
the text of its body rather than nothing.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from reader.ingest.formats import SourceFormat, UnreadableFile
from reader.model import Article, ArticleDate, Problem

if TYPE_CHECKING:
    from lxml.html import HtmlElement

#: Pages larger than this (characters once decoded) are refused: no news page is near it.
MAX_PAGE_CHARS = 20_000_000
#: A main text shorter than this (characters) is looked for again with trafilatura's fallbacks.
MIN_MAIN_TEXT = 250
#: JSON-LD blocks longer than this are not read for a date.
_MAX_JSON_LD = 1_000_000

_META_CHARSET = re.compile(r"""<meta[^>]{0,200}?charset\s*+=\s*+["']?+([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s[|\u2013\u2014\u00b7:\u2022»-]\s|\s?\|\s?")
_NOT_LETTERS = re.compile(r"[\W_]++")

#: Where pages state when they were published, in the order they are trusted.
_DATE_PATHS = (
    '//meta[@property="article:published_time" or @name="article:published_time"'
    ' or @itemprop="datePublished" or @property="og:published_time"'
    ' or @name="pubdate" or @name="publishdate" or @name="publish-date" or @name="date"'
    ' or @name="dc.date" or @name="DC.date" or @name="dcterms.created" or @name="DC.date.issued"'
    ' or @name="sailthru.date" or @name="parsely-pub-date"]/@content',
    '//*[@itemprop="datePublished"]/@datetime',
    "//article//time/@datetime",
    "//time[@pubdate]/@datetime",
    "//time/@datetime",
)

# trafilatura's helpers log what they discard; a terminal app must not have it on its screen.
for _name in ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer"):
    logging.getLogger(_name).addHandler(logging.NullHandler())


class WebPage(SourceFormat):
    """A saved web page: one article, item ""."""

    suffixes = frozenset({".html", ".htm", ".xhtml"})
    reads_bytes = True
    costly = True

    def read_bytes(self, data: bytes, path: str) -> tuple[list[Article], list[Problem]]:
        text, encoding, warning = decode_page(data)
        article = page_article(text, path)
        article.encoding = encoding
        return [article], ([Problem(path, warning, "warning")] if warning else [])


def decode_page(data: bytes) -> tuple[str, str, str | None]:
    """A page's text, its encoding and a warning: a byte-order mark, else the charset its
    ``<meta>`` declares, else UTF-8, else cp1252 (as files are decoded)."""
    import codecs

    from reader.ingest.files import clean_text, decode

    declared = _META_CHARSET.search(data[:4096].decode("ascii", "replace"))
    if declared is not None and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        try:
            name = codecs.lookup(declared.group(1)).name
        except LookupError:
            name = ""
        if name and name not in {"utf-8", "ascii"}:  # (those are tried strictly by decode)
            if name in {"latin-1", "iso8859-1"}:  # as browsers do: ISO-8859-1 pages are read as windows-1252
                name = "cp1252"
            try:
                return clean_text(data.decode(name)), name, None
            except (UnicodeDecodeError, LookupError):
                pass
    try:
        decoded = decode(data)
    except ValueError as error:  # a binary file
        raise UnreadableFile(str(error)) from None
    return decoded.text, decoded.encoding, decoded.warning


def page_article(html: str, path: str, url: str | None = None) -> Article:
    """The article of one page's HTML: its main text in paragraphs and what the page states
    about it. Raises UnreadableFile when the page has no text at all."""
    from reader.ingest.html_text import html_to_text, text_paragraphs
    from reader.ingest.parse import count_words, derive_title

    if len(html) > MAX_PAGE_CHARS:
        raise UnreadableFile(f"too large for a web page ({len(html) // 1_000_000} million characters)")
    tree = _tree(html)  # None when lxml refuses the markup (nested too deep, say): its text is still read
    date = _stated_date(tree) if tree is not None else None
    language = _language(tree) if tree is not None else None
    document = _extract(html, tree, url) if tree is not None else None
    paragraphs: tuple[str, ...] = ()
    title = site = author = canonical = description = ""
    if document is not None:
        paragraphs = tuple(" ".join(line.split()) for line in (document.text or "").split("\n") if line.strip())
        site = _one_line(document.sitename)
        title = _title(tree, site, _one_line(document.hostname)) or _one_line(document.title)
        author = _one_line(document.author).replace(";", ",")
        canonical = _one_line(document.url)
        description = _one_line(document.description)
        if date is None and document.date:
            from reader.ingest.dates import stated_date

            date = stated_date(str(document.date))
    if not paragraphs:  # no main text found (a short page): the text of its body
        paragraphs = tuple(text_paragraphs(html_to_text(html)))
    if title and paragraphs and _folded(paragraphs[0]) == _folded(title):
        paragraphs = paragraphs[1:]
    if not paragraphs and not title:
        raise UnreadableFile("a web page with no text")
    derived = not title
    if derived:
        title = derive_title(paragraphs[0])
    dek = description if len(description) <= 400 and not _repeats(description, paragraphs) else ""
    return Article(
        path=path,
        title=title,
        subtitle=dek or None,
        paragraphs=paragraphs,
        date=date,
        byline=author[:300] or None,
        words=count_words(" ".join(paragraphs)),
        title_derived=derived,
        url=(url or canonical or None),
        source=site[:200] or None,
        language=language,
    )


def _tree(html: str) -> HtmlElement | None:
    from trafilatura import load_html

    try:
        return load_html(html)
    except Exception:  # noqa: BLE001 - lxml refuses some inputs outright: then it is no page
        return None


def _extract(html: str, tree: HtmlElement, url: str | None) -> Any:
    """trafilatura's reading of the page: its own extractor alone first; when that finds little
    (under MIN_MAIN_TEXT characters), again with its fallbacks (readability, jusText), which cost
    a third more time and score no better on the pages that have a clear main text."""
    from trafilatura import bare_extraction

    best: Any = None
    for fast in (True, False):
        try:
            found: Any = bare_extraction(
                tree if fast else html,
                url=url,
                fast=fast,
                with_metadata=True,
                include_comments=False,
                include_tables=True,
                date_extraction_params={"extensive_search": False, "original_date": True},
            )
        except (ValueError, TypeError, AttributeError, RecursionError, LookupError):  # odd markup
            continue
        if found is not None and (best is None or len(found.text or "") > len(best.text or "")):
            best = found
        if best is not None and len(best.text or "") >= MIN_MAIN_TEXT:
            break
    return best


def _one_line(value: object) -> str:
    return " ".join(str(value or "").split())


def _folded(text: str) -> str:
    return _NOT_LETTERS.sub("", text.casefold())


def _repeats(description: str, paragraphs: tuple[str, ...]) -> bool:
    """Whether the page's description only repeats the start of its text."""
    start = _folded(" ".join(paragraphs[:2]))
    folded = _folded(description.removesuffix("...").removesuffix("…"))
    return not folded or folded in start


#: Where a page states its title, best first (<title> often has the site's name glued on).
_TITLE_PATHS = (
    '//meta[@property="og:title" or @name="og:title"]/@content',
    '//meta[@name="twitter:title" or @property="twitter:title"]/@content',
    "//head/title/text()",
    "//title/text()",
)


def _title(tree: HtmlElement, site: str, host: str) -> str:
    """The page's own title: its JSON-LD headline, og:title, twitter:title or <title>, without
    the site's name; "" when it states none."""
    for headline in _json_ld_values(tree, ("headline", "name"), types=_ARTICLE_TYPES):
        title = _one_line(headline)
        if title:
            return _without_site(title, site, host)[:500]
    for path in _TITLE_PATHS:
        for found in tree.xpath(path)[:1]:
            title = _one_line(found)
            if title:
                return _without_site(title, site, host)[:500]
    return ""


def _without_site(title: str, site: str, host: str) -> str:
    """The title without a site name glued to either end ("Story | Site", "Site - Story")."""
    names = {_folded(site), _folded(host.removeprefix("www.").rsplit(".", 1)[0])} - {""}
    if not names:
        return title
    if len(site) >= 3 and len(title) > len(site) + 3:  # a site name that has a separator in it
        if title.casefold().endswith(site.casefold()) and _SEPARATORS.search(title[-len(site) - 3 : -len(site)]):
            return _trim(title[: -len(site)])
        if title.casefold().startswith(site.casefold()) and _SEPARATORS.search(title[len(site) : len(site) + 3]):
            return _trim(title[len(site) :])
    parts = _SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    if _named(parts[-1], names):
        return _trim(title[: title.rfind(parts[-1])])
    if _named(parts[0], names):
        return _trim(title[len(parts[0]) :])
    return title


def _named(part: str, names: set[str]) -> bool:
    folded = _folded(part)
    return bool(folded) and any(folded == name or (len(name) > 3 and folded.startswith(name)) for name in names)


def _trim(text: str) -> str:
    return text.strip().strip("|\u2013\u2014\u00b7:\u2022»-").strip()


def _language(tree: HtmlElement) -> str | None:
    for found in tree.xpath("/html/@lang | /html/@xml:lang | //meta[@property='og:locale']/@content")[:3]:
        language = " ".join(str(found).split())[:35].replace("_", "-")
        if language:
            return language
    return None


def _stated_date(tree: HtmlElement) -> ArticleDate | None:
    """The publication date the page states, at its precision: JSON-LD first, then meta tags
    and ``<time>`` elements."""
    from reader.ingest.dates import stated_date

    for written in _json_ld_values(tree, ("datePublished", "dateCreated")):
        found = stated_date(written)
        if found is not None:
            return found
    for path in _DATE_PATHS:
        for written in tree.xpath(path)[:5]:
            found = stated_date(" ".join(str(written).split())[:100])
            if found is not None:
                return found
    return None


#: JSON-LD types whose headline is the page's title.
_ARTICLE_TYPES = frozenset(
    {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle", "BlogPosting"}
    | {"BackgroundNewsArticle", "ReviewNewsArticle", "ScholarlyArticle", "TechArticle", "Report", "LiveBlogPosting"}
)


def _json_ld_values(tree: HtmlElement, keys: tuple[str, ...], types: frozenset[str] | None = None) -> Iterator[str]:
    """The string values of ``keys`` in the page's JSON-LD, outermost first; with ``types``, only
    in objects of those types."""
    for script in tree.xpath('//script[@type="application/ld+json"]')[:20]:
        text = script.text or ""
        if len(text) > _MAX_JSON_LD:
            continue
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            continue
        yield from _values(data, keys, types, depth=0)


def _values(data: Any, keys: tuple[str, ...], types: frozenset[str] | None, depth: int) -> Iterator[str]:
    if depth > 8:
        return
    if isinstance(data, dict):
        kind = data.get("@type")
        kinds = set(kind) if isinstance(kind, list) else {kind}
        if types is None or kinds & types:
            for key in keys:
                if isinstance(data.get(key), str):
                    yield data[key]
        for value in data.values():
            if isinstance(value, dict | list):
                yield from _values(value, keys, types, depth + 1)
    elif isinstance(data, list):
        for value in data[:50]:
            yield from _values(value, keys, types, depth + 1)
