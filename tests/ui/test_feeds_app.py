"""R and the sources panel in the app, against a local server the test starts: the fetch runs in
the background (`reader fetch` in a child process), new items join the list, failures reach the
problems screen, and choosing a feed or a folder in the panel filters the list to it."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from ui_helpers import sidebar_rows, small_folder, wait_filtered, wait_for, wait_loaded

from reader.config import Config
from reader.subscriptions.store import Subscription, save
from reader.ui.app import ReaderApp
from tests.subscriptions.local_server import Server, rss


@pytest.fixture
def server():
    server = Server()
    yield server
    server.close()


@pytest.fixture
def feeds_file(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "feeds.toml"
    monkeypatch.setenv("READER_FEEDS", str(path))
    return path


def fetched_folder() -> str:
    from reader.session.sources import fetched_items_folder

    folder = Path(fetched_items_folder())
    folder.mkdir(parents=True, exist_ok=True)
    return str(folder)


def follow(server: Server, feeds_file: Path) -> None:
    wire = rss(("w1", "Caspian port opens"), ("w2", "Grain corridor talks"))
    gazette = rss(("g1", "Harbour strike ends")).replace(b"<title>Wire</title>", b"<title>Gazette</title>")
    server.routes["/wire.xml"] = (200, {"Content-Type": "application/rss+xml"}, wire)
    server.routes["/gazette.xml"] = (200, {}, gazette)
    server.routes["/broken.xml"] = (500, {}, b"oops")
    save(
        feeds_file,
        [
            Subscription(f"{server.base}/wire.xml", tags=("Energy",)),
            Subscription(f"{server.base}/gazette.xml", tags=("Energy", "Ports")),
            Subscription(f"{server.base}/broken.xml"),
        ],
    )


async def fetch_and_wait(pilot) -> None:
    app = pilot.app
    await pilot.press("R")
    await wait_for(pilot, lambda: app.main_screen.feeds.fetching, 5, "the fetch to start")
    await wait_for(pilot, lambda: not app.main_screen.feeds.fetching, 30, "the fetch to end")
    await wait_for(pilot, lambda: not app.main_screen.reloader.reloading and not app.main_screen.reloader.pending, 10)
    await wait_filtered(pilot)


async def test_r_fetches_in_the_background_and_the_new_items_join_the_list(tmp_path, server, feeds_file):
    follow(server, feeds_file)
    news = small_folder(tmp_path)
    app = ReaderApp([str(news), fetched_folder()], config=Config())
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_loaded(pilot)
        before = len(app.articles)
        await fetch_and_wait(pilot)
        await wait_for(pilot, lambda: len(app.articles) == before + 3, 10, "the fetched items in the list")
        titles = {row.title for row in app.articles}
        assert {"Caspian port opens", "Grain corridor talks", "Harbour strike ends"} <= titles
        failed = [(p.path, p.reason) for p in app.problems if p.path.endswith("/broken.xml")]
        assert failed == [(f"{server.base}/broken.xml", "HTTP 500 Internal Server Error")]
        assert str(app.main_screen.query_one("#sidebar-footer").render()).endswith("1 feed failed (!)")
        assert not app.main_screen.query_one("#fetch-progress").has_class("-shown")
        notes = [n.message for n in app._notifications]
        assert any(n.startswith("3 new items from 3 feeds; 1 failed") for n in notes), notes

        # Fetching again asks conditionally and adds nothing.
        await fetch_and_wait(pilot)
        assert len(app.articles) == before + 3
        assert any(n.startswith("0 new items from 3 feeds") for n in (m.message for m in app._notifications))


async def test_the_sources_panel_counts_each_feed_and_filters_the_list_to_it(tmp_path, server, feeds_file):
    follow(server, feeds_file)
    news = small_folder(tmp_path)
    app = ReaderApp([str(news), fetched_folder()], config=Config())
    async with app.run_test(size=(140, 34)) as pilot:
        await wait_loaded(pilot)
        await fetch_and_wait(pilot)
        await pilot.press("f")
        screen = app.main_screen
        panel = screen.feeds.panel
        await wait_for(pilot, lambda: any(e.kind == "feed" and e.total for e in panel.entries), 10, "counts")
        rows = [(e.kind, e.name, e.total, e.unread, e.depth) for e in panel.entries]
        assert rows[:6] == [
            ("all", "All articles", len(app.articles), len(app.articles), 0),
            ("folder", "Energy", 3, 3, 0),
            ("feed", "Wire", 2, 2, 1),
            ("feed", "Gazette", 1, 1, 1),
            ("folder", "Ports", 1, 1, 0),
            ("feed", "Gazette", 1, 1, 1),
        ]
        assert rows[6][:2] == ("feed", f"{server.base}/broken.xml")
        assert panel.has_focus
        choices = panel.chosen_rows
        panel.highlighted = panel.get_option_index(next(k for k, e in panel._rows.items() if e.name == "Wire"))
        await pilot.press("enter")
        await wait_filtered(pilot)
        assert app.filter_input.value == 'source:"Wire"'
        assert sorted(row for row in sidebar_rows(app) if row.strip()) and len(app.sidebar.positions) == 2
        assert app.sidebar.has_focus
        # The folder: both of its feeds; the term the panel put in is replaced, the rest kept.
        app.filter_input.value = 'source:"Wire" port'
        await wait_filtered(pilot)
        await pilot.press("f")
        energy = next(k for k, e in panel._rows.items() if e.name == "Energy")
        panel.highlighted = panel.get_option_index(energy)
        await pilot.press("enter")
        await wait_filtered(pilot)
        assert app.filter_input.value == '(source:"Wire" OR source:"Gazette") port'
        assert len(app.sidebar.positions) == 1
        await pilot.press("f")
        panel.highlighted = panel.get_option_index(next(k for k, e in panel._rows.items() if e.kind == "all"))
        await pilot.press("enter")
        await wait_filtered(pilot)
        assert app.filter_input.value == "port"
        assert choices  # (rows Enter can choose were listed)


async def test_r_with_no_feeds_says_how_to_follow_one(tmp_path, feeds_file):
    app = ReaderApp([str(small_folder(tmp_path))], config=Config())
    async with app.run_test() as pilot:
        await wait_loaded(pilot)
        await pilot.press("R")
        await pilot.pause()
        assert not app.main_screen.feeds.fetching
        assert any("reader feeds add URL" in n.message for n in app._notifications)


async def test_watch_fetches_once_the_list_is_loaded(tmp_path, server, feeds_file):
    follow(server, feeds_file)
    app = ReaderApp([str(small_folder(tmp_path)), fetched_folder()], config=Config(fetch_every=30), watch=True)
    async with app.run_test() as pilot:
        await wait_loaded(pilot)
        await wait_for(pilot, lambda: any(r.title == "Harbour strike ends" for r in app.articles), 30, "fetched items")
        assert [path for path, _ in server.requests if path != "/favicon.ico"].count("/wire.xml") == 1


async def test_every_panel_row_fits_its_width_when_the_rows_overflow_the_panel(tmp_path, feeds_file):
    """More rows than the panel is tall: the scrollbar takes columns, and a row built for the width
    without it wrapped, its count alone on the next line."""
    save(feeds_file, [Subscription(f"https://feed{n}.example/rss", tags=(f"Folder {n % 4}",)) for n in range(20)])
    app = ReaderApp([str(small_folder(tmp_path)), fetched_folder()])
    async with app.run_test(size=(110, 24)) as pilot:
        await pilot.press("f")  # at once, before the list is loaded
        await wait_loaded(pilot)
        panel = app.main_screen.feeds.panel
        await wait_for(pilot, lambda: len(app.main_screen.feeds.entries) > 20, what="the counted rows")
        await pilot.pause()
        assert panel.max_scroll_y > 0  # (the rows overflow: the scrollbar is shown)
        width = panel.scrollable_content_region.width
        for index in range(panel.option_count):
            for line in panel.get_option_at_index(index).prompt.plain.splitlines():
                assert cell_len(line) <= width, (line, width)
