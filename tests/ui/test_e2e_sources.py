"""The real `reader` command in a pseudo-terminal on a folder mixing every kind of source: text,
a feed, a JSON Lines dataset, a CSV, a mailbox and a saved web page list by date together, filter by source and
word, and open an item; `reader export` gives each its record."""

from __future__ import annotations

import json
import subprocess

from pty_terminal import READER, Home, Terminal

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Caspian Wire</title>
<item><title>Baku port adds berths</title><guid>w-1</guid><pubDate>Thu, 12 Jun 2025 07:30:00 GMT</pubDate>
<description>&lt;p&gt;Two berths opened in Baku.&lt;/p&gt;</description></item>
</channel></rss>
"""
MAIL = """From brief@example.org Mon Jun 09 07:00:00 2025
From: Grain Brief <brief@example.org>
Subject: Wheat exports slow
Date: Mon, 09 Jun 2025 07:00:00 +0000
Message-ID: <gb-1@example.org>

Wheat exports slowed in May.
"""
PAGE = """<html lang="en"><head><title>Tanker rates climb | Sea Ledger</title>
<meta property="og:site_name" content="Sea Ledger"><meta name="author" content="Ana Lima">
<link rel="canonical" href="https://www.sealedger.example/markets/tankers">
<meta property="article:published_time" content="2025-06-08T06:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/markets">Markets</a> <a href="/subscribe">Subscribe now</a></nav>
<article><h1>Tanker rates climb</h1>
<p>Rates for crude tankers in the Caspian rose for a third week, brokers said on Sunday, as grain and oil
cargoes competed for the same few vessels.</p>
<p>Owners expect the squeeze to last until new berths open in Baku and Aktau later in the summer.</p>
</article><footer>Copyright Sea Ledger. All rights reserved.</footer></body></html>
"""


def mixed_folder(root):
    folder = root / "mixed"
    folder.mkdir()
    (folder / "note.txt").write_text("Harbour note\n\n13 June 2025\n\nThe harbour was quiet.\n", encoding="utf-8")
    (folder / "wire.rss").write_text(FEED, encoding="utf-8")
    record = {"id": "d-1", "headline": "Aktau traffic up", "maintext": "Ship calls rose.", "date": "2025-06-11"}
    (folder / "data.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    (folder / "wire.csv").write_text("title,text,date,source\nOil price dips,Brent fell.,2025-06-10,Daily\n", "utf-8")
    (folder / "brief.mbox").write_text(MAIL, encoding="utf-8")
    (folder / "tankers.html").write_text(PAGE, encoding="utf-8")
    return folder


TITLES = [
    "Harbour note",
    "Baku port adds berths",
    "Aktau traffic up",
    "Oil price dips",
    "Wheat exports slow",
    "Tanker rates climb",
]


def test_a_mixed_folder_lists_filters_and_opens_in_a_real_terminal(tmp_path):
    home = Home(tmp_path / "home")
    folder = mixed_folder(tmp_path)
    with Terminal(str(folder), home=home) as term:
        screen = term.wait_for("6 articles", *(title[:18] for title in TITLES))
        rows = [line for line in screen.splitlines() if line[1:11].startswith("2025-06-")]
        assert [row[12:30].strip() for row in rows] == [title[:18] for title in TITLES]  # newest first
        term.send("/")
        term.send("source:caspian")
        term.wait_for("1 of 6")
        term.send("\r")
        term.wait_for("Caspian Wire", "Two berths opened in Baku.")
        term.send("\x1b")  # back to the filter's start: a new query
        term.send("/")
        term.send("\x01\x0b")
        term.send("site:sealedger")
        term.wait_for("1 of 6")
        term.send("\r")
        screen = term.wait_for("Sea Ledger · Ana Lima", "third week")
        assert "Subscribe" not in screen and "Copyright" not in screen
        assert term.quit() == 0, term.text()


def test_export_gives_every_source_its_records(tmp_path):
    home = Home(tmp_path / "home")
    folder = mixed_folder(tmp_path)
    result = subprocess.run(
        [str(READER), "export", str(folder)], capture_output=True, text=True, env=home.environ(None), timeout=60
    )
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["title"], r["item"], r["source"]) for r in records] == [
        ("Harbour note", "", None),
        ("Baku port adds berths", "w-1", "Caspian Wire"),
        ("Aktau traffic up", "d-1", None),
        ("Oil price dips", "line 2", "Daily"),
        ("Wheat exports slow", "gb-1@example.org", "Grain Brief"),
        ("Tanker rates climb", "", "Sea Ledger"),
    ]
    page = records[-1]
    assert (page["author"], page["date"], page["language"]) == ("Ana Lima", "2025-06-08T06:00", "en")
    assert page["text"].startswith("Rates for crude tankers") and "Subscribe" not in page["text"]
    assert result.stderr == ""
