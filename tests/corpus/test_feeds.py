"""Feed files (RSS, Atom): one article per item, the fullest content, hostile XML made harmless."""

from __future__ import annotations

import socket

from cpu_budget import hang_budget

from reader.ingest.files import load_articles, load_corpus
from reader.model import ArticleDate

RSS = """<?xml version="1.0" encoding="windows-1251"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Каспий Wire</title><language>ru</language>
<item><title>Порт расширяется</title><link>https://example.org/p</link><guid>p-1</guid>
<pubDate>Thu, 12 Jun 2025 07:30:00 GMT</pubDate><author>desk@caspian-wire.example (Jane Roe)</author>
<description>Short summary.</description>
<content:encoded><![CDATA[<p>Full text one.</p><script>alert(1)</script><p>Full text two.</p>]]></content:encoded>
</item>
<item><title>Second &amp; last</title>
<description>&lt;p&gt;Only a &lt;b&gt;summary&lt;/b&gt;.&lt;/p&gt;</description></item>
<item><description></description></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Grain Weekly</title>
<entry><id>tag:grain.example,2025:7</id><title type="html">Wheat &lt;em&gt;falls&lt;/em&gt;</title>
<updated>2025-06-10T09:00:00+02:00</updated><link href="https://grain.example/7"/>
<author><name>John Doe</name></author>
<summary>Short.</summary>
<content type="html">&lt;p&gt;Wheat fell again.&lt;/p&gt;&lt;p&gt;Exports slowed.&lt;/p&gt;</content>
</entry></feed>
"""

RDF = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://old.example/"><title>Old Site</title></channel>
<item rdf:about="https://old.example/1"><title>RDF item</title><link>https://old.example/1</link>
<description>From RSS 1.0.</description></item>
</rdf:RDF>
"""

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
<!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
]>
<rss version="2.0"><channel><title>T</title>
<item><title>Laugh &f;</title><description>x</description></item></channel></rss>
"""


def test_rss_items_with_their_fullest_content_in_the_declared_encoding(tmp_path):
    path = tmp_path / "news.rss"
    path.write_bytes(RSS.encode("windows-1251"))
    articles, problems = load_articles(path)
    assert problems == [Problem_warning(path, "entry 3: no title, no text and no link")]
    first, second = articles
    assert (first.item, first.title, first.source, first.language, first.encoding) == (
        "p-1",
        "Порт расширяется",
        "Каспий Wire",
        "ru",
        "windows-1251",
    )
    assert first.paragraphs == ("Full text one.", "Full text two.")  # content:encoded over the summary, no script
    assert (first.byline, first.url) == ("Jane Roe", "https://example.org/p")
    assert first.date == ArticleDate(2025, 6, 12, 7, 30, written="Thu, 12 Jun 2025 07:30:00 GMT")
    assert (second.item, second.title, second.paragraphs) == ("entry 2", "Second & last", ("Only a summary.",))


def Problem_warning(path, reason):
    from reader.model import Problem

    return Problem(str(path), reason, "warning")


def test_atom_and_rss_1_0(tmp_path):
    (tmp_path / "grain.atom").write_text(ATOM, encoding="utf-8")
    (tmp_path / "old.rdf").write_text(RDF, encoding="utf-8")
    corpus = load_corpus([tmp_path])
    assert corpus.problems == []
    wheat, rdf = sorted(corpus.articles, key=lambda a: a.title, reverse=True)
    assert (wheat.item, wheat.title, wheat.byline, wheat.source) == (
        "tag:grain.example,2025:7",
        "Wheat falls",
        "John Doe",
        "Grain Weekly",
    )
    assert wheat.paragraphs == ("Wheat fell again.", "Exports slowed.")
    assert wheat.date is not None and wheat.date.iso() == "2025-06-10T07:00"  # to UTC, as feedparser gives it
    assert (rdf.item, rdf.title, rdf.text, rdf.source) == (
        "https://old.example/1",
        "RDF item",
        "From RSS 1.0.",
        "Old Site",
    )


def test_entity_expansion_and_external_entities_never_happen(tmp_path):
    (tmp_path / "laughs.xml").write_text(LAUGHS, encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<rss version="2.0"><channel><title>T</title><item><title>Leak &x; end</title>'
        "<description>x</description></item></channel></rss>"
    )
    (tmp_path / "xxe.rss").write_text(xxe, encoding="utf-8")
    with hang_budget("the billion laughs", 5.0):  # CPU seconds: entities are never expanded
        laughs, problems = load_articles(tmp_path / "laughs.xml")
    assert len(laughs[0].title) < 100 and [p.reason for p in problems] == ["not well-formed XML; read leniently"]
    leaked, _ = load_articles(tmp_path / "xxe.rss")
    assert "TOP-SECRET" not in leaked[0].title


def test_a_feed_is_given_bytes_so_a_url_is_never_fetched(tmp_path, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the feed reader tried to connect")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    path = tmp_path / "link.xml"
    path.write_text("http://127.0.0.1:9/feed.xml", encoding="utf-8")
    articles, problems = load_articles(path)
    assert articles == [] and problems[0].reason.startswith("not a feed")


def test_xml_that_is_no_feed_and_a_feed_without_items_are_problems(tmp_path):
    (tmp_path / "config.xml").write_text('<?xml version="1.0"?><config><a>1</a></config>', encoding="utf-8")
    (tmp_path / "empty.rss").write_text('<rss version="2.0"><channel><title>T</title></channel></rss>', "utf-8")
    corpus = load_corpus([tmp_path])
    assert corpus.articles == []
    assert sorted((p.path.rsplit("/", 1)[-1], p.reason.split(" (")[0]) for p in corpus.problems) == [
        ("config.xml", "not a feed"),
        ("empty.rss", "a feed with no items"),
    ]


def test_an_item_with_only_a_link_is_an_article_titled_by_it(tmp_path):
    path = tmp_path / "links.rss"
    path.write_text(
        '<rss version="2.0"><channel><title>Links</title><item><link>https://example.org/a</link></item>'
        '<item><guid isPermaLink="false">only-a-guid</guid></item></channel></rss>',
        encoding="utf-8",
    )
    [article], problems = load_articles(path)
    assert (article.title, article.title_derived, article.url, article.paragraphs) == (
        "https://example.org/a",
        True,
        "https://example.org/a",
        (),
    )
    assert [p.reason for p in problems] == ["entry 2: no title, no text and no link"]


def test_plain_text_keeps_no_character_references_in_a_whole_or_a_cut_feed(tmp_path):
    """Text its publisher escaped twice (an Atom text construct holding ``&nbsp;``, a title with
    ``&amp;amp;``), in a whole feed and in one cut off after an item (read leniently), is read as
    words, not as ``&nbsp;``."""
    entry = (
        "<entry><id>e{n}</id><title>Voice&amp;nbsp;Inbox &amp;amp; more {n} ?lang=en&amp;region=us&amp;para=2</title>"
        "<summary><![CDATA[Если у вас&nbsp;разблокирован смартфон&nbsp;то качаем {n}.]]></summary></entry>"
    )
    whole = '<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>' + entry.format(n=1) + entry.format(n=2)
    (tmp_path / "whole.atom").write_text(whole + "</feed>", encoding="utf-8")
    (tmp_path / "cut.atom").write_text(whole[: whole.rindex("</entry>")], encoding="utf-8")
    for name in ("whole.atom", "cut.atom"):
        articles, _problems = load_articles(tmp_path / name)
        assert [(a.title, a.paragraphs) for a in articles] == [
            (
                f"Voice Inbox & more {n} ?lang=en&region=us&para=2",  # (no "®ion": only references with their ";")
                (f"Если у вас разблокирован смартфон то качаем {n}.",),
            )
            for n in (1, 2)
        ], name
