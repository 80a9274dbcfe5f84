"""Hand a file to the user's pager or editor, and copy an article's text.

The program gets the terminal while the app is suspended and the app comes back as it
was. Every failure — no such program, a bad ``$PAGER``, a terminal that can't be
handed over — becomes a notification, never a traceback.

File names are untrusted, and programs misread odd ones (less's ``LESSOPEN`` preprocessor has
run commands hidden in names with newlines or shell characters). So:

* the pager never sees the article's name: it gets a copy of the file, under a fixed safe name
  (``article.txt``) in a private temporary folder (0700; the copy 0600), removed when it exits;
* the editor must change the real file: it gets the absolute path (which starts with ``/``, so
  it is never read as an option; one argv element, no shell). A name with a control character
  (a newline, ESC, DEL…) or a bidi control is refused with a message saying why.

Names in messages are shown literally, control characters made visible.

Running is injected: the default runner suspends the app and runs the command in the
foreground; a headless test (where suspending is impossible) passes ``runner=`` or sets
``app.external_runner``, a callable taking the argv and returning the exit status.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.ingest.safe_text import make_safe
from reader.ui import visible, visible_name

if TYPE_CHECKING:
    from textual.app import App

    from reader.model import Article

Runner = Callable[[Sequence[str]], int]

PAGER_VARIABLES = ("PAGER",)
PAGER_FALLBACKS = ("less", "more")
EDITOR_VARIABLES = ("VISUAL", "EDITOR")  # VISUAL first, as git and most tools do
EDITOR_FALLBACKS = ("vi", "nano")
PAGER_COPY_NAME = "article.txt"  # what the pager is given, in a private folder
#: Characters no file name handed to a program may contain: C0/C1 controls (newline, ESC…),
#: DEL, and bidi controls (they reorder how the name reads).
_UNSAFE_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


class CommandProblem(Exception):
    """Why no program can be run; the message is for the user."""


def find_command(
    variables: Sequence[str],
    fallbacks: Sequence[str],
    path: str | os.PathLike[str],
    *,
    environ: Mapping[str, str] | None = None,
    which: Callable[[str], str | None] | None = None,
) -> tuple[list[str], str | None]:
    """The argv that opens ``path``, and a warning when a set variable had to be skipped.

    The first set variable naming an installed program wins, split like a shell would
    (``PAGER="less -R"``); one naming a missing program is reported in the warning and
    the next variable, then the fallbacks, are tried. Raises CommandProblem when
    nothing can run.
    """
    environ = os.environ if environ is None else environ
    which = which or (lambda name: shutil.which(name, path=environ.get("PATH")))
    target = os.path.abspath(path)  # never starts with "-", so never read as an option
    warning = None
    for variable in variables:
        value = environ.get(variable, "").strip()
        if not value:
            continue
        try:
            words = shlex.split(value)
        except ValueError as error:
            warning = warning or f"${variable} cannot be read ({error}): {value!r}"
            continue
        if words and which(words[0]):
            return [*words, target], (f"{warning}; using ${variable}" if warning else None)
        if words:
            warning = warning or f"${variable} names {words[0]!r}, which is not installed"
    for name in fallbacks:
        if which(name):
            return [name, target], (f"{warning}; using {name}" if warning else None)
    tried = ", ".join(fallbacks)
    first = f"{warning}, and " if warning else ""
    raise CommandProblem(f"{first}none of {tried} is installed; set ${variables[-1]} to a program that is")


def suspended_runner(app: App[Any]) -> Runner:
    """Run argv in the foreground with the terminal handed over, then resume the app."""

    def run(argv: Sequence[str]) -> int:
        with app.suspend():
            return subprocess.run(list(argv), check=False).returncode

    return run


def open_in_pager(
    app: App[Any],
    path: str | os.PathLike[str],
    *,
    runner: Runner | None = None,
    environ: Mapping[str, str] | None = None,
) -> int | None:
    """``o``: show ``path`` in $PAGER (else less, else more). The exit status, or None if nothing ran."""
    return _open(app, path, "pager", PAGER_VARIABLES, PAGER_FALLBACKS, runner, environ)


def open_in_editor(
    app: App[Any],
    path: str | os.PathLike[str],
    *,
    runner: Runner | None = None,
    environ: Mapping[str, str] | None = None,
) -> int | None:
    """``O``: open ``path`` in $VISUAL or $EDITOR (else vi, else nano)."""
    return _open(app, path, "editor", EDITOR_VARIABLES, EDITOR_FALLBACKS, runner, environ)


def unsafe_name(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` has a character no program should be handed (see `_UNSAFE_NAME`)."""
    return _UNSAFE_NAME.search(os.fspath(path)) is not None


def private_copy(path: str | os.PathLike[str]) -> Path:
    """A copy of ``path`` named `PAGER_COPY_NAME` in a new private folder (0700, the copy 0600).
    The caller removes the folder (`remove_private_copy`)."""
    folder = Path(tempfile.mkdtemp(prefix="reader-pager-"))  # 0700, unique
    copy = folder / PAGER_COPY_NAME
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
        descriptor = os.open(copy, flags, 0o600)
        with os.fdopen(descriptor, "wb") as out, open(path, "rb") as source:
            shutil.copyfileobj(source, out)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return copy


def remove_private_copy(copy: Path) -> None:
    shutil.rmtree(copy.parent, ignore_errors=True)


def _open(
    app: App[Any],
    path: str | os.PathLike[str],
    kind: str,
    variables: Sequence[str],
    fallbacks: Sequence[str],
    runner: Runner | None,
    environ: Mapping[str, str] | None,
) -> int | None:
    title = f"Cannot open the {kind}"
    shown = visible_name(path)
    if not os.path.isfile(path):
        app.notify(f"{shown} is no longer there.", title=title, severity="error", markup=False)
        return None
    if kind == "editor" and unsafe_name(os.path.abspath(path)):
        app.notify(
            f"{shown} has a control character in its name (shown as a symbol here), which an "
            f"editor could misread: rename the file to edit it.",
            title=title,
            severity="error",
            markup=False,
        )
        return None
    copy = None
    try:
        if kind == "pager":  # the pager reads a copy under a name that cannot be misread
            try:
                copy = private_copy(path)
            except OSError as error:
                app.notify(
                    f"Cannot read {shown}: {error.strerror or error}.", title=title, severity="error", markup=False
                )
                return None
        return _run(app, copy if copy is not None else path, kind, variables, fallbacks, runner, environ, title)
    finally:
        if copy is not None:
            remove_private_copy(copy)


def _run(
    app: App[Any],
    path: str | os.PathLike[str],
    kind: str,
    variables: Sequence[str],
    fallbacks: Sequence[str],
    runner: Runner | None,
    environ: Mapping[str, str] | None,
    title: str,
) -> int | None:
    try:
        argv, warning = find_command(variables, fallbacks, path, environ=environ)
    except CommandProblem as problem:
        app.notify(visible(str(problem)), title=title, severity="error", markup=False)
        return None
    if warning:
        app.notify(visible(warning), title=f"Using another {kind}", severity="warning", markup=False)
    run: Runner = runner or getattr(app, "external_runner", None) or suspended_runner(app)
    program = visible(repr(argv[0]))
    try:
        status = run(argv)
    except FileNotFoundError:
        app.notify(f"{program} is not installed.", title=title, severity="error", markup=False)
        return None
    except PermissionError:
        app.notify(f"{program} cannot be run (permission denied).", title=title, severity="error", markup=False)
        return None
    except OSError as error:
        app.notify(visible(f"{program}: {error.strerror or error}"), title=title, severity="error", markup=False)
        return None
    except Exception as error:  # noqa: BLE001 - SuspendNotSupported (headless, web) and the like
        app.notify(
            f"This terminal cannot be handed to another program ({type(error).__name__}).",
            title=title,
            severity="error",
            markup=False,
        )
        return None
    finally:
        app.refresh(layout=True)  # the program drew over the screen
    if status not in (0, None):
        app.notify(
            visible(f"{shlex.join(argv[:-1])} exited with status {status}."),
            title=f"The {kind} failed",
            severity="warning",
            markup=False,
        )
    return status


# -- clipboard ------------------------------------------------------------------------------


def article_text(article: Article) -> str:
    """Title, subtitle and paragraphs as plain text, blank lines between, nothing hidden."""
    parts = [article.title, article.subtitle or "", *article.paragraphs]
    return make_safe("\n\n".join(part.strip() for part in parts if part and part.strip())) + "\n"


def copy_article_text(app: App[Any], article: Article | None) -> str | None:
    """``y``: the article's text to the clipboard (OSC 52), with a notification saying so.

    OSC 52 is write-only: we can't know whether the terminal accepted it (tmux needs
    ``set-clipboard on``; some terminals ignore it), so the message says what was sent.
    """
    if article is None:
        app.notify("Open an article first.", title="Nothing to copy", severity="warning", markup=False)
        return None
    text = article_text(article)
    app.copy_to_clipboard(text)
    words = len(text.split())
    title = make_safe(" ".join(article.title.split())) or "Untitled"
    app.notify(f"{title} — {words:,} word{'s' if words != 1 else ''}", title="Copied to the clipboard", markup=False)
    return text
