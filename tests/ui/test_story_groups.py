"""Same-story groups in the running app: the same story from several outlets is one row with a
count, space unfolds it (the copy right under its first row), z or the config's group_stories turns
grouping off, a filter groups only what it shows, and opening, marks, E and reload keep working."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from textual.pilot import Pilot
from ui_helpers import wait_filtered, wait_for, wait_loaded

from reader.config import Config
from reader.session.stories import StoryRows
from reader.ui.app import ReaderApp
from reader.ui.screens.save_dialog import SaveDialog
from tests.stories.story_corpus import write_collection

SIZE = (100, 40)
TIMEOUT = 30.0  # the entity pass groups the stories; a loaded machine takes a while


def collection(tmp_path: Path, copies: int = 3) -> tuple[Path, dict[str, str]]:
    """Eight articles and rewritten copies of ``copies`` of them, and the seeds with a copy each."""
    folder = tmp_path / "news"
    return folder, write_collection(folder, articles=8, copies=copies)


@asynccontextmanager
async def grouped(folder: Path) -> AsyncIterator[Pilot]:
    """The app on ``folder``, once its stories are grouped (with a cold cache, the groups are
    read when the entity pass ends)."""
    app = ReaderApp([str(folder)], config=Config())
    async with app.run_test(size=SIZE) as pilot:
        await wait_grouped(pilot)
        yield pilot


async def wait_grouped(pilot) -> None:
    """Until the entity pass is done, its groups are read and every worker is idle."""
    app = pilot.app
    await wait_loaded(pilot, TIMEOUT)
    await wait_for(pilot, lambda: isinstance(app.sidebar.rows, StoryRows), TIMEOUT, "the groups")
    await app.workers.wait_for_complete()
    await pilot.pause()


def name(app, index: int) -> str:
    return Path(app.articles[index].path).name


def index_of(app, file_name: str) -> int:
    return next(index for index in app.sidebar.positions if name(app, index) == file_name)


def drawn(app) -> dict[str, str]:
    """File name → its row's text, for every row drawn (in order)."""
    sidebar = app.sidebar
    rows = {}
    for position, index in enumerate(sidebar.rows):
        y = sidebar.row_of(position) - round(sidebar.scroll_offset.y)
        rows[name(app, index)] = "".join(segment.text for segment in sidebar.render_line(y)).rstrip()
    return rows


def check_groups(app) -> None:
    """Every shown article is drawn or folded under a drawn one of its story, and a group's
    first row counts the shown articles of its story (▸ folded, ▾ unfolded)."""
    sidebar = app.sidebar
    rows = drawn(app)
    story_of = app.main_screen.source.index.story_ids()
    stories: dict[int, list[int]] = {}
    for index in sidebar.positions:
        if app.articles[index].id in story_of:
            stories.setdefault(story_of[app.articles[index].id], []).append(index)
    for index in sidebar.positions:
        story = story_of.get(app.articles[index].id)
        members = stories.get(story, []) if story is not None else []
        text = rows.get(name(app, index))
        if len(members) < 2:
            assert text is not None and not text.endswith(("▸2", "▸3", "▾2", "▾3")), name(app, index)
        elif index == members[0]:
            assert text is not None and text.endswith((f"▸{len(members)}", f"▾{len(members)}")), text
        else:
            assert (text is None) == (rows[name(app, members[0])].endswith("▸" + str(len(members))))


def first_of_pair(app, pairs: dict[str, str]) -> tuple[str, str]:
    """A story whose original comes first in the list, and its copy."""
    return next((one, two) for one, two in pairs.items() if index_of(app, one) < index_of(app, two))


def count_label(app) -> str:
    return str(app.query_one("#filter-count").render())


async def test_the_same_story_is_one_row_that_counts_its_articles(tmp_path):
    folder, pairs = collection(tmp_path)
    async with grouped(folder) as pilot:
        app = pilot.app
        total = len(app.articles)
        rows = drawn(app)
        assert len(rows) == total - len(pairs)
        for original, copy in pairs.items():
            assert (original in rows) != (copy in rows)  # one row for the two
            assert rows.get(original, rows.get(copy, "")).endswith("▸2")
        check_groups(app)
        # Counts are counts of articles.
        assert count_label(app) == f"{total} articles" and len(app.sidebar.positions) == total
        assert str(app.query_one("#sidebar-footer").render()).startswith(f"{total} articles")


async def test_space_unfolds_the_copy_under_its_original_and_folds_it_again(tmp_path):
    folder, pairs = collection(tmp_path)
    async with grouped(folder) as pilot:
        app = pilot.app
        original, copy = first_of_pair(app, pairs)
        sidebar = app.sidebar
        sidebar.cursor = sidebar.position_of(index_of(app, original))
        await pilot.press("space")
        names = list(drawn(app))
        assert names[names.index(original) + 1] == copy
        assert drawn(app)[original].endswith("▾2") and "└ " in drawn(app)[copy]
        assert name(app, sidebar.highlighted) == original
        check_groups(app)
        await pilot.press("j")  # onto the copy: it opens
        await wait_for(pilot, lambda: app.pane.article is not None and Path(app.pane.article.path).name == copy)
        await pilot.press("space")  # folds from a member too: the cursor goes to the first row
        assert copy not in drawn(app) and drawn(app)[original].endswith("▸2")
        assert name(app, sidebar.highlighted) == original
        await wait_for(pilot, lambda: Path(app.pane.article.path).name == original, what="the original opened")
        # ] in the pane steps to the next row drawn: over the folded copy.
        following = sidebar.rows[sidebar.cursor + 1]
        await pilot.press("enter", "right_square_bracket")
        await wait_for(pilot, lambda: app.current == following, what="the next row opened")
        assert name(app, following) != copy
        # Clicking the count unfolds it.
        sidebar.focus()
        sidebar.cursor = sidebar.position_of(index_of(app, original))
        row = sidebar.row_of(sidebar.cursor) - round(sidebar.scroll_offset.y)
        width = sidebar.scrollable_content_region.width
        await pilot.click(sidebar, offset=(width - 1, row))
        assert copy in drawn(app)


async def test_z_turns_grouping_off_and_on_keeping_the_cursor(tmp_path):
    folder, pairs = collection(tmp_path)
    async with grouped(folder) as pilot:
        app = pilot.app
        original, copy = first_of_pair(app, pairs)
        sidebar = app.sidebar
        sidebar.cursor = sidebar.position_of(index_of(app, original))
        await pilot.press("z")
        rows = drawn(app)
        assert len(rows) == len(app.articles) and copy in rows
        assert not any(text.endswith(("▸2", "▾2")) for text in rows.values())
        assert name(app, sidebar.highlighted) == original
        await pilot.press("z")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert copy not in drawn(app) and name(app, sidebar.highlighted) == original
        check_groups(app)


async def test_group_stories_false_in_the_config_starts_ungrouped(tmp_path):
    folder, pairs = collection(tmp_path)
    app = ReaderApp([str(folder)], config=Config(group_stories=False))
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot, TIMEOUT)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(drawn(app)) == len(app.articles)
        assert not isinstance(app.sidebar.rows, StoryRows)
        await pilot.press("z")
        await wait_for(pilot, lambda: isinstance(app.sidebar.rows, StoryRows), TIMEOUT, "the groups")
        assert len(drawn(app)) == len(app.articles) - len(pairs)


async def test_a_filter_groups_the_articles_it_shows_and_no_others(tmp_path):
    folder, pairs = collection(tmp_path)
    async with grouped(folder) as pilot:
        app = pilot.app
        # Only the copies are retitled "… — what we know so far": each is alone among them.
        await pilot.press("slash", *'title:"what we know so far"', "enter")
        await wait_filtered(pilot)
        copies = {name(app, index) for index in app.sidebar.positions}
        assert copies and copies <= set(pairs.values()) and set(drawn(app)) == copies
        assert not isinstance(app.sidebar.rows, StoryRows)
        # A story's own words: its original and its copy, counted as two articles, drawn as one row.
        await pilot.press("slash", "escape")  # (Esc in the filter clears it)
        await wait_filtered(pilot)
        original, copy = first_of_pair(app, pairs)
        title = app.articles[index_of(app, original)].title
        query = " ".join(f'title:"{word}"' for word in title.split(":")[0].split()[:4])
        await pilot.press("slash", *query, "enter")
        await wait_filtered(pilot)
        shown = {name(app, index) for index in app.sidebar.positions}
        assert {original, copy} <= shown
        assert count_label(app).startswith(f"{len(shown)} of ")
        check_groups(app)
        # (unfolded if the open article is the copy: the article read keeps its row)
        assert drawn(app)[original].endswith(("▸2", "▾2"))


async def test_opening_marks_and_saving_reach_a_folded_copy(tmp_path, monkeypatch):
    folder, pairs = collection(tmp_path)
    monkeypatch.chdir(tmp_path)
    async with grouped(folder) as pilot:
        app = pilot.app
        original, copy = first_of_pair(app, pairs)
        assert copy not in drawn(app)
        app.open_article(index_of(app, copy))  # (the palette's "Open article…" does this)
        await wait_for(pilot, lambda: app.pane.article is not None and Path(app.pane.article.path).name == copy)
        assert copy in drawn(app) and name(app, app.sidebar.highlighted) == copy
        assert app.filter_input.value == ""  # shown already: no filter was cleared
        app.sidebar.focus()
        await pilot.press("s")
        await wait_for(pilot, lambda: drawn(app)[copy].startswith("★"), what="the copy starred")
        assert not drawn(app)[original].startswith("★")
        # E saves every article shown, the folded ones too.
        await pilot.press("space", "E")
        assert isinstance(app.screen, SaveDialog)
        assert app.screen.dialog_title == f"Save {len(app.articles)} articles as Markdown"
        await pilot.press("enter")
        await pilot.pause()
        saved = "".join(path.read_text() for path in tmp_path.glob("*.md"))
        assert "what we know so far" in saved


async def test_a_copy_that_arrives_with_a_reload_joins_its_story(tmp_path):
    folder, pairs = collection(tmp_path, copies=2)
    async with grouped(folder) as pilot:
        app = pilot.app
        rows, articles = len(drawn(app)), len(app.articles)
        later = write_collection(tmp_path / "later", articles=8, copies=3)  # (the same articles, one more copy)
        original, new_copy = next((original, copy) for original, copy in later.items() if original not in pairs)
        (folder / new_copy).write_bytes((tmp_path / "later" / new_copy).read_bytes())
        await pilot.press("r")
        await wait_for(pilot, lambda: len(app.articles) == articles + 1, TIMEOUT, "the reload")
        # (the reload's entity pass groups it: the list follows without another reload)
        await wait_for(pilot, lambda: len(drawn(app)) == rows, TIMEOUT, "the copy grouped")
        assert (original in drawn(app)) != (new_copy in drawn(app))
        check_groups(app)


async def test_the_keys_are_on_the_help_screen_and_in_the_keymap(tmp_path):
    from reader.ui.keymap import default_keymap
    from reader.ui.screens.help import help_sections

    assert default_keymap()["app.group_stories"] == "z" and default_keymap()["list.story"] == "space"
    folder, _ = collection(tmp_path, copies=1)
    app = ReaderApp([str(folder)], config=Config())
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot, TIMEOUT)
        sections = {
            title: dict((description, keys) for keys, description in rows) for title, rows in help_sections(app)
        }
        assert sections["Sidebar"]["Fold/unfold the same story"] == "space"
        assert sections["App"]["Group same stories"] == "z"


async def test_a_new_snapshot_keeps_a_cursor_move_not_handled_yet(tmp_path):
    """A new snapshot (one comes every second while indexing, and after a reload) swapped in
    just as j moved the cursor (its Highlighted message not handled yet) keeps the article the
    cursor moved to."""
    folder = tmp_path / "stories"
    write_collection(folder, articles=6, copies=1)
    app = ReaderApp([str(folder)])
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_loaded(pilot, 60)
        screen = app.main_screen
        sidebar = screen.sidebar
        assert screen.current == sidebar.highlighted
        sidebar.action_cursor_down()  # (moved; the screen has not heard of it yet)
        wanted = screen.source.key(sidebar.highlighted)
        assert sidebar.highlighted != screen.current
        screen._show_source(screen.source.next(), sidebar.positions)
        assert screen.source.key(sidebar.highlighted) == wanted
        await pilot.pause()
        assert screen.source.key(screen.current) == wanted
