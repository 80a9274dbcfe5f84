"""The app on files that hold several articles: each item is a row, opens alone, filters, keeps
its own star, and stays open across a reload that changes a sibling item."""

from __future__ import annotations

import pytest
from ui_helpers import sidebar_rows, wait_filtered, wait_for, wait_loaded

from reader.state.store import StateStore, content_key
from reader.ui.app import ReaderApp
from tests.digest_format import ALPHA, BETA, GAMMA, digest, digest_folder, digest_format  # noqa: F401 - fixtures

SIZE = (120, 30)


@pytest.fixture
def folder(digest_folder):  # noqa: F811 - the fixture
    return digest_folder


def titles(app) -> list[str]:
    return [app.articles[i].title for i in app.sidebar.positions]


def starred_titles(app) -> list[str]:
    return [row for row in sidebar_rows(app) if row.startswith("★")]


async def test_items_list_open_filter_star_and_survive_a_reload(folder):
    app = ReaderApp([str(folder)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        assert titles(app) == ["Oil exports climb", "Caspian talks resume", "Solo piece", "Undated note on grain"]
        await pilot.press("j")
        await wait_for(pilot, lambda: app.pane.article.item == "alpha", what="the second item open")
        assert app.pane.article.text == "Sergei Lavrov met Abbas Araghchi in Baku about the corridor."
        assert "Caspian talks resume" in " ".join(app.pane.line_text(y) for y in range(6))

        await pilot.press("s")  # stars this item, not its file
        (starred,) = starred_titles(app)
        assert "Caspian talks resume" in starred
        with StateStore.open() as store:
            assert store.marks(content_key(app.pane.article)).starred
        assert "1 ★" in app.sub_title

        await pilot.press("slash", *"is:starred", "enter")
        await wait_filtered(pilot)
        assert titles(app) == ["Caspian talks resume"]
        await pilot.press("slash", "ctrl+a", "ctrl+k", *"caspian", "enter")
        await wait_filtered(pilot)
        assert titles(app) == ["Caspian talks resume", "Undated note on grain"]

        # A sibling item changes on disk: the open item stays open and keeps its star.
        changed = ("beta", BETA[1].replace("more crude", "less crude"))
        (folder / "news.digest").write_text(digest(ALPHA, changed, GAMMA), encoding="utf-8")
        await pilot.press("r")
        await wait_for(pilot, lambda: not app.main_screen.reloader.reloading, what="the reload")
        await pilot.pause()
        assert app.pane.article.item == "alpha"
        assert titles(app) == ["Caspian talks resume", "Undated note on grain"]
        assert "1 ★" in app.sub_title


async def test_the_open_item_follows_its_own_change_on_reload(folder):
    app = ReaderApp([str(folder)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("j")
        await wait_for(pilot, lambda: app.pane.article.item == "alpha", what="the second item open")
        edited = ("alpha", ALPHA[1].replace("in Baku", "in Astana"))
        (folder / "news.digest").write_text(digest(edited, BETA, GAMMA), encoding="utf-8")
        await pilot.press("r")
        await wait_for(pilot, lambda: "Astana" in app.pane.article.text, what="the edited item reopened")
        assert app.pane.article.item == "alpha"
        assert app.articles[app.sidebar.highlighted].item == "alpha"
