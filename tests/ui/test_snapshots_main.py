"""SVG snapshots of the main screen on a real folder: the list, the reading pane, marks, small terminals.

Regenerate with ``--snapshot-update`` and look at the SVGs. The app runs on a copy of the seed
articles (tests/ui/snapshot_app.py) and every shot waits for the app to settle.
"""

from __future__ import annotations

import pytest
from snapshot_app import reader_app, settle, shown_count

SMALL = [(60, 20), (80, 24)]
SMALL_IDS = ["60x20", "80x24"]


def test_main_default(snap_compare, tmp_path, monkeypatch):
    """Start-up: five articles newest first (the undated ones last), the newest open in the pane."""

    async def run_before(pilot):
        await settle(pilot, lambda app: shown_count(app) == "5 articles", "5 articles listed")

    assert snap_compare(reader_app(tmp_path, monkeypatch), terminal_size=(100, 30), run_before=run_before)


def test_main_wide(snap_compare, tmp_path, monkeypatch):
    """110 columns and more: the wide sidebar."""

    async def run_before(pilot):
        await settle(pilot)

    assert snap_compare(reader_app(tmp_path, monkeypatch), terminal_size=(120, 30), run_before=run_before)


def test_main_reading(snap_compare, tmp_path, monkeypatch):
    """Enter reads the third article: the pane has focus and the key bar shows its keys."""

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("j", "j", "enter")
        await settle(pilot, lambda app: app.pane.has_focus and app.current == 2, "the third article read")

    assert snap_compare(reader_app(tmp_path, monkeypatch), terminal_size=(100, 30), run_before=run_before)


def test_main_marks(snap_compare, tmp_path, monkeypatch):
    """★ starred rows, bold unread titles and plain read ones; the title bar counts them."""

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("s", "m", "j", "m", "j", "s", "j")  # 1st ★ read, 2nd read, 3rd ★ unread
        await settle(pilot, lambda app: "3 unread · 2 ★" in app.sub_title, "3 unread, 2 starred")
        pilot.app.clear_notifications()  # the "Starred ★" toasts time out: not in the picture
        await settle(pilot)

    assert snap_compare(reader_app(tmp_path, monkeypatch), terminal_size=(100, 30), run_before=run_before)


def test_main_no_sidebar(snap_compare, tmp_path, monkeypatch):
    r"""\ hides the sidebar: the reading pane takes the width."""

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("backslash")
        await settle(pilot, lambda app: app.main_screen.has_class("-no-sidebar"), "the sidebar hidden")

    assert snap_compare(reader_app(tmp_path, monkeypatch), terminal_size=(100, 30), run_before=run_before)


@pytest.mark.parametrize("size", SMALL, ids=SMALL_IDS)
def test_main_small(snap_compare, tmp_path, monkeypatch, size):
    """Small terminals: at 60 columns the list alone, at 80 the list and a narrower pane."""

    async def run_before(pilot):
        await settle(pilot)

    assert snap_compare(reader_app(tmp_path, monkeypatch), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SMALL, ids=SMALL_IDS)
def test_main_small_reading(snap_compare, tmp_path, monkeypatch, size):
    """Small terminals, reading: the pane keeps a readable width."""

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot, lambda app: app.pane.has_focus, "the pane focused")

    assert snap_compare(reader_app(tmp_path, monkeypatch), terminal_size=size, run_before=run_before)
