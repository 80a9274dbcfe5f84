"""OPML 2.0 in and out: how feed readers exchange their subscriptions.

An outline with an ``xmlUrl`` is a feed; the outlines around it (folders, categories) become its
tags, outermost first, and its ``category`` attribute adds more. The file is untrusted: one with
a document type declaration is refused (its entities would expand in attribute values), and it is
parsed with no DTD loaded and no network, and an outline whose URL is not
http(s) is a problem naming it, never a subscription.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape, quoteattr

from reader.subscriptions.store import BadURL, Subscription, checked_url

MAX_OUTLINES = 100_000
MAX_DEPTH = 50


class NotOPML(ValueError):
    """The file is not an OPML document; the message says why."""


def read_opml(data: bytes) -> tuple[list[Subscription], list[str]]:
    """The feeds an OPML document lists, in order, and a problem per outline left out."""
    from lxml import etree

    if b"<!DOCTYPE" in data[:4096].upper():  # (no OPML needs one; entities declared there would expand)
        raise NotOPML("an OPML file with a document type declaration (entities are not read)")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False)
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError) as error:
        raise NotOPML(f"not valid XML ({str(error).splitlines()[0][:120]})") from None
    if not isinstance(root.tag, str) or root.tag.lower() != "opml":
        raise NotOPML("not an OPML file (its root element is not <opml>)")
    body = root.find("body")
    if body is None:
        raise NotOPML("an OPML file without a <body>")
    found: list[Subscription] = []
    problems: list[str] = []
    _walk(body, (), found, problems, depth=0)
    return found, problems


def _walk(element: Any, tags: tuple[str, ...], found: list[Subscription], problems: list[str], depth: int) -> None:
    if depth > MAX_DEPTH:
        problems.append(f"outlines nested deeper than {MAX_DEPTH} levels left out")
        return
    for outline in element.iterfind("outline"):
        if len(found) >= MAX_OUTLINES:
            problems.append(f"more than {MAX_OUTLINES} feeds: the rest left out")
            return
        title = " ".join((outline.get("title") or outline.get("text") or "").split())[:200]
        url = outline.get("xmlUrl") or outline.get("xmlurl")
        if url is None:
            _walk(outline, (*tags, title) if title else tags, found, problems, depth + 1)
            continue
        # ("News, /World/Europe": a category path counts by its last part)
        parts = (outline.get("category") or "").split(",")
        categories = [" ".join(part.strip().strip("/").split("/")[-1].split()) for part in parts]
        try:
            checked = checked_url(url)
        except BadURL as error:
            problems.append(f"outline {title or url!r}: {error}; left out")
            continue
        every_tag = tuple(dict.fromkeys(tag for tag in (*tags, *categories) if tag))
        full_text = (outline.get("fullText") or "").lower() == "true"
        name = "" if title in (url.strip(), checked) else title  # (text = the URL: a feed with no name)
        found.append(Subscription(checked, name, every_tag, full_text))


def write_opml(subscriptions: list[Subscription], title: str = "reader subscriptions") -> str:
    """OPML 2.0 for these subscriptions: each in the folder of its first tag, its other tags as
    ``category``. Reading it back with `read_opml` gives them again."""
    folders: dict[str, list[Subscription]] = {}
    for subscription in subscriptions:
        folders.setdefault(subscription.tags[0] if subscription.tags else "", []).append(subscription)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        f"  <head><title>{escape(_xml_text(title))}</title></head>",
        "  <body>",
    ]
    for folder, members in folders.items():
        indent = "    "
        if folder:
            lines.append(f"    <outline text={quoteattr(_xml_text(folder))}>")
            indent = "      "
        for subscription in members:
            attributes = {"type": "rss", "text": subscription.name or subscription.url, "xmlUrl": subscription.url}
            if subscription.name:
                attributes["title"] = subscription.name
            if subscription.tags[1:]:
                attributes["category"] = ",".join(subscription.tags[1:])
            if subscription.full_text:
                attributes["fullText"] = "true"
            shown = " ".join(f"{key}={quoteattr(_xml_text(value))}" for key, value in attributes.items())
            lines.append(f"{indent}<outline {shown}/>")
        if folder:
            lines.append("    </outline>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (C0 controls but tab and newlines,
    lone surrogates, U+FFFE and U+FFFF)."""
    return "".join(ch for ch in text if _in_xml(ch))


def _in_xml(ch: str) -> bool:
    return ch in "\t\n\r" or " " <= ch <= "\ud7ff" or "\ue000" <= ch <= "\ufffd" or ch >= "\U00010000"
