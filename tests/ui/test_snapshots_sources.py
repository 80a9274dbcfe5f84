"""SVG snapshots of articles from other kinds of sources: a feed item in the pane, with the
publication, author and URL under its date. Regenerate with ``--snapshot-update`` and look."""

from __future__ import annotations

import pytest
from snapshot_app import private_folders, settle
from textual.app import App

from reader.ui.app import ReaderApp

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Caspian Wire</title>
<item><title>Baku port adds two berths [bold]for[/bold] grain</title><guid>p-1</guid>
<link>https://caspian-wire.example/ports/baku-berths</link>
<pubDate>Thu, 12 Jun 2025 07:30:00 GMT</pubDate><author>desk@caspian-wire.example (Jane Roe)</author>
<content:encoded><![CDATA[<p>BAKU – The port of Baku opened two new berths on Thursday, the
Azerbaijan Caspian Shipping Company said.</p><p>Grain from Kazakhstan will pass through them.</p>]]></content:encoded>
</item>
<item><title>Aktau traffic up</title><guid>p-2</guid><pubDate>Wed, 11 Jun 2025 10:00:00 GMT</pubDate>
<description>Ship calls at Aktau rose in May.</description></item>
</channel></rss>
"""


def feed_app(root, monkeypatch) -> App[None]:
    private_folders(root, monkeypatch)
    folder = root / "news"
    folder.mkdir()
    (folder / "wire.rss").write_text(FEED, encoding="utf-8")
    monkeypatch.chdir(root)
    return ReaderApp(["news"])


def test_feed_item_in_the_pane(snap_compare, tmp_path, monkeypatch):
    """Two items of one feed file; the newest open: its source line, its markup-like title as text."""

    async def run_before(pilot):
        await settle(pilot, lambda app: app.pane.article is not None and app.pane.article.item == "p-1", "item p-1")

    assert snap_compare(feed_app(tmp_path, monkeypatch), terminal_size=(100, 24), run_before=run_before)


PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Grain corridor reopens after storm | Sea Ledger</title>
<meta property="og:site_name" content="Sea Ledger"><meta name="author" content="Ana Lima">
<link rel="canonical" href="https://sealedger.example/markets/grain-corridor">
<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2025-06-14T16:45:00Z"}</script>
</head><body>
<nav><a href="/">Home</a> · <a href="/markets">Markets</a> · <a href="/subscribe">Subscribe for $1</a></nav>
<div class="ad">Sponsored: the best shipping insurance deals of the year</div>
<article><h1>Grain corridor reopens after storm</h1>
<p>AKTAU – Ships resumed loading grain on Saturday after a storm closed the port of Aktau for three days,
the Kazakh transport ministry said.</p>
<p>About forty vessels had waited offshore. Traders in Baku said freight rates, which rose by a tenth during
the closure, should ease within a week.</p>
<p>The corridor carries most of Kazakhstan's wheat exports to the Caucasus and Turkey.</p>
</article>
<aside class="comments"><p>Reader comment: first!</p></aside>
<footer>© Sea Ledger · Privacy · Cookies</footer></body></html>
"""


def test_web_page_in_the_pane(snap_compare, tmp_path, monkeypatch):
    """A saved page: its main text only (no menu, ad, comment or footer), the title without the
    site's name, and the site, author and canonical URL under its date."""
    private_folders(tmp_path, monkeypatch)
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "corridor.html").write_text(PAGE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    async def run_before(pilot):
        await settle(pilot, lambda app: app.pane.article is not None, "the page open")

    assert snap_compare(ReaderApp(["news"]), terminal_size=(100, 24), run_before=run_before)


def test_sidebar_names_the_sources_of_a_mixed_folder(snap_compare, tmp_path, monkeypatch):
    """A feed, a web page and a text file: each row ends with its source, muted (the text file
    states none); the page is open."""
    private_folders(tmp_path, monkeypatch)
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "wire.rss").write_text(FEED, encoding="utf-8")
    (folder / "corridor.html").write_text(PAGE, encoding="utf-8")
    (folder / "note.txt").write_text("Harbour note\n\n13 June 2025\n\nThe harbour was quiet.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    async def run_before(pilot):
        await settle(pilot, lambda app: getattr(app.pane.article, "source", None) == "Sea Ledger", "the page open")

    assert snap_compare(ReaderApp(["news"]), terminal_size=(120, 24), run_before=run_before)


def followed_feeds_app(root, monkeypatch) -> App[None]:
    """Two feeds in a folder, one outside it with nothing fetched yet, their items stored as
    `reader fetch` stores them, beside a folder of files with a publication of their own."""
    from reader.subscriptions.items import ItemStore, default_data_dir
    from reader.subscriptions.store import Subscription, save

    private_folders(root, monkeypatch)
    monkeypatch.setenv("READER_FEEDS", str(root / "feeds.toml"))
    wire = Subscription("https://caspian-wire.example/rss", tags=("Caspian",))
    ledger = Subscription("https://sealedger.example/feed", "Sea Ledger", ("Caspian", "Markets"))
    quiet = Subscription("https://quiet.example/atom.xml")
    save(root / "feeds.toml", [wire, ledger, quiet])
    store = ItemStore(default_data_dir())
    store.add_feed_items(wire, FEED.encode())
    store.add_feed_items(ledger, FEED.replace("Caspian Wire", "Ledger").replace("p-", "l-").encode())
    folder = root / "news"
    folder.mkdir()
    (folder / "digest.jsonl").write_text(
        '{"id": "d1", "title": "Tanker rates ease", "text": "Rates fell.", "source": "Freight Daily"}\n',
        encoding="utf-8",
    )
    return ReaderApp([str(folder), str(store.folder)])


@pytest.mark.parametrize("size", [(110, 24), (80, 24)], ids=["110x24", "80x24"])
def test_sources_panel(snap_compare, tmp_path, monkeypatch, size):
    """f: the folders with their feeds and counts, a feed not fetched yet, the other publications
    (at 80 columns the panel and the article list share the screen)."""

    async def run_before(pilot):
        await settle(pilot, lambda app: app.loaded and app.pane.article is not None, "the list")
        await pilot.press("f")
        panel = pilot.app.main_screen.feeds.panel
        await settle(pilot, lambda app: any(entry.kind == "feed" and entry.total for entry in panel.entries), "counts")

    assert snap_compare(followed_feeds_app(tmp_path, monkeypatch), terminal_size=size, run_before=run_before)
