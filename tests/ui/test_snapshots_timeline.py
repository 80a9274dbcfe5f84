"""SVG snapshots of the timeline above the list: a run of years picked with the keys, and the
list it leaves once Enter put its terms in the filter.

Regenerate with ``--snapshot-update`` and look at the SVGs (tests/ui/snapshot_app.py runs the app
on a copy of the seed articles: 2022-01-17, 2024-12-05, 2025-05-13 and two undated ones).
"""

from __future__ import annotations

from snapshot_app import reader_app, settle, shown_count

from reader.ui.widgets.timeline import TimelineChart


def test_timeline_run_picked(snap_compare, tmp_path, monkeypatch):
    """t focuses the timeline (years 2022–2025); ← and shift+← pick 2023–2024: highlighted, and
    the line under the bars names the run and its count."""

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("t", "left", "shift+left")
        await settle(pilot, lambda app: isinstance(app.focused, TimelineChart), "the timeline focused")

    assert snap_compare(reader_app(tmp_path, monkeypatch), terminal_size=(100, 30), run_before=run_before)


def test_timeline_filtered(snap_compare, tmp_path, monkeypatch):
    """Enter on 2023–2024: the filter reads after:2022 before:2025 and the list shows its one
    article; the timeline shows that day."""

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("t", "left", "shift+left", "enter")
        await settle(pilot, lambda app: shown_count(app) == "1 of 5", "one article shown")

    assert snap_compare(reader_app(tmp_path, monkeypatch), terminal_size=(100, 30), run_before=run_before)
