"""Saved web pages: the article's main text in paragraphs, the metadata the page states, and
hostile pages made harmless."""

from __future__ import annotations

import subprocess
import sys

import pytest
from cpu_budget import hang_budget

from reader.ingest import web_pages
from reader.ingest.files import load_articles, load_corpus
from reader.ingest.web_pages import decode_page, page_article
from reader.model import ArticleDate

STORY = [
    "The harbour authority approved the expansion of the eastern container terminal on Tuesday, "
    "after three years of hearings and two rejected plans.",
    "Dock workers had warned that the new cranes would cut hundreds of jobs, but the final plan "
    "keeps the existing crews and adds a training programme for the automated berths.",
    "Shipping lines welcomed the decision. Traffic through the port grew by a fifth last year, "
    "and ships have waited up to four days for a berth during the winter season.",
    "Construction is due to start in the spring and to finish within three years, the authority said.",
]

PAGE = f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Port expansion approved after three years | Harbour Times</title>
<meta property="og:site_name" content="Harbour Times">
<meta property="og:title" content="Port expansion approved after three years">
<meta name="author" content="Jane Roe">
<meta name="description" content="Cranes, crews and a training programme: what the new terminal means.">
<link rel="canonical" href="https://harbour-times.example/2025/06/port-expansion">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Port expansion approved after three years", "datePublished": "2025-06-12T07:30:00+01:00"}}</script>
<style>body {{ color: red }}</style></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news section</a></li>
<li><a href="/sport">Sport section link</a></li><li><a href="/subscribe">Subscribe today and save</a></li></ul></nav>
<div class="ad">ADVERTISEMENT: Buy cheap flights now with our partner airline offer</div>
<main><article>
<h1>Port expansion approved after three years</h1>
<p class="byline">By Jane Roe</p>
{"".join(f"<p>{paragraph}</p>" for paragraph in STORY)}
</article>
<section class="comments" id="comments"><h2>Comments</h2>
<div class="comment"><p>COMMENTER-TEXT this is the worst decision ever made by anyone in this town!!!</p></div>
</section></main>
<footer><p>FOOTER-TEXT Copyright 2025 Harbour Times. All rights reserved. Privacy policy. Cookie settings.</p></footer>
<script>document.write("SCRIPT-TEXT")</script>
</body></html>
"""


def test_a_news_page_gives_its_main_text_in_paragraphs_and_its_stated_metadata(tmp_path):
    path = tmp_path / "port.html"
    path.write_text(PAGE, encoding="utf-8")
    [article], problems = load_articles(path)
    assert problems == []
    assert article.title == "Port expansion approved after three years"
    assert article.paragraphs == tuple(STORY) or article.paragraphs[-len(STORY) :] == tuple(STORY)
    for boilerplate in ("Subscribe", "ADVERTISEMENT", "COMMENTER-TEXT", "FOOTER-TEXT", "SCRIPT-TEXT", "color: red"):
        assert boilerplate not in article.text
    assert article.date == ArticleDate(2025, 6, 12, 7, 30, written="2025-06-12T07:30:00+01:00")
    assert article.byline == "Jane Roe"
    assert article.source == "Harbour Times"
    assert article.url == "https://harbour-times.example/2025/06/port-expansion"
    assert article.language == "en-GB"
    assert article.subtitle == "Cranes, crews and a training programme: what the new terminal means."
    assert article.item == "" and article.encoding == "utf-8"
    assert not article.title_derived


@pytest.mark.parametrize(
    ("head", "body", "expected"),
    [
        ('<meta property="article:published_time" content="2024-03-05T18:02:11Z">', "", ArticleDate(2024, 3, 5, 18, 2)),
        ("", '<p><time datetime="2023-11-02">2 November</time></p>', ArticleDate(2023, 11, 2)),
        ('<meta name="date" content="2022-07">', "", ArticleDate(2022, 7)),
        ('<meta name="date" content="not a date at all">', "", None),
    ],
)
def test_the_publication_date_keeps_the_precision_the_page_states(head, body, expected):
    html = f"<html><head><title>A story</title>{head}</head><body>{body}<p>{' '.join(STORY)}</p></body></html>"
    found = page_article(html, "a.html").date
    if expected is None:
        assert found is None
    else:
        assert found is not None and found.iso() == expected.iso()


@pytest.mark.parametrize(
    ("written", "site", "expected"),
    [
        ("Port expansion approved | Harbour Times", "Harbour Times", "Port expansion approved"),
        ("Harbour Times - Port expansion approved", "Harbour Times", "Port expansion approved"),
        ("Port expansion approved - Memories 80/90 - Old Days", "Memories 80/90 - Old Days", "Port expansion approved"),
        ("Opinion | Port expansion approved", "Harbour Times", "Opinion | Port expansion approved"),
        ("Port expansion: what it means", "Harbour Times", "Port expansion: what it means"),
    ],
)
def test_a_title_loses_the_site_name_glued_to_it_and_nothing_else(written, site, expected):
    html = (
        f'<html><head><title>{written}</title><meta property="og:site_name" content="{site}"></head>'
        f"<body><article>{''.join(f'<p>{p}</p>' for p in STORY)}</article></body></html>"
    )
    assert page_article(html, "a.html").title == expected


def test_a_short_page_without_a_main_text_keeps_its_body_text_and_derives_a_title():
    article = page_article("<html><body><div>Ceasefire holds in the north.</div></body></html>", "short.html")
    assert article.paragraphs == ("Ceasefire holds in the north.",)
    assert article.title_derived and article.title.startswith("Ceasefire holds")


def test_the_declared_charset_decodes_the_page_and_a_bom_wins_over_it():
    page = '<html><head><meta charset="windows-1251"><title>Порт</title></head><body><p>Порт расширяется.</p>'
    text, encoding, warning = decode_page(page.encode("cp1251"))
    assert "Порт расширяется." in text and encoding == "cp1251" and warning is None
    declared = '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>Café</p>'
    bom = b"\xef\xbb\xbf" + declared.encode()
    text, encoding, _ = decode_page(bom)
    assert "Café" in text and encoding == "utf-8"
    text, encoding, _ = decode_page('<meta charset="iso-8859-1"><p>Caf\u00e9 \u2019</p>'.encode("cp1252"))
    assert "Café ’" in text and encoding == "cp1252"  # as browsers read ISO-8859-1
    text, encoding, _ = decode_page('<meta charset="no-such-codec"><p>Café</p>'.encode())
    assert "Café" in text and encoding == "utf-8"


LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE html [
<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
]>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Laugh &e; end</title></head>
<body><p>Laugh &e; body.</p></body></html>
"""


def test_entities_a_page_defines_are_never_expanded_nor_external_ones_read(tmp_path):
    (tmp_path / "laughs.xhtml").write_text(LAUGHS, encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    (tmp_path / "xxe.html").write_text(
        f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY x SYSTEM "file://{secret}">]>'
        "<html><head><title>Leak &x; end</title></head><body><p>Leak &x; body.</p></body></html>",
        encoding="utf-8",
    )
    with hang_budget("the billion laughs", 10.0):  # CPU seconds: entities are never expanded
        [laughs], _ = load_articles(tmp_path / "laughs.xhtml")
        [leaked], _ = load_articles(tmp_path / "xxe.html")
    assert len(laughs.title) + len(laughs.text) < 500
    assert "TOP-SECRET" not in leaked.title + leaked.text


def test_broken_empty_binary_and_oversized_pages_are_problems_and_the_others_load(tmp_path, monkeypatch):
    (tmp_path / "good.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "broken.html").write_text("<html><body><p>Unclosed <b>bold <i>text in a <div>broken page", "utf-8")
    padding = b"<!-- -->" * 40  # (two NULs in a few bytes would be a binary file)
    (tmp_path / "nul.htm").write_bytes(b"<html><body><p>Null\x00 bytes\x00 inside.</p>" + padding + b"</body></html>")
    (tmp_path / "empty.html").write_bytes(b"<html><head></head><body>   </body></html>")
    (tmp_path / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    (tmp_path / "deep.html").write_text("<div>" * 5_000 + "Deep text." + "</div>" * 5_000, "utf-8")
    (tmp_path / "huge.html").write_text("<p>" + "word " * 30_000 + "</p>", "utf-8")
    monkeypatch.setattr(web_pages, "MAX_PAGE_CHARS", 100_000)
    with hang_budget("hostile pages", 30.0):  # CPU seconds; 5,000 nested divs and 150 kB take well under one
        corpus = load_corpus([tmp_path])
    texts = {a.path.rsplit("/", 1)[1]: a.text for a in corpus.articles}
    assert texts["broken.html"] == "Unclosed bold text in a broken page"
    assert texts["nul.htm"] == "Null bytes inside."
    assert "Deep text." in texts["deep.html"]
    assert "Dock workers" in texts["good.html"]
    reasons = {p.path.rsplit("/", 1)[1]: p.reason for p in corpus.problems}
    assert reasons["empty.html"] == "a web page with no text"
    assert reasons["image.html"] == "binary file, not text"
    assert reasons["huge.html"].startswith("too large for a web page")


def test_nothing_the_extractor_logs_reaches_the_terminal(tmp_path, capfd):
    (tmp_path / "nothing.html").write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    load_corpus([tmp_path])
    captured = capfd.readouterr()
    assert captured.out == "" and captured.err == ""


def test_the_page_and_feed_libraries_are_imported_only_when_such_files_are_met():
    script = (
        "import sys\n"
        "import reader.cli, reader.ui.app\n"
        "from reader.ingest.files import load_corpus, seeds_dir\n"
        "load_corpus([seeds_dir()])\n"
        "print(sorted({'trafilatura', 'lxml', 'feedparser', 'htmldate', 'httpx'} & set(sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
