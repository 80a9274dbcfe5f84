"""The save dialog in a small app of its own: saving, asking before overwriting, errors, cancelling."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import Input

from reader.ui.save_dialog import SaveDialog, write_atomically

TEXT = "# Title\n\nBody.\n"


class DialogApp(App):
    """Pushes one SaveDialog and keeps what it was dismissed with."""

    def __init__(self, content, default_path) -> None:
        super().__init__()
        self.dialog = SaveDialog(content, default_path)
        self.results: list = []

    def on_mount(self) -> None:
        self.push_screen(self.dialog, self.results.append)


async def type_path(pilot, path) -> None:
    field = pilot.app.dialog.query_one("#save-path", Input)
    field.value = str(path)
    await pilot.pause()


async def test_enter_saves_the_default_path(tmp_path):
    target = tmp_path / "iran-russia-closer-than-ever.md"
    app = DialogApp(TEXT, target)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.dialog.path_input.value == str(target)
        assert app.dialog.path_input.has_focus
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == [target]
        assert app.screen is not app.dialog
    assert target.read_text(encoding="utf-8") == TEXT
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left


async def test_relative_path_is_in_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = DialogApp(TEXT, "export.md")
    async with app.run_test() as pilot:
        await pilot.pause()
        assert "Saves to" in str(app.dialog.query_one("#save-target").content)
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [tmp_path / "export.md"]
    assert (tmp_path / "export.md").read_text() == TEXT


async def test_content_callable_runs_only_on_save(tmp_path):
    calls = []

    def produce() -> str:
        calls.append(1)
        return TEXT

    app = DialogApp(produce, tmp_path / "a.md")
    async with app.run_test() as pilot:
        await pilot.pause()
        assert calls == []
        await pilot.press("enter")
        await pilot.pause()
    assert calls == [1]
    assert (tmp_path / "a.md").read_text() == TEXT


async def test_existing_file_asks_and_n_keeps_it(tmp_path):
    target = tmp_path / "kept.md"
    target.write_text("old content")
    app = DialogApp(TEXT, target)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert "Overwrite? y/n" in app.dialog.message
        assert app.screen is app.dialog
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is app.dialog  # still open, to choose another name
        assert "Kept the existing file" in app.dialog.message
        assert app.dialog.path_input.has_focus
        assert app.dialog.path_input.value == str(target)  # the "n" was not typed into it
        assert app.results == []
    assert target.read_text() == "old content"


async def test_existing_file_y_overwrites(tmp_path):
    target = tmp_path / "replaced.md"
    target.write_text("old content")
    target.chmod(0o640)
    app = DialogApp(TEXT, target)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("enter", "y")
        await pilot.pause()
    assert app.results == [target]
    assert target.read_text() == TEXT
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["replaced.md"]


async def test_escape_while_asking_keeps_the_file_and_the_dialog(tmp_path):
    target = tmp_path / "kept.md"
    target.write_text("old content")
    app = DialogApp(TEXT, target)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("enter", "escape")
        await pilot.pause()
        assert app.screen is app.dialog
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]
    assert target.read_text() == "old content"


async def test_escape_cancels_and_writes_nothing(tmp_path):
    app = DialogApp(TEXT, tmp_path / "never.md")
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]
    assert list(tmp_path.iterdir()) == []


async def test_missing_folder_is_an_inline_error(tmp_path):
    app = DialogApp(TEXT, tmp_path / "no" / "such" / "folder" / "a.md")
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is app.dialog
        assert app.dialog.message.startswith("No folder ")
        # Fixing the path and pressing Enter again saves.
        await type_path(pilot, tmp_path / "a.md")
        assert app.dialog.message == ""
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [tmp_path / "a.md"]


async def test_permission_denied_is_an_inline_error(tmp_path, monkeypatch):
    """A read-only folder, simulated so that it holds when the tests run as root."""
    real_open = os.open

    def refusing_open(path, *args, **kwargs):
        if str(path).startswith(str(tmp_path)):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    app = DialogApp(TEXT, tmp_path / "a.md")
    async with app.run_test() as pilot:
        await pilot.pause()
        monkeypatch.setattr(os, "open", refusing_open)
        await pilot.press("enter")
        await pilot.pause()
        monkeypatch.undo()
        assert app.screen is app.dialog
        assert app.dialog.message.startswith("Permission denied: cannot write ")
    assert list(tmp_path.iterdir()) == []


async def test_folder_and_empty_path_are_inline_errors(tmp_path):
    app = DialogApp(TEXT, tmp_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert "is a folder" in app.dialog.message
        await type_path(pilot, "   ")
        await pilot.press("enter")
        await pilot.pause()
        assert app.dialog.message == "Type a file name."
        assert app.screen is app.dialog


async def test_failing_content_is_an_inline_error(tmp_path):
    def broken() -> str:
        raise RuntimeError("index closed")

    app = DialogApp(broken, tmp_path / "a.md")
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert "index closed" in app.dialog.message
    assert list(tmp_path.iterdir()) == []


def test_write_atomically_refuses_to_replace_without_overwrite(tmp_path):
    target = tmp_path / "a.md"
    target.write_text("old")
    with pytest.raises(FileExistsError):
        write_atomically(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_write_atomically_writes_through_a_symlink(tmp_path):
    real = tmp_path / "real.md"
    real.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    write_atomically(link, "new", overwrite=True)
    assert link.is_symlink()
    assert real.read_text() == "new"


def test_write_atomically_keeps_text_exact(tmp_path):
    text = "línea\r\nzwei\n\u2028drei"
    written = write_atomically(tmp_path / "x.md", text)
    assert Path(written).read_bytes() == text.encode("utf-8")
