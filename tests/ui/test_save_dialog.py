"""The save dialog in a small app of its own: saving, asking before overwriting, errors, cancelling."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import Input

from reader.ui.screens.save_dialog import SaveDialog, write_atomically

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


# -- links, permissions --------------------------------------------------------------------------


async def test_a_link_is_named_with_its_target_before_overwriting(tmp_path):
    real = tmp_path / "elsewhere" / "real [b]notes[link=x\x1b.md"
    real.parent.mkdir()
    real.write_text("old content")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    app = DialogApp(TEXT, link)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        shown_target = str(real).replace("\x1b", "␛")
        assert app.dialog.message == (f"{link} is a link → {shown_target}, which exists. Overwrite {shown_target}? y/n")
        assert real.read_text() == "old content"
        # Repointed after the question: y writes the file that was named, not the new one.
        other = tmp_path / "other.md"
        other.write_text("other")
        link.unlink()
        link.symlink_to(other)
        await pilot.press("y")
        await pilot.pause()
    assert app.results == [link]
    assert real.read_text() == TEXT
    assert other.read_text() == "other"
    assert link.is_symlink()


async def test_a_relative_or_dangling_link_says_where_it_points(tmp_path):
    (tmp_path / "sub").mkdir()
    link = tmp_path / "link.md"
    link.symlink_to("sub/missing.md")
    app = DialogApp(TEXT, link)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        target = tmp_path / "sub" / "missing.md"
        assert app.dialog.message == (
            f"{link} is a link → sub/missing.md ({target}), which does not exist yet. Overwrite {target}? y/n"
        )
        await pilot.press("y")
        await pilot.pause()
    assert target.read_text() == TEXT and link.is_symlink()


def test_temporary_file_is_0600_and_the_new_file_follows_the_umask(tmp_path, monkeypatch):
    import stat

    from reader.ui.screens import save_dialog

    modes = []
    real_replace, real_link = os.replace, os.link

    def spy(source, destination, *args, **kwargs):
        modes.append((Path(source).name, stat.S_IMODE(os.stat(source).st_mode)))
        return (real_link if spy.linking else real_replace)(source, destination, *args, **kwargs)

    created = []
    real_open = os.open

    def spy_open(path, flags, mode=0o777, *args, **kwargs):
        if str(path).endswith(".tmp"):
            created.append(mode)
        return real_open(path, flags, mode, *args, **kwargs)

    monkeypatch.setattr(os, "open", spy_open)
    old = os.umask(0o027)
    try:
        spy.linking = True
        monkeypatch.setattr(os, "link", spy)
        new = save_dialog.write_atomically(tmp_path / "new.md", TEXT)
        spy.linking = False
        monkeypatch.setattr(os, "replace", spy)
        new.chmod(0o604)
        save_dialog.write_atomically(new, "second", overwrite=True)
    finally:
        os.umask(old)
    assert created == [0o600, 0o600]  # the temporary files, created private
    assert stat.S_IMODE(new.stat().st_mode) == 0o604  # overwriting keeps the file's mode
    assert new.read_text() == "second"
    assert [p.name for p in tmp_path.iterdir()] == ["new.md"]
    # The new file got 0666 less the umask (0o027) before it was linked into place.
    assert modes[0][1] == 0o640


def test_new_file_mode_follows_other_umasks(tmp_path):
    import stat

    from reader.ui.screens.save_dialog import current_umask

    for mask, expected in ((0o022, 0o644), (0o077, 0o600), (0o002, 0o664)):
        old = os.umask(mask)
        try:
            assert current_umask() == mask
            path = write_atomically(tmp_path / f"{mask:o}.md", TEXT)
        finally:
            os.umask(old)
        assert stat.S_IMODE(path.stat().st_mode) == expected


@pytest.mark.parametrize(
    "name", ["x" * 5000, "a\x00b.md", "/" + "d" * 300 + "/a.md"], ids=["long", "nul", "long-folder"]
)
async def test_unusable_names_are_inline_errors(tmp_path, name):
    """Found by the monkey test: ctrl+v pasted a whole article into the path (ENAMETOOLONG)."""
    app = DialogApp(TEXT, tmp_path / "a.md")
    async with app.run_test() as pilot:
        await pilot.pause()
        await type_path(pilot, name)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is app.dialog
        assert app.dialog.message in (
            "That name is too long for a file: choose a shorter one.",
            "Not a usable file name (embedded null byte).",
        )
        await pilot.press("escape")
    assert app.results == [None]


async def test_enter_then_escape_typed_fast_cancels_once(tmp_path):
    """Found by the monkey test: Esc dismissed the dialog while Enter's Submitted message was
    still queued; handled late, it wrote the file and its dismiss popped the screen below
    (ScreenStackError with nothing left to pop)."""
    from monkey_helpers import send_now

    target = tmp_path / "never.md"
    app = DialogApp(TEXT, target)
    async with app.run_test() as pilot:
        await pilot.pause()
        send_now(app, "enter")
        send_now(app, "escape")
        await pilot.pause()
        await pilot.pause()
        assert app.is_running
        assert len(app.screen_stack) == 1 and app.screen is not app.dialog
    assert app.results == [None] or app.results == [target]  # whichever came first, once
    assert len(app.results) == 1
    assert target.exists() == (app.results == [target])
