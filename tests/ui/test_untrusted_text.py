"""Untrusted text (titles, file names, entity names, messages) is shown literally on every surface:
never read as Textual/Rich markup, no escape sequence or bidi override reaches the terminal.

Table-driven: each hostile string goes through the command palette search, notifications, the
problems screen, the save dialog, the entities panel, the sidebar and the reading pane, via Pilot.
Each check: the app still runs, the text is on screen as written (control characters as their
visible symbols), and no action hidden in it ran.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input
from ui_helpers import BAD_FILE_BYTES, palette_choice, pane_lines, sidebar_rows, wait_for, wait_loaded

from reader.ingest.safe_text import make_safe
from reader.ui import app as app_module
from reader.ui import visible_name
from reader.ui.app import ReaderApp
from reader.ui.messages import ReloadDone

HOSTILE = [
    "[@click=app.quit]x[/]",
    "[/bold",
    "[link=x",
    "[b]bold[/b] and [red]red",
    "\x1b]52;c;aGVsbG8=\x07",
    "\x1b[2J",
    "\u202eevil",
    "two\nlines",
    "caf\udce9",  # a file name that is not UTF-8, as os.fsdecode holds it
]


def shown(text: str) -> str:
    """How a one-line surface shows ``text``."""
    return visible_name(text)


def in_a_file(text: str) -> str:
    """``text`` as a file's content can hold it: a name's undecodable byte is U+FFFD there."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def title_of(text: str) -> str:
    return " ".join(f"Vienna {in_a_file(text)} summit".split())


def folder_with(tmp_path: Path, text: str) -> list[str]:
    """The app's paths: a folder holding an article named and titled with ``text`` (its title on
    a "Title:" line, read as written), a plain article, and a binary file named with ``text``."""
    folder = tmp_path / "news"
    (folder / "bad").mkdir(parents=True)
    name = text.replace("/", "_")
    (folder / f"{name}.txt").write_text(
        f"Title: {title_of(text)}\n\nDate: 2025-05-13\n\nSergei Lavrov met {in_a_file(text)} in Vienna.\n\n"
        "The talks continue.\n",
        encoding="utf-8",
    )
    (folder / "plain.txt").write_text("Plain article\n\n2024-01-01\n\nNothing to see.\n", encoding="utf-8")
    (folder / "bad" / f"{name}.txt").write_bytes(BAD_FILE_BYTES["binary file, not text"])
    return [str(folder)]


class Recorder(ReaderApp):
    """Notes every action that runs (a markup @click would show up here)."""

    CSS_PATH = str(Path(app_module.__file__).with_name("reader.tcss"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.actions: list[str] = []

    async def run_action(self, action, default_namespace=None, namespaces=None) -> bool:
        self.actions.append(str(action))
        return await super().run_action(action, default_namespace, namespaces)


def screen_text(app) -> str:
    """Everything the current screen shows, as plain text (the SVG's text, unescaped)."""
    import html
    import re

    svg = app.export_screenshot()
    rows = re.findall(r"<text[^>]*>(.*?)</text>", svg)
    return html.unescape("".join(rows)).replace("\xa0", " ")


def assert_clean(app, before: list[str] | None = None) -> None:
    assert app.is_running
    assert app.return_code is None
    assert not any("quit" in action for action in app.actions[len(before or []) :]), app.actions


@pytest.mark.parametrize("text", HOSTILE, ids=repr)
async def test_hostile_title_and_path_on_every_surface(text, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder_with(tmp_path, text)
    app = Recorder(["news"])  # relative, as typed in the folder: the paths stay short on screen
    app.external_runner = lambda argv: 0
    title = title_of(text)
    name = text.replace("/", "_")
    article_path, bad_path = f"news/{name}.txt", f"news/bad/{name}.txt"
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot)
        await pilot.pause()
        # Sidebar and reading pane.
        assert any(make_safe(title)[:28] in row for row in sidebar_rows(app))  # (the row is 44 wide)
        await pilot.press("enter")
        await pilot.pause()
        assert make_safe(title) in pane_lines(app, 3)[0]
        assert app.pane.article.path == article_path
        assert_clean(app)

        # Command palette: search by the title's plain part, the hit shows the title as written.
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"vienna")
        await wait_for(pilot, lambda: make_safe(title) in screen_text(app), what="the title in the palette")
        await pilot.press("escape")
        await pilot.pause()
        assert_clean(app)

        # Notifications: a star names the title; a missing file names the path.
        marked = list(app.actions)
        await pilot.press("s")
        await pilot.pause()
        assert make_safe(title) in screen_text(app)
        Path(article_path).unlink()
        await pilot.press("o")  # the file is gone: the message names it
        await wait_for(
            pilot,
            lambda: any("no longer there" in note.message for note in app._notifications),
            what="the missing file's message",
        )
        [missing] = [note for note in app._notifications if "no longer there" in note.message]
        assert missing.message == f"{shown(article_path)} is no longer there." and not missing.markup
        assert all(not note.markup for note in app._notifications)
        assert_clean(app, marked)

        # Problems screen: the path and the reason, literally.
        await pilot.press("exclamation_mark")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        cells = [str(cell) for cell in table.get_row_at(0)]
        assert cells[1] == shown(bad_path)
        assert cells[2] == "binary file, not text"
        assert shown(bad_path) in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert_clean(app)

        # Save dialog: a hostile path typed in; its "exists" question shows it literally.
        target = tmp_path / f"{text.replace('/', '_')}.md"
        target.write_text("old")
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#save-path", Input).value = str(target)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert f"{shown(str(target))} exists. Overwrite? y/n" == app.screen.message
        assert shown(str(target)) in screen_text(app)
        await pilot.press("n", "escape")
        await pilot.pause()
        assert target.read_text() == "old"
        assert_clean(app)

        # Entities panel: the entity names as written.
        await pilot.press("i")
        await wait_for(pilot, lambda: app.entities_panel.choices, what="the entities panel")
        names = [canonical for _label, canonical in app.entities_panel.choices]
        assert "Sergei Lavrov" in names
        assert "Sergei Lavrov" in screen_text(app)
        assert_clean(app)
    assert app.return_code == 0 or app.return_code is None


@pytest.mark.parametrize("text", HOSTILE, ids=repr)
async def test_hostile_entity_name_in_the_panel(text, tmp_path):
    """An entity whose name is hostile (the panel shows what the recogniser found, verbatim)."""
    from reader.session.entity_view import EntityCount

    app = Recorder(folder_with(tmp_path, "plain"))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("i")
        await pilot.pause()
        app.entities_panel.show_entities({"PERSON": [EntityCount("PERSON", text, 2)]})
        await pilot.pause()
        assert app.entities_panel.choices == [("PERSON", text)]
        assert make_safe(text).split("\n")[0] in screen_text(app)
        await pilot.press("enter")  # chooses it: the filter gets entity:"…", nothing runs
        await pilot.pause()
        assert_clean(app)


@pytest.mark.parametrize("text", HOSTILE, ids=repr)
async def test_notification_messages_from_errors_are_literal(text, tmp_path):
    app = Recorder(folder_with(tmp_path, "plain"))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot)
        await pilot.pause()
        app.main_screen.load_failed(f"cannot open {text}")
        app.main_screen.reloader.done(ReloadDone(None, None, None, [], False, f"OSError: {text}"))
        await pilot.pause()
        screen = screen_text(app)
        messages = [note.message for note in app._notifications]
        assert messages == [make_safe(f"cannot open {text}"), make_safe(f"OSError: {text}")]
        assert all(not note.markup for note in app._notifications)
        assert "\x1b" not in screen and "\u202e" not in screen
        assert_clean(app)


async def test_no_escape_or_bidi_character_reaches_the_screen(tmp_path):
    """Every hostile string at once, every surface open in turn: the rendered screen never
    carries ESC, BEL, a bidi override or a lone surrogate (which a terminal can't be sent at all:
    the problems screen came up empty on a real terminal for a name that is not UTF-8)."""
    everything = " ".join(HOSTILE)
    app = Recorder(folder_with(tmp_path, everything))
    title = make_safe(title_of(everything))[:20]
    surfaces = [  # (keys, "it shows" given the screen before them, what shows)
        (["enter"], lambda before: app.pane.article is not None, "the article in the pane"),
        (["s"], lambda before: any(note.title == "Starred ★" for note in app._notifications), "the star's notice"),
        (["exclamation_mark"], lambda before: type(app.screen).__name__ == "ProblemsScreen", "the problems screen"),
        (["escape", "i"], lambda before: app.entities_panel.choices, "the entities panel"),
        (
            ["escape", "ctrl+p", *"vienna"],
            lambda before: title in screen_text(app) and title in palette_choice(app),
            "the title in the palette",
        ),
    ]
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot)
        for keys, shows, surface in surfaces:
            before = screen_text(app)
            await pilot.press(*keys)
            await wait_for(pilot, lambda: shows(before), what=surface)
            screen = screen_text(app)
            assert not set(screen) & {"\x1b", "\x07", "\u202e"}, keys
            assert not any("\ud800" <= char <= "\udfff" for char in screen), keys
        assert_clean(app)
