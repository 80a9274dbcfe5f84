"""SVG snapshots (pytest-textual-snapshot). Regenerate with --snapshot-update and look at them."""

from __future__ import annotations

from pathlib import Path

APP = str(Path(__file__).with_name("snapshot_app.py"))


async def settled(pilot) -> None:
    """The article opens the frame after the list: let it."""
    await pilot.pause()


def test_main_screen(snap_compare):
    assert snap_compare(APP, terminal_size=(100, 30), run_before=settled)


def test_filtered_list(snap_compare):
    assert snap_compare(APP, terminal_size=(100, 30), press=["slash", *"russia iran", "enter", "j"])


def test_help_screen(snap_compare):
    assert snap_compare(APP, terminal_size=(100, 40), press=["question_mark"], run_before=settled)


def test_small_terminal_60x20(snap_compare):
    assert snap_compare(APP, terminal_size=(60, 20))


def test_small_terminal_60x20_reading(snap_compare):
    assert snap_compare(APP, terminal_size=(60, 20), press=["enter"])
