"""Pager, editor and clipboard, with the runner injected (a headless app cannot suspend)."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest
from textual.app import App

from reader.article import Article
from reader.ui.external import (
    CommandProblem,
    article_text,
    copy_article_text,
    find_command,
    open_in_editor,
    open_in_pager,
)


class HostApp(App):
    """Records notifications; ``external_runner`` records the commands it is asked to run."""

    def __init__(self, status: int = 0) -> None:
        super().__init__()
        self.notes: list[tuple[str, str, str]] = []
        self.commands: list[list[str]] = []
        self.status = status

    def external_runner(self, argv) -> int:
        self.commands.append(list(argv))
        return self.status

    def notify(self, message, *, title="", severity="information", **kwargs) -> None:
        self.notes.append((str(message), title, severity))
        super().notify(message, title=title, severity=severity, **kwargs)


@pytest.fixture
def bin_dir(tmp_path: Path) -> Path:
    """A PATH with only the programs a test puts there."""
    folder = tmp_path / "bin"
    folder.mkdir()
    return folder


def install(bin_dir: Path, name: str, script: str = "exit 0") -> Path:
    program = bin_dir / name
    program.write_text(f"#!/bin/sh\n{script}\n")
    program.chmod(program.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return program


@pytest.fixture
def article_file(tmp_path: Path) -> Path:
    path = tmp_path / "news" / "-odd name.txt"
    path.parent.mkdir()
    path.write_text("Title\n\nBody.\n")
    return path


def test_pager_variable_with_arguments_is_split_like_a_shell(bin_dir, article_file):
    install(bin_dir, "less")
    env = {"PATH": str(bin_dir), "PAGER": "less -R '+G'"}
    argv, warning = find_command(("PAGER",), ("less", "more"), article_file, environ=env)
    assert argv == ["less", "-R", "+G", str(article_file)]
    assert warning is None


def test_fallbacks_in_order(bin_dir, article_file):
    env = {"PATH": str(bin_dir)}
    install(bin_dir, "more")
    assert find_command(("PAGER",), ("less", "more"), article_file, environ=env)[0] == ["more", str(article_file)]
    install(bin_dir, "less")
    assert find_command(("PAGER",), ("less", "more"), article_file, environ=env)[0] == ["less", str(article_file)]


def test_missing_program_in_variable_falls_back_with_a_warning(bin_dir, article_file):
    install(bin_dir, "less")
    env = {"PATH": str(bin_dir), "PAGER": "most -s"}
    argv, warning = find_command(("PAGER",), ("less", "more"), article_file, environ=env)
    assert argv == ["less", str(article_file)]
    assert warning == "$PAGER names 'most', which is not installed; using less"


def test_visual_before_editor_and_editor_when_visual_is_missing(bin_dir, article_file):
    install(bin_dir, "nvim")
    install(bin_dir, "code")
    env = {"PATH": str(bin_dir), "VISUAL": "code --wait", "EDITOR": "nvim -R"}
    assert find_command(("VISUAL", "EDITOR"), ("vi",), article_file, environ=env)[0][:2] == ["code", "--wait"]
    env["VISUAL"] = "emacs -nw"
    argv, warning = find_command(("VISUAL", "EDITOR"), ("vi",), article_file, environ=env)
    assert argv == ["nvim", "-R", str(article_file)]
    assert warning.endswith("; using $EDITOR")


def test_nothing_installed_is_a_problem_naming_what_was_tried(bin_dir, article_file):
    with pytest.raises(CommandProblem, match="none of less, more is installed; set \\$PAGER"):
        find_command(("PAGER",), ("less", "more"), article_file, environ={"PATH": str(bin_dir)})
    with pytest.raises(CommandProblem, match="cannot be read"):
        find_command(("PAGER",), ("less",), article_file, environ={"PATH": str(bin_dir), "PAGER": "less 'open"})


async def test_o_runs_the_pager_command_through_the_runner(bin_dir, article_file, monkeypatch):
    install(bin_dir, "less")
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setenv("PAGER", "less -R")
    app = HostApp()
    async with app.run_test() as pilot:
        status = open_in_pager(app, article_file)
        await pilot.pause()
    assert status == 0
    assert app.commands == [["less", "-R", str(article_file)]]
    assert app.notes == []


async def test_editor_command_through_an_explicit_runner(bin_dir, article_file, monkeypatch):
    install(bin_dir, "vim")
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", "vim -c 'set ro'")
    ran = []
    app = HostApp()
    async with app.run_test():
        open_in_editor(app, article_file, runner=lambda argv: ran.append(list(argv)) or 0)
    assert ran == [["vim", "-c", "set ro", str(article_file)]]
    assert app.commands == []


async def test_missing_program_is_a_notification_not_a_traceback(bin_dir, article_file, monkeypatch):
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setenv("PAGER", "most")
    app = HostApp()
    async with app.run_test() as pilot:
        assert open_in_pager(app, article_file) is None
        await pilot.pause()
    assert app.commands == []
    [(message, title, severity)] = app.notes
    assert severity == "error" and title == "Cannot open the pager"
    assert "'most'" in message and "none of less, more is installed" in message


async def test_program_vanishing_before_it_runs_is_a_notification(bin_dir, article_file, monkeypatch):
    install(bin_dir, "less")
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.delenv("PAGER", raising=False)

    def vanished(argv):
        raise FileNotFoundError(2, "No such file or directory", argv[0])

    app = HostApp()
    async with app.run_test():
        assert open_in_pager(app, article_file, runner=vanished) is None
    assert app.notes == [("'less' is not installed.", "Cannot open the pager", "error")]


async def test_failing_program_and_missing_file_are_reported(bin_dir, article_file, monkeypatch):
    install(bin_dir, "less")
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setenv("PAGER", "less -X")
    app = HostApp(status=2)
    async with app.run_test():
        assert open_in_pager(app, article_file) == 2
        assert open_in_pager(app, article_file.parent / "gone.txt") is None
    assert app.notes[0] == ("less -X exited with status 2.", "The pager failed", "warning")
    assert app.notes[1][0].endswith("gone.txt is no longer there.")
    assert len(app.commands) == 1


async def test_headless_app_without_runner_cannot_suspend_and_says_so(bin_dir, article_file, monkeypatch):
    install(bin_dir, "less")
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.delenv("PAGER", raising=False)
    app = App()
    notes = []
    monkeypatch.setattr(app, "notify", lambda message, **kw: notes.append(message))
    async with app.run_test():
        assert open_in_pager(app, article_file) is None
    assert notes and "cannot be handed to another program" in notes[0]


def test_the_built_command_really_runs(bin_dir, article_file, tmp_path):
    """What a real suspended run executes: the pager gets its arguments and the file."""
    log = tmp_path / "args.log"
    install(bin_dir, "fakepager", f'printf "%s\\n" "$@" > "{log}"')
    env = {"PATH": str(bin_dir), "PAGER": "fakepager --flag 'two words'"}
    argv, _ = find_command(("PAGER",), ("less",), article_file, environ=env)
    subprocess.run(argv, check=True, env={**os.environ, **env})
    assert log.read_text().splitlines() == ["--flag", "two words", str(article_file)]


# -- clipboard ---------------------------------------------------------------------------------


def sample() -> Article:
    return Article(path="a.txt", title="Alpha \x1b[2J summit", subtitle="Sub", paragraphs=("One two.", "Three."))


def test_article_text_is_plain_and_safe():
    assert article_text(sample()) == "Alpha ␛[2J summit\n\nSub\n\nOne two.\n\nThree.\n"


async def test_y_copies_the_text_and_says_so():
    app = HostApp()
    async with app.run_test():
        copied = copy_article_text(app, sample())
        assert app.clipboard == copied == article_text(sample())
        assert app.notes == [("Alpha ␛[2J summit — 7 words", "Copied to the clipboard", "information")]
        assert copy_article_text(app, None) is None
        assert app.notes[-1] == ("Open an article first.", "Nothing to copy", "warning")
