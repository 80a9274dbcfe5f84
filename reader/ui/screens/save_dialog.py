"""The save dialog for `e`: choose a path, never overwrite without asking, never crash.

The screen knows nothing of the app: it gets the text (or a callable that makes it, run
only when the user presses Enter, so exporting thousands of articles costs nothing
until then) and a default path, and dismisses with the saved path or None.

An existing path that is a symbolic link is named with where it points ("notes.md is a link →
/elsewhere/notes.md") before anything is overwritten, and the file written is the one the user
was shown. Paths are shown literally (never as markup), control characters made visible.
"""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content as Plain
from textual.widgets import Input, Static

from reader.ui import visible, visible_name
from reader.ui.screens.modal import ReaderModal

Content = str | Callable[[], str]
_HINT = "enter save · esc cancel"
_ASKING_HINT = "y overwrite · n keep it"


class SaveDialog(ReaderModal[Path | None]):
    """Enter saves, Esc cancels; an existing file asks "Overwrite? y/n" first.

    While asking, the path field is disabled so ``y``/``n`` reach the screen; Esc
    there means "no" (back to the path), as ``n`` does.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="save.cancel"),
        Binding("y", "overwrite", "Overwrite", id="save.overwrite"),
        Binding("n", "keep", "Keep the file", id="save.keep"),
    ]

    DEFAULT_CSS = """
    SaveDialog {
        align: center middle;
        & > Vertical {
            width: 80%;
            min-width: 56;  /* the path stays readable at 60 columns */
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

    def __init__(
        self, content: Content, default_path: str | os.PathLike[str], *, title: str = "Save as Markdown"
    ) -> None:
        super().__init__()
        self._content = content
        self.default_path = os.fspath(default_path)
        self.dialog_title = title
        self.pending: Path | None = None  # the existing file we are asking about
        self._pending_target: Path | None = None  # where it is written: a link's target as shown
        self._finished = False  # dismissed: what is still queued for the dialog is dropped

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

    @property
    def active(self) -> bool:
        """Not dismissed yet, and the screen the user sees."""
        try:
            return not self._finished and self.app.screen is self
        except Exception:  # noqa: BLE001 - no screen left: the app is closing
            return False

    def _finish(self, result: Path | None) -> None:
        """Dismiss once. Enter then Esc typed fast: Esc dismissed the dialog while the Enter's
        Submitted message was still queued for it; handled late, it wrote the file and its
        dismiss popped the screen below (Screen.dismiss pops whatever is on top)."""
        if self.active:
            self._finished = True
            self.dismiss(result)

    @on(Input.Submitted, "#save-path")
    def _on_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not self.active:
            return
        path = self._target(event.value)
        if path is None:
            self._say("Type a file name.", "-error")
            return
        try:  # a pasted paragraph is a name too long to look up; a NUL byte cannot be one
            folder, exists = path.is_dir(), os.path.lexists(path)
        except (OSError, ValueError) as error:
            self._say(describe_write_error(path, error), "-error")
            return
        if folder:
            self._say(f"{_shown(path)} is a folder: add a file name.", "-error")
        elif exists:
            self._ask(path)
        else:
            self._save(path, overwrite=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("overwrite", "keep"):
            return self.pending is not None
        return True

    def action_overwrite(self) -> None:
        if not self.active:
            return
        path, self.pending = self.pending, None
        target, self._pending_target = self._pending_target, None
        if path is not None:
            self._save(path, overwrite=True, target=target)

    def action_keep(self) -> None:
        self._stop_asking()
        self._say("Kept the existing file. Choose another name, or esc to cancel.", "-error")

    def action_cancel(self) -> None:
        if self.pending is not None:
            self.action_keep()
        else:
            self._finish(None)

    # -- steps ------------------------------------------------------------------------------

    def _ask(self, path: Path) -> None:
        self.pending = path
        self._pending_target = None
        self.path_input.disabled = True  # y/n must not be typed into the path
        if path.is_symlink():
            target = Path(os.path.realpath(path))
            self._pending_target = target  # written there, and nowhere else, on y
            try:
                written = os.readlink(path)
            except OSError:
                written = str(target)
            via = (
                f"{_shown(Path(written))}" if written == str(target) else f"{visible_name(written)} ({_shown(target)})"
            )
            state = "exists" if target.exists() else "does not exist yet"
            self._say(f"{_shown(path)} is a link → {via}, which {state}. Overwrite {_shown(target)}? y/n", "-confirm")
        else:
            self._say(f"{_shown(path)} exists. Overwrite? y/n", "-confirm")
        self.query_one(Vertical).border_subtitle = _ASKING_HINT
        self.refresh_bindings()

    def _stop_asking(self) -> None:
        self.pending = None
        self._pending_target = None
        field = self.path_input
        field.disabled = False
        field.focus()
        self.query_one(Vertical).border_subtitle = _HINT
        self.refresh_bindings()

    def _save(self, path: Path, *, overwrite: bool, target: Path | None = None) -> None:
        try:
            text = self._content() if callable(self._content) else self._content
        except Exception as error:  # noqa: BLE001 - a failing export must not take the app down
            self._stop_asking()
            self._say(f"Could not prepare the text: {error}", "-error")
            return
        try:
            write_atomically(target or path, text, overwrite=overwrite)
        except FileExistsError:  # appeared since Enter was pressed
            self._stop_asking()
            self._ask(path)
            return
        except (OSError, ValueError) as error:
            self._stop_asking()
            self._say(describe_write_error(path, error), "-error")
            return
        self._finish(path)

    def _target(self, value: str) -> Path | None:
        text = value.strip()
        if not text:
            return None
        return Path(os.path.abspath(os.path.expanduser(text)))

    def _show_target(self, value: str) -> None:
        """Where a relative or ~ path really goes (nothing to add for an absolute one)."""
        path = self._target(value)
        shown = f"Saves to {_shown(path)}" if path and str(path) != value.strip() else ""
        self.query_one("#save-target", Static).update(Plain(shown))

    def _say(self, text: str, kind: str | None) -> None:
        message = self.query_one("#save-message", Static)
        message.update(Plain(visible(text)))
        message.set_class(kind == "-error", "-error")
        message.set_class(kind == "-confirm", "-confirm")


def write_atomically(path: str | os.PathLike[str], text: str, *, overwrite: bool = False) -> Path:
    """Write UTF-8 ``text`` to ``path`` all at once: a reader sees the old file or the new one.

    The text goes to a temporary file in the same folder, created 0600 (nobody else can read
    or swap a half-written export), fsynced, given its final mode, then renamed over the
    target. The final mode is the user's usual one for a new file (0666 less the umask);
    overwriting keeps the old file's permissions. Without ``overwrite``, an existing file —
    even one created a moment ago by someone else — raises FileExistsError (the final
    step is a hard link, which refuses to replace; where links are impossible, a check
    just before the rename). A symbolic link is written through rather than replaced.
    """
    target = Path(path)
    if overwrite and target.is_symlink():
        target = Path(os.path.realpath(target))
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(temporary, flags, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", errors="surrogateescape", newline="\n") as out:
            out.write(text)
            out.flush()
            mode = 0o666 & ~current_umask()
            if overwrite:
                try:
                    mode = os.stat(target).st_mode & 0o7777
                except OSError:
                    pass  # a new file after all, or not ours to inspect: the umask default
            os.fchmod(out.fileno(), mode)
            os.fsync(out.fileno())
        if overwrite:
            os.replace(temporary, target)
        else:
            _place_new(temporary, target)
        _sync_folder(target.parent)
        return target
    finally:
        if os.path.lexists(temporary):
            os.unlink(temporary)


def current_umask() -> int:
    """The process's umask, read without changing it where the system allows (Linux), else
    set and put back at once."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


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


def describe_write_error(path: Path, error: OSError | ValueError) -> str:
    """One line a user can act on."""
    if isinstance(error, ValueError):  # e.g. "embedded null byte"
        return f"Not a usable file name ({error})."
    if getattr(error, "errno", None) == errno.ENAMETOOLONG:
        return "That name is too long for a file: choose a shorter one."
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
    """The path with the home folder as ~, control characters (newlines too) made visible."""
    text = str(path)
    try:
        home = str(Path.home())
    except (RuntimeError, KeyError):
        return visible_name(text)
    if home not in ("", os.sep) and (text == home or text.startswith(home + os.sep)):
        text = "~" + text[len(home) :]
    return visible_name(text)
