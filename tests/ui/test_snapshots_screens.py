"""SVG snapshots of the screens over the main one, on a real folder: help, problems, save dialog, palette.

Regenerate with ``--snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

import pytest
from snapshot_app import reader_app, settle

SMALL = [(60, 20), (80, 24)]
SMALL_IDS = ["60x20", "80x24"]


def on_screen(name: str):
    return lambda app: type(app.screen).__name__ == name


# -- help ------------------------------------------------------------------------------------------


async def open_help(pilot):
    await settle(pilot)
    await pilot.press("question_mark")
    await settle(pilot, on_screen("HelpScreen"), "the help screen")


def test_help(snap_compare, tmp_path, monkeypatch):
    """? lists every key by part of the screen, from the live bindings."""
    assert snap_compare(reader_app(tmp_path, monkeypatch), terminal_size=(100, 40), run_before=open_help)


@pytest.mark.parametrize("size", SMALL, ids=SMALL_IDS)
def test_help_small(snap_compare, tmp_path, monkeypatch, size):
    assert snap_compare(reader_app(tmp_path, monkeypatch), terminal_size=size, run_before=open_help)


# -- problems ----------------------------------------------------------------------------------------


async def open_problems(pilot):
    await settle(pilot, lambda app: len(app.problems) == 3, "3 skipped files")
    await pilot.press("exclamation_mark")
    await settle(pilot, on_screen("ProblemsScreen"), "the problems screen")


def test_problems(snap_compare, tmp_path, monkeypatch):
    """! lists the skipped files (binary, empty, whitespace only) with hostile names shown literally:
    markup as text, ESC and the newline as symbols, the right-to-left override made visible."""
    app = reader_app(tmp_path, monkeypatch, skipped=True)
    assert snap_compare(app, terminal_size=(100, 30), run_before=open_problems)


@pytest.mark.parametrize("size", SMALL, ids=SMALL_IDS)
def test_problems_small(snap_compare, tmp_path, monkeypatch, size):
    app = reader_app(tmp_path, monkeypatch, skipped=True)
    assert snap_compare(app, terminal_size=size, run_before=open_problems)


def test_problems_footer(snap_compare, tmp_path, monkeypatch):
    """The main screen with skipped files: the sidebar's footer says how many and that ! shows them."""

    async def run_before(pilot):
        await settle(pilot, lambda app: len(app.problems) == 3, "3 skipped files")

    app = reader_app(tmp_path, monkeypatch, skipped=True)
    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


# -- save dialog ---------------------------------------------------------------------------------------
# The dialog offers the article's file name in the working directory, an absolute path that
# differs from machine to machine: the shots type a name, with the home folder pinned, so the
# dialog's "Saves to ~/..." line is the same everywhere.


def save_dialog(name: str, *, submit: bool = False):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("j", "j", "e")
        await settle(pilot, on_screen("SaveDialog"), "the save dialog")
        pilot.app.screen.path_input.value = name
        if submit:
            await pilot.press("enter")
            await settle(pilot, lambda app: "Overwrite" in app.screen.message, "the overwrite question")
        else:
            await settle(
                pilot,
                lambda app: "Saves to ~/" in str(app.screen.query_one("#save-target").render()),
                "the target line",
            )

    return run_before


def test_save_dialog(snap_compare, tmp_path, monkeypatch):
    """e: the article as Markdown; a relative name shows where it goes."""
    monkeypatch.setenv("HOME", str(tmp_path))
    app = reader_app(tmp_path, monkeypatch)
    assert snap_compare(app, terminal_size=(100, 30), run_before=save_dialog("iran-russia-closer-than-ever.md"))


@pytest.mark.parametrize("size", SMALL, ids=SMALL_IDS)
def test_save_dialog_small(snap_compare, tmp_path, monkeypatch, size):
    monkeypatch.setenv("HOME", str(tmp_path))
    app = reader_app(tmp_path, monkeypatch)
    assert snap_compare(app, terminal_size=size, run_before=save_dialog("iran-russia-closer-than-ever.md"))


def test_save_dialog_overwrite(snap_compare, tmp_path, monkeypatch):
    """Enter on a file that exists: the dialog asks before overwriting it."""
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "notes.md").write_text("mine\n", encoding="utf-8")
    app = reader_app(tmp_path, monkeypatch)
    assert snap_compare(app, terminal_size=(100, 30), run_before=save_dialog("notes.md", submit=True))


# -- command palette ---------------------------------------------------------------------------------
# With nothing typed the full palette lists the app's commands only (articles are found by typing:
# two providers' discovery hits would arrive in either order), so that shot is stable too.


def palette_lists(text: str, first_hit: str, count: int):
    def listed(app) -> bool:
        from textual.command import CommandList

        if type(app.screen).__name__ != "ReaderCommandPalette" or app.screen.query_one("Input").value != text:
            return False
        options = app.screen.query_one(CommandList)
        return options.option_count == count and first_hit in str(options.get_option_at_index(0).prompt)

    return listed


def palette(text: str, first_hit: str, count: int):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot, on_screen("ReaderCommandPalette"), "the palette")
        await pilot.press(*text)
        await settle(pilot, palette_lists(text, first_hit, count), f"{count} hits, {first_hit!r} first")

    return run_before


def test_palette_before_typing(snap_compare, tmp_path, monkeypatch):
    """ctrl+p: the app's commands, before anything is typed."""

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot, listed_commands, "the commands")

    assert snap_compare(reader_app(tmp_path, monkeypatch), terminal_size=(100, 30), run_before=run_before)


def listed_commands(app) -> bool:
    from textual.command import CommandList

    if type(app.screen).__name__ != "ReaderCommandPalette":
        return False
    commands = list(app.get_system_commands(app.screen_stack[-2]))
    return app.screen.query_one(CommandList).option_count == len(commands) > 0


def test_palette_commands(snap_compare, tmp_path, monkeypatch):
    """ctrl+p and a word: the app's commands that match it."""
    app = reader_app(tmp_path, monkeypatch)
    assert snap_compare(app, terminal_size=(100, 30), run_before=palette("toggle", "Toggle sidebar", 2))


def test_palette_search(snap_compare, tmp_path, monkeypatch):
    """Typing part of a title finds the article."""
    app = reader_app(tmp_path, monkeypatch)
    assert snap_compare(app, terminal_size=(100, 30), run_before=palette("closer", "Closer than ever", 1))


def test_palette_open_article(snap_compare, tmp_path, monkeypatch):
    """The "Open article…" command: a palette of the listed articles, newest first."""

    async def run_before(pilot):
        await palette("open article", "Open article", 1)(pilot)
        await pilot.press("enter")
        await settle(pilot, palette_lists("", "2025-05-13", 5), "the five articles")

    assert snap_compare(reader_app(tmp_path, monkeypatch), terminal_size=(100, 30), run_before=run_before)
