"""SVG snapshots of the entities on a real folder: the panel at every width, the entity filter,
highlight toggles. Regenerate with ``--snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

import pytest
from snapshot_app import reader_app, settle, shown_count

SIZES = [(120, 30), (80, 24), (60, 20)]
SIZE_IDS = ["120x30", "80x24", "60x20"]


def panel_open(app) -> bool:
    return app.main_screen.has_class("-entities") and bool(app.entities_panel.choices) and app.entities_panel.has_focus


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_entities_panel(snap_compare, tmp_path, monkeypatch, size):
    """i opens the panel on the open article: people, organisations, places, dates, most mentioned
    first. Wide, beside the sidebar; at 80x24 the sidebar steps aside; at 60x20 it takes the screen."""

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot, panel_open, "the panel with the entities")

    assert snap_compare(reader_app(tmp_path, monkeypatch), terminal_size=size, run_before=run_before)


def test_entities_filter(snap_compare, tmp_path, monkeypatch):
    """Enter on a person in the panel filters the list to the articles that mention them."""

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot, panel_open, "the panel with the entities")
        panel = pilot.app.entities_panel
        person = next(i for i, (label, name) in enumerate(panel.choices) if name == "Vladimir Putin")
        await pilot.press(*["down"] * person, "enter")
        await settle(
            pilot,
            lambda app: app.filter_input.value == 'entity:"Vladimir Putin"' and shown_count(app) == "4 of 5",
            'entity:"Vladimir Putin", 4 of 5',
        )

    assert snap_compare(reader_app(tmp_path, monkeypatch), terminal_size=(120, 30), run_before=run_before)


def test_entities_highlights_off(snap_compare, tmp_path, monkeypatch):
    """1 and 3 turn the people and place highlights off: the legend shows them hollow."""

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("1", "3")
        await settle(
            pilot,
            lambda app: "PERSON" not in app.entities.enabled and "PLACE" not in app.entities.enabled,
            "people and places off",
        )
        pilot.app.clear_notifications()  # the toasts time out: not in the picture
        await settle(pilot)

    assert snap_compare(reader_app(tmp_path, monkeypatch), terminal_size=(100, 30), run_before=run_before)


def _story_view_shown(view: str):
    def shown(app) -> bool:
        panel = app.entities_panel
        if not app.main_screen.has_class("-entities") or panel.view != view:
            return False
        if any(worker.is_running for worker in app.workers if worker.group in ("facets", "related")):
            return False
        return bool(panel.facets) if view == "results" else bool(panel.related)

    return shown


def test_entities_panel_results(snap_compare, tmp_path, monkeypatch):
    """] shows the Results view: the names of the articles the filter shows, with how many
    mention each; Enter would add person:"…" to the filter, x -person:"…"."""

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot, panel_open, "the panel with the entities")
        await pilot.press("right_square_bracket")
        await settle(pilot, _story_view_shown("results"), "the names of the results")

    assert snap_compare(reader_app(tmp_path, monkeypatch), terminal_size=(120, 30), run_before=run_before)


def test_entities_panel_mentioned_with(snap_compare, tmp_path, monkeypatch):
    """→ on a name of the results: who is mentioned with it, and its mentions by month."""

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot, panel_open, "the panel with the entities")
        await pilot.press("right_square_bracket")
        await settle(pilot, _story_view_shown("results"), "the names of the results")
        await pilot.press("right")
        await settle(
            pilot,
            lambda app: app.entities_panel.mentioned is not None and not any(w.is_running for w in app.workers),
            "mentioned with",
        )

    assert snap_compare(reader_app(tmp_path, monkeypatch), terminal_size=(120, 30), run_before=run_before)


def test_entities_panel_related(snap_compare, tmp_path, monkeypatch):
    """]] shows the Related view: the open article's most related, with why (shared names)."""

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot, panel_open, "the panel with the entities")
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot, _story_view_shown("related"), "the related articles")

    assert snap_compare(reader_app(tmp_path, monkeypatch), terminal_size=(120, 30), run_before=run_before)
