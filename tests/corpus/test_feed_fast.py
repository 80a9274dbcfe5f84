"""Well-formed RSS 2.0 and Atom read with lxml give the same articles as feedparser gives, and
anything feedparser gives a meaning the fast reading does not is left to feedparser."""

from __future__ import annotations

from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.ingest import feed_fast
from reader.ingest.feeds import Feed
from reader.ingest.formats import UnreadableFile

TEXTS = [
    "Port of Baku expands",
    "Wheat & barley",
    "<b>Bold</b> claim",
    "&lt;p&gt;escaped&lt;/p&gt;",
    "Ünïcödé – “quotes” — Каспий",
    "  spaced   out  ",
    "",
]
HTML = [
    "<p>One.</p><p>Two.</p>",
    "<p>With <a href='x'>a link</a> and <script>alert(1)</script> a script.</p>",
    "Plain text, no tags.",
    "<div>Block</div><ul><li>item</li></ul>",
    "",
]
DATES = [
    "Thu, 12 Jun 2025 07:30:00 GMT",
    "Thu, 12 Jun 2025 07:30:00 +0200",
    "12 Jun 2025",
    "2025-06-12T07:30:00-05:00",
    "not a date",
    "",
]
ATOM_DATES = ["2025-06-12T07:30:00Z", "2025-06-12T07:30:00+02:00", "2025-06-12", "garbage", ""]
AUTHORS = ["desk@example.org (Jane Roe)", "Jane Roe", "desk@example.org", ""]


def element(tag: str, text: str, cdata: bool = False, **attrs: str) -> str:
    attributes = "".join(f' {name}="{escape(value)}"' for name, value in attrs.items())
    body = f"<![CDATA[{text}]]>" if cdata and "]]>" not in text else escape(text)
    return f"<{tag}{attributes}>{body}</{tag}>"


@st.composite
def rss_item(draw) -> str:
    parts = []
    if draw(st.booleans()):
        parts.append(element("title", draw(st.sampled_from(TEXTS)), cdata=draw(st.booleans())))
    if draw(st.booleans()):
        parts.append(element("link", f"https://example.org/{draw(st.integers(0, 5))}"))
    if draw(st.booleans()):
        permanent = draw(st.sampled_from(["", "true", "false"]))
        guid = draw(st.sampled_from(["g-1", "https://example.org/g", "tag:x,2025:1"]))
        parts.append(element("guid", guid, **({"isPermaLink": permanent} if permanent else {})))
    if draw(st.booleans()):
        parts.append(element("description", draw(st.sampled_from(HTML + TEXTS)), cdata=draw(st.booleans())))
    if draw(st.booleans()):
        parts.append(element("content:encoded", draw(st.sampled_from(HTML)), cdata=True))
    if draw(st.booleans()):
        parts.append(element("pubDate", draw(st.sampled_from(DATES))))
    if draw(st.booleans()):
        parts.append(element("dc:date", draw(st.sampled_from(ATOM_DATES))))
    if draw(st.booleans()):
        parts.append(element(draw(st.sampled_from(["author", "dc:creator"])), draw(st.sampled_from(AUTHORS))))
    if draw(st.booleans()):
        parts.append(element("category", "Ports"))
    return f"<item>{''.join(draw(st.permutations(parts)))}</item>"


@st.composite
def rss_feed(draw) -> bytes:
    items = "\n".join(draw(st.lists(rss_item(), min_size=1, max_size=6)))
    title = element("title", draw(st.sampled_from(TEXTS)))
    language = element("language", draw(st.sampled_from(["en", "ru", ""])))
    encoding = draw(st.sampled_from(["utf-8", "windows-1251"]))
    text = (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<channel>{title}{language}{items}</channel></rss>\n"
    )
    return text.encode(encoding, errors="xmlcharrefreplace")


@st.composite
def atom_entry(draw) -> str:
    parts = [element("id", f"tag:example.org,2025:{draw(st.integers(0, 9))}")]
    parts.append(f'<link href="https://example.org/{draw(st.integers(0, 9))}"/>')
    if draw(st.booleans()):
        parts.append('<link rel="self" href="https://example.org/self"/>')
    for tag in ("title", "summary", "content"):
        if draw(st.booleans()):
            kind = draw(st.sampled_from(["", "text", "html"]))
            value = draw(st.sampled_from(HTML + TEXTS))
            parts.append(element(tag, value, cdata=draw(st.booleans()), **({"type": kind} if kind else {})))
    for tag in ("published", "updated"):
        if draw(st.booleans()):
            parts.append(element(tag, draw(st.sampled_from(ATOM_DATES))))
    if draw(st.booleans()):
        name = element("name", draw(st.sampled_from(["Jane Roe", ""])))
        email = element("email", "jane@example.org") if draw(st.booleans()) else ""
        parts.append(f"<author>{name}{email}</author>")
    return f"<entry>{''.join(draw(st.permutations(parts)))}</entry>"


@st.composite
def atom_feed(draw) -> bytes:
    entries = "\n".join(draw(st.lists(atom_entry(), min_size=1, max_size=6)))
    language = draw(st.sampled_from(["", ' xml:lang="fr"']))
    title = element("title", draw(st.sampled_from(TEXTS)))
    text = f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"{language}>{title}{entries}</feed>'
    return text.encode()


def read(data: bytes, monkeypatch, fast: bool):
    with monkeypatch.context() as patch:
        if not fast:
            patch.setattr(feed_fast, "fast_parse", lambda document: None)
        try:
            articles, problems = Feed().read_bytes(data, "f.rss")
        except UnreadableFile as error:
            return str(error)
    fields = [
        (a.item, a.title, a.title_derived, a.paragraphs, a.date, a.url, a.byline, a.source, a.language, a.span)
        for a in articles
    ]
    return fields, [p.reason for p in problems]


@given(st.one_of(rss_feed(), atom_feed()))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_fast_reading_gives_what_feedparser_gives(monkeypatch, data):
    assert feed_fast.fast_parse(data) is not None  # (these are all feeds it reads)
    assert read(data, monkeypatch, fast=True) == read(data, monkeypatch, fast=False)


@pytest.mark.parametrize(
    "unusual",
    [
        '<!DOCTYPE rss [<!ENTITY x "y">]><rss version="2.0"><channel><item><title>&x;</title></item></channel></rss>',
        '<rss version="0.91"><channel><item><title>Old</title></item></channel></rss>',
        '<rss version="2.0" xml:base="http://example.org/"><channel><item><link>a</link></item></channel></rss>',
        '<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><item><title>T</title>'
        "<media:title>Other</media:title></item></channel></rss>",
        '<rss version="2.0"><channel><item><link>http://a</link><link>http://b</link></item></channel></rss>',
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://example.org/1</id></entry></feed>',
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="http://a"/><content type="xhtml">'
        '<div xmlns="http://www.w3.org/1999/xhtml"><p>x</p></div></content></entry></feed>',
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="http://a"/>'
        '<content type="application/octet-stream">aGVsbG8=</content></entry></feed>',
        '<rss version="2.0"><channel><item><title>Broken</item></channel></rss>',
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>',
    ],
)
def test_what_feedparser_reads_differently_is_left_to_it(unusual):
    assert feed_fast.fast_parse(unusual.encode()) is None
