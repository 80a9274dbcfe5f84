"""Daily use in the app (reader.ui.features: marks, sharing, reload): read/unread, stars, is: filters, hide read,
export, clipboard, pager/editor, reload, configuration, and a kill -9 check on the real program.

The autouse fixture in conftest points XDG_DATA_HOME / XDG_CACHE_HOME / XDG_CONFIG_HOME at
fresh folders, so two apps in one test share their marks and nothing touches the user's."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from ui_helpers import REPO, sidebar_rows, small_corpus, wait_filtered, wait_for, wait_loaded

from reader.state.store import StateStore, content_key
from reader.ui.app import ReaderApp
from reader.ui.features import marks as marks_feature
from reader.ui.features import reload as reload_feature
from reader.ui.keymap import default_keymap
from reader.ui.screens.save_dialog import SaveDialog

SIZE = (120, 30)


def titles(app) -> list[str]:
    return [app.articles[i].title for i in app.sidebar.positions]


def row_of(app, title: str) -> str:
    return next(row for row in sidebar_rows(app) if title[:12] in row)


def stored(article):
    with StateStore.open() as store:
        return store.marks(content_key(article))


async def until(pilot, condition, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition never became true"
        await pilot.pause(0.02)


# -- read state and stars ---------------------------------------------------------------------------


async def test_s_and_m_toggle_show_and_survive_a_new_app(news):
    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.pause()
        first = app.pane.article
        await pilot.press("s")
        assert stored(first).starred
        assert row_of(app, first.title).startswith("★")
        assert "1 ★" in app.sub_title and "5 unread" in app.sub_title
        await pilot.press("m")
        assert stored(first).read
        assert "4 unread" in app.sub_title
        unread_style = app.sidebar.get_component_rich_style("article-list--unread", partial=True)
        assert unread_style.bold
        assert app.main_screen.marks.row_state(app.articles[0]) == ("★", False)  # read: not bold
        assert app.main_screen.marks.row_state(app.articles[1]) == (" ", True)  # unread: bold

    again = ReaderApp([str(news)])
    async with again.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        assert row_of(again, first.title).startswith("★")
        assert "4 unread · 1 ★" in again.sub_title
        # From the pane too; s again removes the star, m marks unread.
        await pilot.press("enter", "s", "m")
        assert not stored(first).starred and not stored(first).read
        assert "5 unread" in again.sub_title and "★" not in again.sub_title


async def test_opening_marks_read_after_a_moment_not_when_moving_on(monkeypatch, news):
    # Alpha's timer is due before Beta's whenever j comes (5 s after Alpha opened; Beta's 5.5 s after
    # j): once Beta is read, Alpha's would have fired had moving on not cancelled it. (j must come
    # within 5 s of the first article opening; it takes a few hundredths.)
    monkeypatch.setattr(marks_feature, "READ_DELAY", 5.0)
    corpus = small_corpus()
    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        monkeypatch.setattr(marks_feature, "READ_DELAY", 5.5)
        await pilot.press("j")  # off the first article at once
        await wait_for(pilot, lambda: stored(corpus.articles[1]).read, what="Beta marked read")
        assert not stored(corpus.articles[0]).read  # its timer, started first, was cancelled
        monkeypatch.setattr(marks_feature, "READ_DELAY", 0.3)
        await wait_for(
            pilot,
            lambda: app.main_screen.marks.row_state(app.articles[1]) == (" ", False),
            what="Beta's row drawn read",
        )
        await pilot.press("m")  # an explicit unread wins and is not undone by the timer
        await pilot.press("j")  # Gamma's timer starts after any of Beta's: once it fired, Beta's would have
        await wait_for(pilot, lambda: stored(corpus.articles[2]).read, what="Gamma marked read")
        assert not stored(corpus.articles[1]).read


async def test_a_read_timer_firing_while_the_app_closes_still_stores_the_mark(monkeypatch, news):
    monkeypatch.setattr(marks_feature, "READ_DELAY", 0.2)
    corpus = small_corpus()
    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.pause()
        await app.query_one("#main").remove()  # the widgets go, as they do while the app exits
        # the timer fires with no list or footer to update
        await wait_for(pilot, lambda: stored(corpus.articles[0]).read, what="the mark stored")
    assert stored(corpus.articles[0]).read


async def test_is_filters_follow_the_marks(news):
    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("j", "s", "m")  # Beta: starred and read
        await pilot.press("slash", *"is:starred")
        await until(pilot, lambda: titles(app) == ["Beta trade deal"])
        app.filter_input.value = "is:read"
        await until(pilot, lambda: titles(app) == ["Beta trade deal"])
        app.filter_input.value = "is:unread"
        await until(pilot, lambda: len(titles(app)) == 4)
        assert "Beta trade deal" not in titles(app)
        # A mark changed while an is: filter is on re-runs it.
        app.filter_input.value = "is:starred"
        await until(pilot, lambda: titles(app) == ["Beta trade deal"])
        await pilot.press("enter", "s")
        await until(pilot, lambda: titles(app) == [])


async def test_is_starred_through_the_index(tmp_path):
    folder = write_articles(tmp_path / "news")
    app = ReaderApp([str(folder)], no_cache=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await until(pilot, lambda: app.main_screen.marks.book.counts is not None)
        await pilot.press("j", "s")  # the cursor's article, even before the pane caught up
        assert app.articles[app.sidebar.highlighted].title == "Story beta about herons"
        await pilot.press("slash", *"is:starred")
        await until(pilot, lambda: titles(app) == ["Story beta about herons"])
        app.filter_input.value = "is:unread herons"
        await until(pilot, lambda: len(titles(app)) == 3)
        await pilot.press("enter", "m")
        await until(pilot, lambda: len(titles(app)) == 2)


async def test_keys_queued_right_after_slash_reach_the_filter_not_the_bindings(news):
    from textual import events

    corpus = small_corpus()
    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        for key, character in [("slash", "/"), *((c, c) for c in "summits")]:  # one burst, as a paste
            app.post_message(events.Key(key, character))
        await until(pilot, lambda: app.filter_input.value == "summits")
        assert not stored(corpus.articles[0]).starred and not stored(corpus.articles[0]).read


async def test_hide_read_keeps_the_open_article_until_you_move(news):
    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("m")  # Alpha read
        await pilot.press("u")
        await wait_filtered(pilot)
        assert app.hide_read
        assert titles(app)[0] == "Alpha summit opens"  # still open, still listed
        await pilot.press("j")
        await until(pilot, lambda: "Alpha summit opens" not in titles(app))
        assert app.pane.article.title == "Beta trade deal"
        await pilot.press("u")
        await until(pilot, lambda: len(titles(app)) == 5)
        assert app.pane.article.title == "Beta trade deal"


# -- export, clipboard, external programs ------------------------------------------------------------


async def test_e_saves_markdown_and_asks_before_overwriting(tmp_path, monkeypatch, news):
    monkeypatch.chdir(tmp_path)
    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("e")
        assert isinstance(app.screen, SaveDialog)
        assert Path(app.screen.default_path).parent == tmp_path
        await pilot.press("enter")
        await pilot.pause()
        saved = list(tmp_path.glob("*.md"))
        assert len(saved) == 1 and "# Alpha summit opens" in saved[0].read_text()
        saved[0].write_text("mine")
        await pilot.press("e", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SaveDialog) and app.screen.pending is not None  # asking
        await pilot.press("n", "escape")
        assert saved[0].read_text() == "mine"
        # E: every article the filter shows.
        await pilot.press("slash", *"energy", "enter")
        await until(pilot, lambda: len(titles(app)) == 3)
        await pilot.press("E")
        assert isinstance(app.screen, SaveDialog)
        await pilot.press("enter")
        await pilot.pause()
        everything = [p for p in tmp_path.glob("*.md") if p != saved[0]]
        assert len(everything) == 1
        text = everything[0].read_text()
        assert "Alpha summit opens" in text and "Beta trade deal" in text and "Gamma" not in text


async def test_y_copies_the_article_text(news):
    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        copied = []
        app.copy_to_clipboard = copied.append
        await pilot.press("y")
        assert copied and copied[0].startswith("Alpha summit opens") and "talks on energy" in copied[0]


def write_articles(folder: Path, names=("alpha", "beta", "gamma")) -> Path:
    folder.mkdir(exist_ok=True)
    for i, name in enumerate(names):
        (folder / f"{i}.txt").write_text(f"Story {name} about herons\n\n{5 + i} May 2024\n\nHerons nest in {name}.\n")
    return folder


async def test_o_and_O_run_the_pager_and_editor(tmp_path, monkeypatch):
    folder = write_articles(tmp_path / "news")
    monkeypatch.setenv("PAGER", "cat")
    monkeypatch.setenv("VISUAL", "true")
    app = ReaderApp([str(folder)], no_cache=True)
    runs = []
    app.external_runner = lambda argv: runs.append((list(argv), Path(argv[-1]).read_text())) or 0
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        path = app.pane.article.path
        await pilot.press("o")
        await pilot.press("O")
        await until(pilot, lambda: len(runs) == 2)
        (pager, paged), (editor, edited) = runs
        # The pager reads a private copy of the file; the editor gets the file itself.
        assert pager[0].endswith("cat") and pager[-1].endswith("/article.txt") and pager[-1] != path
        assert paged == edited == Path(path).read_text()
        assert editor[0].endswith("true") and editor[-1] == path
        assert app.is_running and app.pane.article.path == path


# -- reload ---------------------------------------------------------------------------------------------


async def test_r_picks_up_new_changed_and_deleted_files_keeping_place_and_filter(tmp_path):
    folder = write_articles(tmp_path / "news", ("alpha", "beta", "gamma", "delta"))
    app = ReaderApp([str(folder)], no_cache=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("slash", *"herons", "enter")
        await wait_filtered(pilot)
        assert len(titles(app)) == 4
        await pilot.press("j")  # gamma (newest first: delta, gamma, beta, alpha)
        await until(pilot, lambda: app.pane.article.title == "Story gamma about herons")
        (folder / "9.txt").write_text("Story epsilon about herons\n\n1 May 2024\n\nNew herons.\n")
        (folder / "2.txt").write_text("Story gamma about herons\n\n7 May 2024\n\nHerons moved in gamma.\n")
        (folder / "0.txt").unlink()
        await pilot.press("r")
        await until(pilot, lambda: "Story epsilon about herons" in titles(app))
        await until(pilot, lambda: "Herons moved in gamma." in app.pane.article.text)
        assert "Story alpha about herons" not in titles(app)
        assert app.filter_input.value == "herons"
        assert app.pane.article.title == "Story gamma about herons"
        assert "Herons moved in gamma." in app.pane.article.text
        assert app.articles[app.sidebar.highlighted].title == "Story gamma about herons"


async def test_watch_reloads_by_itself(tmp_path, monkeypatch):
    monkeypatch.setattr(reload_feature, "WATCH_TICK", 0.1)
    monkeypatch.setattr(reload_feature, "WATCH_INTERVAL", 0.1)
    folder = write_articles(tmp_path / "news")
    app = ReaderApp([str(folder)], no_cache=True, watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        reloader = app.main_screen.reloader
        await until(pilot, lambda: reloader.watcher is not None and reloader.watcher.signature is not None)  # 1st look
        (folder / "9.txt").write_text("Story omega about herons\n\n1 May 2024\n\nNew herons.\n")
        await until(pilot, lambda: "Story omega about herons" in titles(app), timeout=10)


# -- configuration ------------------------------------------------------------------------------------------


def write_config(text: str) -> Path:
    path = Path(os.environ["XDG_CONFIG_HOME"]) / "reader" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


async def test_config_is_applied_at_startup(news):
    write_config(
        'theme = "nord"\nsidebar_width = 50\ndate_format = "%d %b %Y"\nhide_read = false\n'
        '[highlight]\nPERSON = "#ff0000"\n[keys]\n"app.star" = "x"\n'
    )
    app = ReaderApp([str(news)])
    async with app.run_test(size=(140, 30)) as pilot:
        await wait_loaded(pilot)
        await pilot.pause()
        assert app.theme == "nord"
        assert app.query_one("#sidebar").outer_size.width == 50
        assert any("13 May 2025" in row for row in sidebar_rows(app))
        assert app.config.highlight["PERSON"] == "#ff0000"
        await pilot.press("x")
        assert stored(app.pane.article).starred
        await pilot.press("s")  # no longer the star key
        assert stored(app.pane.article).starred


async def test_a_bad_config_is_reported_and_the_defaults_apply(news):
    write_config('theme = "nord"\nsidebar_width = "wide"\n[keys]\n"app.nope" = "x"\n')
    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("sidebar_width" in m and ":2" in m for m in messages), messages
        assert any("app.nope" in m for m in messages), messages
        assert app.theme == "nord"


async def test_highlight_colours_from_the_config_reach_the_entity_styles(news):
    write_config('[highlight]\nPERSON = "#ff0000"\nORG = "$error"\n')
    from reader.ui.entity_styles import app_label_styles

    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.pause()
        styles = app_label_styles(app)
        assert styles["PERSON"].color.triplet.hex == "#ff0000"
        assert styles["PERSON"].bold and styles["PERSON"].underline  # the label's attributes stay
        error = app.theme_variables["error"].lower()
        assert styles["ORG"].color.triplet.hex == error[:7]
    from reader.config import Config
    from reader.ui.entity_styles import label_styles

    default = ReaderApp([str(news)], config=Config())  # untouched: the theme's own choice
    async with default.run_test(size=SIZE):
        assert app_label_styles(default) == label_styles(default.theme_variables)


def test_default_keymap_lists_every_binding_with_its_id():
    keymap = default_keymap()
    assert keymap["app.star"] == "s" and keymap["app.toggle_read"] == "m" and keymap["app.reload"] == "r"
    assert keymap["list.down"] == "down,j" and keymap["pane.back"] == "h,escape"
    assert keymap["save.overwrite"] == "y"
    from reader.config import Config, render_config

    assert '# "app.star" = "s"' in render_config(Config(), binding_defaults=keymap)


# -- kill -9 after a star: nothing lost --------------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="pty and SIGKILL")
def test_a_star_survives_kill_9_of_the_real_program(tmp_path):
    from pty_terminal import Home
    from test_ui_e2e import Terminal

    from reader.ingest.files import load_corpus

    first = load_corpus([]).articles[0]
    home = Home(tmp_path)
    term = Terminal(home=home)
    try:
        term.wait_for(first.title[:15], "5 articles")
        term.send("s")
        term.wait_for(f"★{first.date.iso()[:10]}")
        os.kill(term.child.pid, signal.SIGKILL)
        term.child.wait()
    finally:
        if term.child.isalive():
            term.child.terminate(force=True)
    env = home.environ({"PYTHONPATH": str(REPO)})
    result = subprocess.run(
        [sys.executable, "-m", "reader", "search", "is:starred"],
        cwd=str(REPO),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 1 and first.title in lines[0]
