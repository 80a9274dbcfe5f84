"""SVG snapshots (pytest-textual-snapshot). Regenerate with --snapshot-update and look at them."""

from __future__ import annotations

from pathlib import Path

APP = str(Path(__file__).with_name("snapshot_app.py"))


def test_main_screen(snap_compare):
    assert snap_compare(APP, terminal_size=(100, 30))


def test_filtered_list(snap_compare):
    assert snap_compare(APP, terminal_size=(100, 30), press=["slash", *"russia iran", "enter", "j"])


def test_help_screen(snap_compare):
    assert snap_compare(APP, terminal_size=(100, 40), press=["question_mark"])


def test_small_terminal_60x20(snap_compare):
    assert snap_compare(APP, terminal_size=(60, 20))


def test_small_terminal_60x20_reading(snap_compare):
    assert snap_compare(APP, terminal_size=(60, 20), press=["enter"])
