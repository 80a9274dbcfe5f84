"""Pager, editor and clipboard, with the runner injected (a headless app cannot suspend)."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest
from textual.app import App

from reader.model import Article
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
    [[program, option, copy]] = app.commands  # a private copy, never the article's own name
    assert (program, option) == ("less", "-R")
    assert Path(copy).name == "article.txt" and Path(copy).parent.name.startswith("reader-pager-")
    assert not Path(copy).parent.exists()  # removed when the pager exited
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


# -- file names that programs could misread ------------------------------------------------------

HOSTILE_NAMES = [
    "line\nbreak.txt",
    "-rf.txt",
    "$(touch pwned).txt",
    "a;ls|cat>x.txt",
    "\x1b]52;c;aGk=\x07.txt",
    "\u202eevil.txt",
    "[@click=app.quit]x[_].txt",
]


@pytest.fixture(params=HOSTILE_NAMES, ids=repr)
def hostile_file(request, tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    path = folder / request.param
    path.write_text("Title\n\nBody of the article.\n")
    return path


async def test_pager_gets_a_private_copy_under_a_safe_name(hostile_file, bin_dir, monkeypatch):
    install(bin_dir, "less")
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setenv("PAGER", "less")
    seen = {}

    def runner(argv):
        copy = Path(argv[-1])
        seen["argv"] = list(argv)
        seen["text"] = copy.read_text()
        seen["file_mode"] = stat.S_IMODE(copy.stat().st_mode)
        seen["folder_mode"] = stat.S_IMODE(copy.parent.stat().st_mode)
        return 0

    app = HostApp()
    async with app.run_test():
        assert open_in_pager(app, hostile_file, runner=runner) == 0
    assert seen["argv"][:-1] == ["less"]
    assert Path(seen["argv"][-1]).name == "article.txt"
    assert all(hostile_file.name not in arg for arg in seen["argv"])
    assert seen["text"] == hostile_file.read_text()
    assert seen["file_mode"] == 0o600 and seen["folder_mode"] == 0o700
    assert not Path(seen["argv"][-1]).parent.exists()
    assert app.notes == []


async def test_pager_copy_is_removed_when_the_pager_fails(article_file, bin_dir, monkeypatch):
    install(bin_dir, "less")
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.delenv("PAGER", raising=False)
    copies = []

    def runner(argv):
        copies.append(Path(argv[-1]))
        raise OSError(8, "Exec format error")

    app = HostApp()
    async with app.run_test():
        assert open_in_pager(app, article_file, runner=runner) is None
    assert copies and not copies[0].parent.exists()
    assert app.notes == [("'less': Exec format error", "Cannot open the pager", "error")]


async def test_editor_gets_the_absolute_path_or_refuses_a_control_character(hostile_file, bin_dir, monkeypatch):
    install(bin_dir, "vim")
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", "vim")
    monkeypatch.chdir(hostile_file.parent)
    app = HostApp()
    async with app.run_test():
        status = open_in_editor(app, hostile_file.name)  # relative, as a name could start with "-"
    controls = any(ord(c) < 32 or c == "\u202e" for c in hostile_file.name)
    if controls:
        assert status is None and app.commands == []
        [(message, title, severity)] = app.notes
        assert (title, severity) == ("Cannot open the editor", "error")
        assert "has a control character in its name" in message
        assert not any(ord(c) < 32 or c == "\u202e" for c in message)  # shown as symbols
        from reader.ui import visible_name

        assert visible_name(hostile_file.name) in message
    else:
        assert status == 0 and app.notes == []
        assert app.commands == [["vim", str(hostile_file)]]  # absolute: never read as an option
        assert app.commands[0][-1].startswith("/")


SPY = """\
import json, os, stat, sys
target = sys.argv[-1]
record = {
    "argv": sys.argv[1:],
    "text": open(target, encoding="utf-8").read(),
    "mode": stat.S_IMODE(os.stat(target).st_mode),
    "folder_mode": stat.S_IMODE(os.stat(os.path.dirname(target)).st_mode),
    "stdin_is_tty": os.isatty(0),
}
with open(os.environ["SPY_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps(record) + "\\n")
"""


def real_runner(argv) -> int:
    """What `suspended_runner` does, without suspending (a headless app has no terminal)."""
    return subprocess.run(list(argv), check=False, stdin=subprocess.DEVNULL).returncode


@pytest.mark.parametrize("name", ["line\nbreak $(touch pwned).txt", "-n;ls.txt"], ids=repr)
async def test_a_real_pager_program_receives_only_the_safe_copy(name, tmp_path, bin_dir, monkeypatch):
    """A real program set as $PAGER (a Python script) records its argv and what it could read."""
    import json
    import sys

    spy = bin_dir / "spy.py"
    spy.write_text(SPY)
    log = tmp_path / "spy.log"
    monkeypatch.setenv("SPY_LOG", str(log))
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setenv("PAGER", f"{sys.executable} {spy} --pager-flag")
    article = tmp_path / "news" / name
    article.parent.mkdir()
    article.write_text("Hostile\n\nThe body.\n")
    monkeypatch.chdir(tmp_path)
    app = HostApp()
    async with app.run_test():
        assert open_in_pager(app, article, runner=real_runner) == 0
    [record] = [json.loads(line) for line in log.read_text().splitlines()]
    assert record["argv"][0] == "--pager-flag"
    assert Path(record["argv"][1]).name == "article.txt"
    assert name not in " ".join(record["argv"])
    assert record["text"] == "Hostile\n\nThe body.\n"
    assert (record["mode"], record["folder_mode"]) == (0o600, 0o700)
    assert not Path(record["argv"][1]).exists()
    assert not (tmp_path / "pwned").exists()


async def test_a_real_editor_program_receives_the_absolute_path(tmp_path, bin_dir, monkeypatch):
    import json
    import sys

    spy = bin_dir / "spy.py"
    spy.write_text(SPY)
    log = tmp_path / "spy.log"
    monkeypatch.setenv("SPY_LOG", str(log))
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {spy}")
    article = tmp_path / "-rf $(touch pwned).txt"
    article.write_text("Text.\n")
    monkeypatch.chdir(tmp_path)
    app = HostApp()
    async with app.run_test():
        assert open_in_editor(app, article.name, runner=real_runner) == 0
    [record] = [json.loads(line) for line in log.read_text().splitlines()]
    assert record["argv"] == [str(article)]
    assert record["text"] == "Text.\n"
    assert not (tmp_path / "pwned").exists()
