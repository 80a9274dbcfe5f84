"""The save dialog for `e`: choose a path, never overwrite without asking, never crash.

The screen knows nothing of the app: it gets the text (or a callable that makes it, run
only when the user presses Enter, so exporting thousands of articles costs nothing
until then) and a default path, and dismisses with the saved path or None.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

Content = str | Callable[[], str]
_HINT = "enter save · esc cancel"
_ASKING_HINT = "y overwrite · n keep it"


class SaveDialog(ModalScreen[Path | None]):
    """Enter saves, Esc cancels; an existing file asks "Overwrite? y/n" first.

    While asking, the path field is disabled so ``y``/``n`` reach the screen; Esc
    there means "no" (back to the path), as ``n`` does.
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="save.cancel"),
        Binding("y", "overwrite", "Overwrite", id="save.overwrite"),
        Binding("n", "keep", "Keep the file", id="save.keep"),
    ]

    DEFAULT_CSS = """
    SaveDialog {
        align: center middle;
        & > Vertical {
            width: 80%;
            max-width: 100;
            height: auto;
            padding: 1 2;
            background: $panel;
            border: round $primary;
            border-title-color: $text-primary;
            border-subtitle-color: $text-muted;
        }
        & #save-target { color: $text-muted; margin-top: 1; }
        & #save-message { margin-top: 1; display: none; }
        & #save-message.-error { display: block; color: $text-error; }
        & #save-message.-confirm { display: block; color: $text-warning; text-style: bold; }
    }
    """

    def __init__(self, content: Content, default_path: str | os.PathLike, *, title: str = "Save as Markdown") -> None:
        super().__init__()
        self._content = content
        self.default_path = os.fspath(default_path)
        self.dialog_title = title
        self.pending: Path | None = None  # the existing file we are asking about

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.dialog_title
            box.border_subtitle = _HINT
            yield Input(self.default_path, placeholder="file name or path", id="save-path")
            yield Static("", id="save-target", markup=False)
            yield Static("", id="save-message", markup=False)

    def on_mount(self) -> None:
        self._show_target(self.default_path)
        self.path_input.focus()

    @property
    def path_input(self) -> Input:
        return self.query_one("#save-path", Input)

    @property
    def message(self) -> str:
        """What the dialog says below the path (an error or the overwrite question), for tests."""
        return str(self.query_one("#save-message", Static).content)

    # -- events -----------------------------------------------------------------------------

    @on(Input.Changed, "#save-path")
    def _on_path_changed(self, event: Input.Changed) -> None:
        self._show_target(event.value)
        self._say("", None)

    @on(Input.Submitted, "#save-path")
    def _on_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        path = self._target(event.value)
        if path is None:
            self._say("Type a file name.", "-error")
        elif path.is_dir():
            self._say(f"{_shown(path)} is a folder: add a file name.", "-error")
        elif os.path.lexists(path):
            self._ask(path)
        else:
            self._save(path, overwrite=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("overwrite", "keep"):
            return self.pending is not None
        return True

    def action_overwrite(self) -> None:
        path, self.pending = self.pending, None
        if path is not None:
            self._save(path, overwrite=True)

    def action_keep(self) -> None:
        self._stop_asking()
        self._say("Kept the existing file. Choose another name, or esc to cancel.", "-error")

    def action_cancel(self) -> None:
        if self.pending is not None:
            self.action_keep()
        else:
            self.dismiss(None)

    # -- steps ------------------------------------------------------------------------------

    def _ask(self, path: Path) -> None:
        self.pending = path
        self.path_input.disabled = True  # y/n must not be typed into the path
        self._say(f"{_shown(path)} exists. Overwrite? y/n", "-confirm")
        self.query_one(Vertical).border_subtitle = _ASKING_HINT
        self.refresh_bindings()

    def _stop_asking(self) -> None:
        self.pending = None
        field = self.path_input
        field.disabled = False
        field.focus()
        self.query_one(Vertical).border_subtitle = _HINT
        self.refresh_bindings()

    def _save(self, path: Path, *, overwrite: bool) -> None:
        try:
            text = self._content() if callable(self._content) else self._content
        except Exception as error:  # noqa: BLE001 - a failing export must not take the app down
            self._stop_asking()
            self._say(f"Could not prepare the text: {error}", "-error")
            return
        try:
            write_atomically(path, text, overwrite=overwrite)
        except FileExistsError:  # appeared since Enter was pressed
            self._stop_asking()
            self._ask(path)
            return
        except OSError as error:
            self._stop_asking()
            self._say(describe_write_error(path, error), "-error")
            return
        self.dismiss(path)

    def _target(self, value: str) -> Path | None:
        text = value.strip()
        if not text:
            return None
        return Path(os.path.abspath(os.path.expanduser(text)))

    def _show_target(self, value: str) -> None:
        """Where a relative or ~ path really goes (nothing to add for an absolute one)."""
        path = self._target(value)
        shown = f"Saves to {_shown(path)}" if path and str(path) != value.strip() else ""
        self.query_one("#save-target", Static).update(shown)

    def _say(self, text: str, kind: str | None) -> None:
        message = self.query_one("#save-message", Static)
        message.update(text)
        message.set_class(kind == "-error", "-error")
        message.set_class(kind == "-confirm", "-confirm")


def write_atomically(path: str | os.PathLike, text: str, *, overwrite: bool = False) -> Path:
    """Write UTF-8 ``text`` to ``path`` all at once: a reader sees the old file or the new one.

    The text goes to a temporary file in the same folder (created with the user's umask),
    is fsynced, then renamed over the target. Without ``overwrite``, an existing file —
    even one created a moment ago by someone else — raises FileExistsError (the final
    step is a hard link, which refuses to replace; where links are impossible, a check
    just before the rename). Overwriting keeps the old file's permissions, and a symbolic
    link is written through rather than replaced.
    """
    target = Path(path)
    if overwrite and target.is_symlink():
        target = Path(os.path.realpath(target))
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", errors="surrogateescape", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        if overwrite:
            try:
                os.chmod(temporary, os.stat(target).st_mode & 0o7777)
            except OSError:
                pass  # new file, or not ours to inspect: the umask default stands
            os.replace(temporary, target)
        else:
            _place_new(temporary, target)
        _sync_folder(target.parent)
        return target
    finally:
        if os.path.lexists(temporary):
            os.unlink(temporary)


def _place_new(temporary: Path, target: Path) -> None:
    try:
        os.link(temporary, target)  # atomic, and never replaces
    except FileExistsError:
        raise
    except OSError:  # no hard links here (FAT, some network folders)
        if os.path.lexists(target):
            raise FileExistsError(target) from None
        os.replace(temporary, target)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (where the OS lets a folder be opened)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def describe_write_error(path: Path, error: OSError) -> str:
    """One line a user can act on."""
    folder = _shown(path.parent)
    if isinstance(error, FileNotFoundError):
        return f"No folder {folder}: create it first, or choose another path."
    if isinstance(error, NotADirectoryError):
        return f"{folder} is not a folder."
    if isinstance(error, PermissionError):
        return f"Permission denied: cannot write {_shown(path)}."
    if isinstance(error, IsADirectoryError):
        return f"{_shown(path)} is a folder: add a file name."
    return f"Cannot save {_shown(path)}: {error.strerror or error}."


def _shown(path: Path) -> str:
    """The path with the home folder as ~."""
    text = str(path)
    try:
        home = str(Path.home())
    except (RuntimeError, KeyError):
        return text
    if home not in ("", os.sep) and (text == home or text.startswith(home + os.sep)):
        return "~" + text[len(home):]
    return text
