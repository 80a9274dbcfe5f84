"""Monkey sessions: random fast key sequences against the app, for tests/ui/test_monkey.py and
tests/benchmarks/monkey.py (imported as a top-level module, like ui_helpers).

A session draws each key from the bindings that are live on the current screen (the focused
widget's, the screen's and the app's), from every binding the app and its screens have, or
from plain typing and navigation keys; most keys are sent in bursts without waiting (as a fast
typist or a paste delivers them), some with Pilot's press (which waits for the app to settle).
Sessions open dialogs and panels, and may quit in the middle. A session fails if the app
raises (Pilot re-raises what Textual caught when ``run_test`` ends) or exits with a status
other than 0.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path

import ui_helpers  # noqa: F401 - puts the checkout on sys.path
from textual import events
from textual.app import _character_to_key, _get_unicode_name_from_key
from textual.keys import REPLACED_KEYS

SIZES = [(60, 20), (80, 24), (120, 40)]

#: Keys anyone might press anywhere: typing, navigation, dialogs.
EXTRA_KEYS = [
    "enter",
    "escape",
    "tab",
    "shift+tab",
    "ctrl+p",
    "backspace",
    "space",
    "up",
    "down",
    "left",
    "right",
    "pageup",
    "pagedown",
    "home",
    "end",
    "a",
    "x",
    "n",
    "y",
    "q",
    "e",
    "slash",
    "question_mark",
    "exclamation_mark",
    "i",
]

#: A title or file name for each way untrusted text has been misread.
HOSTILE = [
    "[@click=app.quit]x[/]",
    "[/bold",
    "[link=x",
    "\x1b]52;c;aGVsbG8=\x07",
    "\x1b[2J",
    "\u202eevil",
    "line\nbreak",
]


def all_binding_keys() -> list[str]:
    """Every key bound anywhere in the app (its screens and widgets included)."""
    from reader.ui.keymap import default_keymap

    keys = {key.strip() for value in default_keymap().values() for key in value.split(",")}
    return sorted(key for key in keys if key)


def live_keys(app) -> list[str]:
    """The keys bound on the screen as it is now (focused widget, screen, app)."""
    try:
        return sorted(app.screen.active_bindings)
    except Exception:  # noqa: BLE001 - the app is closing
        return []


def send_now(app, key: str) -> None:
    """Queue a key event without waiting for the app to handle it (a burst)."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    original = REPLACED_KEYS.get(key, key)
    try:
        character = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        character = key if len(key) == 1 else None
    event = events.Key(key, character)
    event.set_sender(app)
    app._driver.send_message(event)


def fake_runner(argv) -> int:
    """Stands in for the pager and editor: a headless app cannot hand over its terminal."""
    return 0


async def run_session(
    app, choose: Callable, steps: int, size: tuple[int, int], pool: list[str], log: list[str] | None = None
) -> None:
    """Drive ``app`` for ``steps`` keys; ``choose(kind, options)`` makes every random choice
    (hypothesis's ``data.draw`` or a ``random.Random``). Ends by quitting with Esc/q and checks
    the exit status. Raises what the app raised."""
    log = [] if log is None else log
    app.external_runner = fake_runner
    # In a folder of its own: Enter in a save dialog writes to the working directory.
    with tempfile.TemporaryDirectory(prefix="reader-monkey-cwd-") as folder, contextlib.chdir(folder):
        await _drive(app, choose, steps, size, pool, log)
    assert app.return_code == 0, f"exit status {app.return_code} after {log}"


async def _drive(app, choose, steps, size, pool, log) -> None:
    async with app.run_test(size=size) as pilot:
        for _ in range(steps):
            if not app.is_running:
                break
            source = choose("source", ["live", "live", "any", "extra"])
            options = {"live": live_keys(app), "any": pool, "extra": EXTRA_KEYS}[source] or EXTRA_KEYS
            key = choose("key", options)
            how = choose("how", ["burst", "burst", "press", "pause"])
            log.append(key if how != "pause" else f"{key}+pause")
            if how == "burst":
                send_now(app, key)
            else:
                await pilot.press(key)
            if how == "pause":
                await pilot.pause(choose("pause", [0, 0.01, 0.03]))
        # Leave the way a user does: Esc out of whatever is open, then q.
        for _ in range(6):
            if not app.is_running:
                break
            await pilot.press("escape", "escape", "q")
            await pilot.pause()
            log.append("(esc esc q)")
        if app.is_running:
            log.append("(still running after esc/q)")


def hostile_folder(folder: Path) -> Path:
    """A small folder whose file names and titles are hostile, plus two files that are problems."""
    folder.mkdir(parents=True, exist_ok=True)
    for number, text in enumerate(HOSTILE):
        name = f"{text.replace('/', '_')}-{number}.txt"
        body = (
            f"Title: {text}\n\nDate: 2024-0{number % 9 + 1}-1{number % 9}\n\n"
            f"Sergei Lavrov met {text} in Vienna on Monday. The talks on energy continue.\n\n"
            f"Second paragraph about {text} and Iran.\n"
        )
        (folder / name).write_text(body, encoding="utf-8")
    (folder / "-rf $(touch pwned);ls|x.txt").write_text("Dash and shell\n\nA body that mentions Moscow.\n")
    (folder / "[bold]empty[link=x\x1b[31m.txt").write_text("")
    (folder / "\u202ebinary\n.txt").write_bytes(b"\x00\x01\x02binary\x00" * 10)
    return folder


def can_name_hostile_files(folder: Path) -> bool:
    """Whether this file system takes control characters and newlines in names."""
    probe = folder / "probe\n\x1b.txt"
    try:
        probe.write_text("x")
        probe.unlink()
        return True
    except OSError:
        return False


def private_environment(root: Path) -> dict[str, str]:
    """XDG folders under ``root`` (never the user's cache, marks or config)."""
    env = {}
    for name in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        path = root / name.lower()
        path.mkdir(parents=True, exist_ok=True)
        env[name] = str(path)
    return env


def apply_environment(env: dict[str, str]) -> None:
    os.environ.update(env)
    os.environ.pop("READER_CONFIG", None)
