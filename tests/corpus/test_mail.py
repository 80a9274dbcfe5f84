"""Newsletters: .eml and mbox files, one article per message."""

from __future__ import annotations

from reader.ingest.files import load_articles
from reader.model import ArticleDate

PLAIN = """From: Caspian Brief <brief@example.org>
To: reader@example.org
Subject: Caspian Brief: ports expand
Date: Thu, 12 Jun 2025 07:30:00 +0000
Message-ID: <brief-42@example.org>
Content-Type: text/plain; charset=utf-8

Baku and Aktau add berths.

Shipping grows, says the port authority.
"""

HTML_ONLY = """From: "Grain Weekly" <news@grain.example>
Subject: =?utf-8?q?Wheat_prices_fall_=E2=80=94_again?=
Date: Tue, 10 Jun 2025 09:00:00 +0200
Message-ID: <gw-7@grain.example>
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

<html><head><style>p {color: red}</style></head><body><p>Wheat fell again.</p>
<script>alert(1)</script><p>Exports slowed.</p></body></html>
"""

MULTIPART = """From: Analyst <a@example.org>
Subject: Two parts
Date: Mon, 09 Jun 2025 10:00:00 +0000
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b1"

--b1
Content-Type: text/plain; charset=utf-8

The plain part wins.
--b1
Content-Type: text/html; charset=utf-8

<p>The HTML part.</p>
--b1--
"""


def test_an_eml_file_is_one_article_with_its_headers(tmp_path):
    path = tmp_path / "brief.eml"
    path.write_text(PLAIN, encoding="utf-8")
    (article,), problems = load_articles(path)
    assert problems == []
    assert (article.title, article.source, article.item) == (
        "Caspian Brief: ports expand",
        "Caspian Brief",
        "brief-42@example.org",
    )
    assert article.paragraphs == ("Baku and Aktau add berths.", "Shipping grows, says the port authority.")
    assert article.date == ArticleDate(2025, 6, 12, 7, 30, written="Thu, 12 Jun 2025 07:30:00 +0000")


def test_an_mbox_holds_many_messages_html_made_text_and_plain_preferred(tmp_path):
    path = tmp_path / "news.mbox"
    mbox = "".join(f"From sender@example Thu Jun 12 07:30:00 2025\n{m}\n" for m in (PLAIN, HTML_ONLY, MULTIPART))
    path.write_text(mbox, encoding="utf-8")
    articles, problems = load_articles(path)
    assert problems == []
    assert [(a.item, a.title) for a in articles] == [
        ("brief-42@example.org", "Caspian Brief: ports expand"),
        ("gw-7@grain.example", "Wheat prices fall — again"),
        ("message 3", "Two parts"),
    ]
    assert articles[1].paragraphs == ("Wheat fell again.", "Exports slowed.")
    assert articles[1].source == "Grain Weekly"
    assert articles[2].text == "The plain part wins."


def test_a_body_line_escaped_as_from_stays_in_its_message(tmp_path):
    body = PLAIN.replace("Shipping grows", "\n>From the harbour: shipping grows")
    path = tmp_path / "one.mbox"
    path.write_text(f"From x@example Thu Jun 12 07:30:00 2025\n{body}", encoding="utf-8")
    (article,), _ = load_articles(path)
    assert "From the harbour: shipping grows, says the port authority." in article.text


def test_a_file_that_is_no_mbox_is_a_problem_and_an_empty_message_a_warning(tmp_path):
    path = tmp_path / "not.mbox"
    path.write_text("Just some text.\n", encoding="utf-8")
    articles, problems = load_articles(path)
    assert articles == [] and problems[0].reason.startswith("not an mbox")
    path = tmp_path / "some.mbox"
    path.write_text(f"From a Thu Jun 12 2025\n{PLAIN}\nFrom b Thu Jun 12 2025\nX-Empty: 1\n\n\n", encoding="utf-8")
    articles, problems = load_articles(path)
    assert [a.title for a in articles] == ["Caspian Brief: ports expand"]
    assert [p.reason for p in problems] == ["message 2: no subject and no text"]


NEWSLETTER = """From: Caspian Brief <brief@example.org>
Subject: Ports weekly
Date: Fri, 13 Jun 2025 06:00:00 +0000
Message-ID: <pw-1@example.org>
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

<!DOCTYPE html><html><head><title>Ports weekly</title><style>td {padding: 4px}</style></head><body>
<table width="100%"><tr><td><a href="https://example.org/web">View this email in your browser</a></td></tr></table>
<table><tr><td><nav><a href="/">Home</a> | <a href="/archive">Archive</a> | <a href="/jobs">Jobs</a></nav></td></tr>
<tr><td><article>
<h1>Ports weekly</h1>
<p>The port of Baku handled a record tonnage in May, helped by grain from Kazakhstan and a new ferry line
to Turkmenbashi that doubled the number of weekly crossings.</p>
<p>In Aktau, the second container berth is now expected in September, two months later than planned,
because cranes ordered from abroad are still waiting for customs clearance.</p>
</article></td></tr>
<tr><td><footer><p>You are receiving this because you subscribed. Unsubscribe | Manage preferences</p>
<p>Caspian Brief, 1 Harbour Road</p></footer></td></tr></table></body></html>
"""


def test_a_designed_newsletter_keeps_its_main_text_without_layout_links_or_footer(tmp_path):
    path = tmp_path / "weekly.eml"
    path.write_text(NEWSLETTER, encoding="utf-8")
    (article,), problems = load_articles(path)
    assert problems == []
    assert article.title == "Ports weekly" and article.source == "Caspian Brief"
    assert [paragraph[:20] for paragraph in article.paragraphs] == ["The port of Baku han", "In Aktau, the second"]
