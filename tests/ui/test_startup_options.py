"""How the app starts: `main()` hands --watch, --no-cache and the config file's `paths` to the app;
`hide_read = true` hides articles read in an earlier run from the first list; ↓ leaves the filter
for the list on the first match.

Real files in temporary folders, read through the index. The autouse fixture in conftest points
XDG_CONFIG_HOME, XDG_CACHE_HOME and XDG_DATA_HOME at fresh folders for each test.
"""

from __future__ import annotations

import gc
import os
import time
from pathlib import Path

import pytest
from ui_helpers import sidebar_rows

from reader import cli
from reader.ingest.files import load_corpus
from reader.state.store import StateStore, content_key
from reader.ui.app import ReaderApp
from reader.ui.features import marks as marks_feature
from reader.ui.widgets.sidebar import ArticleList

SIZE = (120, 30)
DEADLINE = 20.0  # seconds: machines running these are slow and busy

# Newest first in the list.
ARTICLES = {
    "cranes.txt": "Harbour cranes return\n\n2024-03-05\n\nThe cranes came back to the harbour on Tuesday.\n",
    "orchard.txt": "Orchard frost warning\n\n2023-11-20\n\nGrowers covered the apple trees, the council said.\n",
    "ferry.txt": "Ferry timetable changes\n\n2023-06-02\n\nThe harbour ferry leaves earlier from Monday.\n",
    "library.txt": "Library opens late\n\nThe council says the reading room now closes at ten.\n",
}
ALL_TITLES = [text.split("\n", 1)[0] for text in ARTICLES.values()]  # in list order


def write_articles(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def write_config(text: str) -> Path:
    """The user's config file, where the app looks for it (XDG_CONFIG_HOME, set by conftest)."""
    path = Path(os.environ["XDG_CONFIG_HOME"]) / "reader" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def titles(app: ReaderApp) -> list[str]:
    return [app.articles[index].title for index in app.sidebar.positions]


async def until(pilot, condition, what: str, timeout: float = DEADLINE, shown=None) -> None:
    """Poll until ``condition()``; the failure says ``what`` and, if given, ``shown()`` at the end."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"never: {what}" + (f" (at the end: {shown()!r})" if shown else "")
        await pilot.pause(0.02)


# -- main() → the app ------------------------------------------------------------------------------


@pytest.fixture
def started(monkeypatch):
    """``main()`` up to the app's run, which records what the app was given instead of taking
    the terminal. (main disables garbage collection and sets TEXTUAL_FPS for the real run.)"""
    seen: list[dict] = []

    def run(self, *args, **kwargs):
        seen.append(
            {
                "paths": list(self.paths),
                "watch": self.watching,
                "no_cache": self.no_cache,
                "loader_paths": list(self._loader.paths),
                "loader_no_cache": self._loader.no_cache,
            }
        )
        return 0

    monkeypatch.setattr(ReaderApp, "run", run)
    monkeypatch.setenv("TEXTUAL_FPS", "60")
    try:
        yield seen
    finally:
        gc.enable()


@pytest.mark.parametrize(
    ("options", "watch", "no_cache"),
    [
        (["--watch", "--no-cache"], True, True),
        (["--watch"], True, False),
        (["--no-cache"], False, True),
        ([], False, False),
    ],
)
def test_main_hands_watch_and_no_cache_to_the_app(tmp_path, started, options, watch, no_cache):
    news = str(write_articles(tmp_path / "news"))
    assert cli.main([*options, news]) == 0
    assert started == [
        {"paths": [news], "watch": watch, "no_cache": no_cache, "loader_paths": [news], "loader_no_cache": no_cache}
    ]


def test_main_without_a_path_opens_the_existing_configured_folders(tmp_path, started):
    news, more = write_articles(tmp_path / "news"), write_articles(tmp_path / "more")
    missing = tmp_path / "gone"
    write_config(f"paths = [{', '.join(toml_string(str(p)) for p in (news, missing, more))}]\n")
    assert cli.main(["--watch"]) == 0
    assert started == [
        {
            "paths": [str(news), str(more)],
            "watch": True,
            "no_cache": False,
            "loader_paths": [str(news), str(more)],
            "loader_no_cache": False,
        }
    ]


def test_main_without_a_path_or_configured_folders_opens_the_seeds(started):
    assert cli.main([]) == 0
    assert started[0]["paths"] == [] and started[0]["loader_paths"] == []  # the index reads the seeds


# -- hide_read = true at start ------------------------------------------------------------------------


@pytest.fixture
def no_automatic_read(monkeypatch):
    """An open article does not become read by itself (after 1.5 s): only the marks a test makes count."""
    monkeypatch.setattr(marks_feature, "READ_DELAY", 3600.0)


def mark_read(folder: Path, *titles_read: str) -> None:
    """Mark articles read in the state store, by the key the app uses (their content)."""
    articles = {article.title: article for article in load_corpus([str(folder)]).articles}
    with StateStore.open() as store:
        for title in titles_read:
            assert store.set_read(content_key(articles[title]), True)


@pytest.mark.parametrize(
    "read",
    [
        "Orchard frost warning",
        # The newest is opened before the marks are read; being open must not keep it listed (that
        # is for an article read while open in this session).
        "Harbour cranes return",
    ],
)
async def test_hide_read_in_the_config_hides_articles_read_before_from_the_first_list(
    tmp_path, no_automatic_read, read
):
    news = write_articles(tmp_path / "news")
    mark_read(news, read)
    write_config("hide_read = true\n")
    app = ReaderApp([str(news)])
    expected = [title for title in ALL_TITLES if title != read]
    async with app.run_test(size=SIZE) as pilot:
        assert app.hide_read
        await until(pilot, lambda: app.loaded and "3 unread" in app.sub_title, "the marks were read")
        await until(
            pilot,
            lambda: titles(app) == expected,
            f"the list became {expected}",
            shown=lambda: (titles(app), app.pane.article and app.pane.article.title),
        )
        await until(
            pilot,
            lambda: app.pane.article is not None and app.pane.article.title == expected[0],
            "the newest unread article opened",
            shown=lambda: app.pane.article and app.pane.article.title,
        )
        assert titles(app) == expected
        assert not any(read[:12] in row for row in sidebar_rows(app))


async def test_an_article_marked_read_in_one_run_is_hidden_at_the_next_start_with_hide_read(
    tmp_path, no_automatic_read
):
    news = write_articles(tmp_path / "news")
    first = ReaderApp([str(news)])
    async with first.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: first.loaded and first.pane.article is not None, "the first article opened")
        await pilot.press("j")
        await until(pilot, lambda: first.pane.article.title == "Orchard frost warning", "j opened the next one")
        await pilot.press("m")
        await until(pilot, lambda: "3 unread" in first.sub_title, "m marked it read")
        await pilot.press("q")
    write_config("hide_read = true\n")
    second = ReaderApp([str(news)])
    async with second.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: second.loaded and "3 unread" in second.sub_title, "the marks were read")
        expected = ["Harbour cranes return", "Ferry timetable changes", "Library opens late"]
        await until(
            pilot, lambda: titles(second) == expected, f"the list became {expected}", shown=lambda: titles(second)
        )


# -- ↓ from the filter to the list -------------------------------------------------------------------


async def test_down_in_the_filter_moves_to_the_list_on_the_first_match(tmp_path):
    news = write_articles(tmp_path / "news")
    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.loaded and app.pane.article is not None, "the first article opened")
        assert app.pane.article.title == "Harbour cranes return"  # not a match of the query below
        await pilot.press("slash", *"council")  # in the orchard (newer) and the library (undated) bodies
        assert app.focused is app.filter_input
        await until(
            pilot,
            lambda: app.query_text == "council" and titles(app) == ["Orchard frost warning", "Library opens late"],
            "the filter applied",
        )
        await pilot.press("down")
        await until(pilot, lambda: isinstance(app.focused, ArticleList), "the list has the focus")
        assert app.filter_input.value == "council"  # the filter stays
        assert titles(app) == ["Orchard frost warning", "Library opens late"]
        first_match = app.sidebar.positions[0]
        assert app.sidebar.cursor == 0 and app.sidebar.highlighted == first_match
        await pilot.press("enter")
        await until(pilot, lambda: app.pane.has_focus, "enter opened the article")
        assert app.pane.article.title == "Orchard frost warning"
        await pilot.press("escape", "down", "enter")  # back to the list, and ↓ there goes to the next match
        await until(
            pilot,
            lambda: app.pane.has_focus and app.pane.article.title == "Library opens late",
            "the second match opened",
        )
