"""The app on a real folder, for the SVG snapshot tests (tests/ui/test_snapshots_*.py).

`news_folder` copies the bundled seed articles into ``<root>/news`` (plus, on request, files
the reader skips, some with hostile names); `reader_app` opens the app on the relative path
``news`` from ``root`` (so no temporary path reaches the screen); `settle` waits, by polling
the app's state, until loading, indexing, the entity pass, the read/starred marks, the query,
the timeline and the open article's highlights are all done, then checks what the test expects.

The cache, the marks and the config file live in the test's temporary folder (`private_folders`
points XDG_CACHE_HOME, XDG_DATA_HOME and XDG_CONFIG_HOME there).

Run it to look at the app as the snapshots see it: ``python tests/ui/snapshot_app.py``.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from reader.ui.app import ReaderApp
from reader.ui.features import marks as marks_feature

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SETTLE_TIMEOUT = 20.0  # seconds; a slow shared machine still settles well within this

#: Files the reader skips (the problems screen). Names shown literally: markup stays text,
#: ESC and the newline become symbols, the right-to-left override is made visible.
SKIPPED = {
    "[bold]x[@click=app.quit]y.txt": b"\x00\x01\x02\x03" * 64,  # binary
    "\x1b[2Jline\nbreak.txt": b"",  # empty
    "\u202eevil.txt": b"  \n\t\n",  # whitespace only
}


def news_folder(root: Path, *, skipped: bool = False) -> Path:
    """``root/news``: a copy of the five seed articles (and the `SKIPPED` files if asked)."""
    folder = root / "news"
    folder.mkdir(parents=True, exist_ok=True)
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copyfile(seed, folder / seed.name)
    if skipped:
        for name, data in SKIPPED.items():
            (folder / name).write_bytes(data)
    return folder


def private_folders(root: Path, monkeypatch) -> None:
    """The cache, the read/starred marks and the config file in ``root`` (tests/ui/conftest.py
    does the same per test; set here too so a snapshot never depends on another file's fixture)."""
    for variable, name in (("XDG_CACHE_HOME", "cache"), ("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config")):
        folder = root / ".private" / name
        folder.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(variable, str(folder))
    monkeypatch.delenv("READER_CONFIG", raising=False)


def write_config(text: str) -> Path:
    """The user's config file (in XDG_CONFIG_HOME)."""
    from reader.config import default_config_path

    path = default_config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def reader_app(
    root: Path, monkeypatch, *, skipped: bool = False, config: str | None = None, no_color: bool = False
) -> ReaderApp:
    """The app on ``news`` (relative to ``root``, which becomes the working directory), with
    ``config`` as the user's config file, in colour unless ``no_color`` (NO_COLOR, read when the
    app is made, is set or removed: a machine that sets it gets the same pictures).

    Opening an article marks it read after a moment: not while a snapshot is taken.
    """
    private_folders(root, monkeypatch)
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    if config is not None:
        write_config(config)
    news_folder(root, skipped=skipped)
    monkeypatch.chdir(root)
    monkeypatch.setattr(marks_feature, "READ_DELAY", 3600)
    return ReaderApp(["news"])


def _busy(app: ReaderApp) -> str | None:
    """What the app is still doing, or None when it has settled."""
    if not app.loaded:
        return "indexing"
    if app.finding_entities or not app.entity_pass_done:
        return "the entity pass"
    if "unread" not in app.sub_title:
        return "reading the marks"
    if app.applied_generation != app.main_screen.filtering.generation:
        return "applying the query"
    running = [worker.name for worker in app.workers if worker.is_running]
    if running:
        return f"workers {running}"
    if not app.main_screen.timeline_feature.current:
        return "the timeline"
    index = app.sidebar.highlighted
    if index is not None:
        if app.current != index or app.pane.article is None:
            return "opening the article"
        if app.main_screen.entities.shown is None:
            return "finding the article's entities"
    return None


async def settle(pilot: Pilot, check: Callable[[ReaderApp], object] | None = None, what: str = "") -> None:
    """Wait until the app is idle and ``check(app)`` holds (a failure names what never came).

    Text cursors stop blinking (they stay shown), so an input looks the same in every run.
    """
    app = pilot.app
    deadline = time.monotonic() + SETTLE_TIMEOUT
    while True:
        await pilot.pause()
        busy = _busy(app)
        if busy is None and check is not None and not check(app):
            busy = what or "the expected state"
        if busy is None:
            break
        if time.monotonic() > deadline:
            raise AssertionError(f"the app did not settle: still waiting for {busy}")
        await pilot.pause(0.02)
    for field in app.screen.query(Input):
        field.cursor_blink = False
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()
    if _busy(app) is not None or (check is not None and not check(app)):  # a last frame changed it
        await settle(pilot, check, what)


def shown_count(app: ReaderApp) -> str:
    """The filter bar's count ("2 of 5", "5 articles")."""
    return str(app.query_one("#filter-count").render())


if __name__ == "__main__":
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as temporary:
        for variable in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
            os.environ[variable] = str(Path(temporary, variable))
        news_folder(Path(temporary), skipped="--skipped" in sys.argv)
        os.chdir(temporary)
        ReaderApp(["news"]).run()
