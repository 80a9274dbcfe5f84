"""Well-formed RSS 2.0 and Atom 1.0 read with lxml's C parser, given in feedparser's shape.

feedparser reads every feed, however broken, but its parser runs in Python: two thirds of the time
a big feed takes to index went into it. A feed that is well-formed XML of the two common kinds is
read here instead, into the few fields the reader uses, named and typed as feedparser gives them
(the same date parser, the same test of whether a title is HTML), so that both readings give the
same articles (tests/corpus/test_feed_fast.py checks it). Anything else — RSS 1.0 and 0.9x, a
document type declaration, malformed XML, another root — returns None: feedparser reads it.

The parser resolves no entity, loads no DTD and never touches the network.
"""

from __future__ import annotations

from typing import Any

_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
_DC = "{http://purl.org/dc/elements/1.1/}"
_ATOM = "{http://www.w3.org/2005/Atom}"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: RSS item elements read as they stand, by feedparser's name for them.
_RSS_FIELDS = {"link": "link", "description": "summary", "pubDate": "published", f"{_DC}date": "updated"}
#: The elements an item may have for it to be read here: feedparser gives meaning to many others
#: (Dublin Core and iTunes fallbacks, media titles, Atom inside RSS, base64 content…); an item with
#: any of them sends the whole feed to feedparser.
_RSS_ITEM_CHILDREN = frozenset(
    {*_RSS_FIELDS, _CONTENT, "title", "guid", "author", f"{_DC}creator", "category", "comments", "enclosure"}
)
_ATOM_ENTRY_CHILDREN = frozenset(f"{_ATOM}{name}" for name in ("id", "title", "link", "published", "updated"))
_ATOM_ENTRY_CHILDREN |= frozenset(f"{_ATOM}{name}" for name in ("content", "summary", "author", "category"))
_ATOM_AUTHOR_CHILDREN = frozenset(f"{_ATOM}{name}" for name in ("name", "email", "uri"))
_ATOM_TEXT_TYPES = frozenset({"text", "html"})


class _Unusual(Exception):
    """Something feedparser gives a meaning this reading does not: feedparser reads the feed."""


def fast_parse(document: bytes) -> dict[str, Any] | None:
    """The feed as feedparser's result would hold it (entries, feed, encoding, version), or None
    when it is not well-formed RSS 2.0 or Atom 1.0 without a document type."""
    from lxml import etree

    head = document[:4096]
    if b"<!DOCTYPE" in head or b"<!doctype" in head or b"xml:base" in document:  # (feedparser resolves links)
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(document, parser)
    except (etree.XMLSyntaxError, ValueError):
        return None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        return None
    encoding = (tree.docinfo.encoding or "utf-8").lower()
    try:
        return _read(root, encoding)
    except _Unusual:
        return None


def _read(root: Any, encoding: str) -> dict[str, Any] | None:
    if root.tag == "rss" and root.get("version") == "2.0":
        channel = root.find("channel")
        if channel is None:
            return None
        feed = {"title": _text(channel.find("title")), "title_detail": _kind_of(_text(channel.find("title")))}
        feed["language"] = _text(channel.find("language"))
        entries = [_rss_item(item) for item in channel.iterfind("item")]
        return {"entries": entries, "feed": feed, "encoding": encoding, "version": "rss20", "bozo": 0}
    if root.tag == f"{_ATOM}feed":
        title, kind = _atom_text(root.find(f"{_ATOM}title"))
        feed = {"title": title, "title_detail": {"type": kind}, "language": root.get(_XML_LANG) or ""}
        entries = [_atom_entry(entry) for entry in root.iterfind(f"{_ATOM}entry")]
        return {"entries": entries, "feed": feed, "encoding": encoding, "version": "atom10", "bozo": 0}
    return None


def _text(element: Any) -> str:
    return "" if element is None else "".join(element.itertext()).strip()


def _kind_of(text: str) -> dict[str, str]:
    """feedparser's type of an RSS text: HTML when it looks like HTML, by feedparser's own test."""
    from feedparser.mixin import _FeedParserMixin

    looks = ("<" in text or "&" in text) and _FeedParserMixin.looks_like_html(text)
    return {"type": "text/html" if looks else "text/plain"}


def _dated(entry: dict[str, Any], name: str, written: str) -> None:
    from feedparser.datetimes import _parse_date

    if written and name not in entry:
        entry[name] = written
        entry[f"{name}_parsed"] = _parse_date(written)


def _rss_item(item: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    title = item.find("title")
    if title is not None:
        entry["title"] = _text(title)
        entry["title_detail"] = _kind_of(entry["title"])
    for child in item:
        tag = child.tag
        if not isinstance(tag, str):  # (a comment or processing instruction)
            continue
        if tag not in _RSS_ITEM_CHILDREN or len(child) or (tag == "link" and ("link" in entry or child.attrib)):
            raise _Unusual(tag)  # (elements inside it, or a second link or one with attributes)
        if tag in _RSS_FIELDS:
            name = _RSS_FIELDS[tag]
            if name in ("published", "updated"):
                _dated(entry, name, _text(child))
            elif name not in entry:
                entry[name] = _text(child)
                if name == "summary":
                    entry["summary_detail"] = {"type": "text/html"}
        elif tag == _CONTENT:
            entry.setdefault("content", []).append({"value": _text(child), "type": "text/html"})
        elif tag == "guid":
            entry["id"] = _text(child)
            if child.get("isPermaLink", "true").lower() != "false" and "link" not in entry:
                entry["guid_link"] = entry["id"]
        elif tag in ("author", f"{_DC}creator") and "author" not in entry:
            entry["author"] = _text(child)
    if "link" not in entry and "guid_link" in entry:  # (a permanent guid is the link when there is none)
        entry["link"] = entry["guid_link"]
    entry.pop("guid_link", None)
    return entry


def _atom_text(element: Any) -> tuple[str, str]:
    """An Atom text construct's value and feedparser's type for it."""
    if element is None:
        return "", "text/plain"
    kind = (element.get("type") or "text").lower()
    if kind not in _ATOM_TEXT_TYPES or element.get("mode") or element.get("src") or len(element):
        raise _Unusual(kind)  # (XHTML, base64, out-of-line or other media types)
    return (element.text or "").strip(), "text/html" if kind == "html" else "text/plain"


def _atom_entry(element: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    for child in element:
        if isinstance(child.tag, str) and child.tag not in _ATOM_ENTRY_CHILDREN:
            raise _Unusual(child.tag)
    title, kind = _atom_text(element.find(f"{_ATOM}title"))
    if element.find(f"{_ATOM}title") is not None:
        entry["title"], entry["title_detail"] = title, {"type": kind}
    found_id = element.find(f"{_ATOM}id")
    if found_id is not None:
        entry["id"] = _text(found_id)
    alternates = [link for link in element.iterfind(f"{_ATOM}link") if (link.get("rel") or "alternate") == "alternate"]
    if len(alternates) != 1 or not (alternates[0].get("href") or "").strip():
        raise _Unusual("link")  # (feedparser picks among several, or makes one of the id)
    entry["link"] = alternates[0].get("href").strip()
    for name in ("published", "updated"):
        _dated(entry, name, _text(element.find(f"{_ATOM}{name}")))
    content = element.find(f"{_ATOM}content")
    if content is not None:
        value, kind = _atom_text(content)
        entry["content"] = [{"value": value, "type": kind}]
    summary = element.find(f"{_ATOM}summary")
    if summary is not None:
        entry["summary"], kind = _atom_text(summary)
        entry["summary_detail"] = {"type": kind}
    author = element.find(f"{_ATOM}author")
    if author is not None:
        if any(isinstance(child.tag, str) and child.tag not in _ATOM_AUTHOR_CHILDREN for child in author):
            raise _Unusual("author")
        name, email = _text(author.find(f"{_ATOM}name")), _text(author.find(f"{_ATOM}email"))
        entry["author"] = f"{name} ({email})" if name and email else name or email
    return entry
