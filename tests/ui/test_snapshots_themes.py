"""SVG snapshots of the colours: the light theme (from the config file) and NO_COLOR, each on the
filtered list (keyword and entity highlights) and the entities panel.
Regenerate with ``--snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

from snapshot_app import reader_app, settle, shown_count
from test_snapshots_entities import panel_open


async def filtered(pilot):
    await settle(pilot)
    await pilot.press("slash", *'"joint economic"', "enter")
    await settle(pilot, lambda app: app.sidebar.has_focus and shown_count(app) == "2 of 5", "2 of 5")


async def entities_panel(pilot):
    await settle(pilot)
    await pilot.press("s", "j", "i")  # a ★ on the first row, the second article's entities
    await settle(pilot, lambda app: panel_open(app) and "1 ★" in app.sub_title, "the panel, one star")
    pilot.app.clear_notifications()  # the "Starred ★" toast times out: not in the picture
    await settle(pilot)


def light_app(tmp_path, monkeypatch):
    app = reader_app(tmp_path, monkeypatch, config='theme = "textual-light"\n')
    assert app.theme == "textual-light"
    return app


def test_theme_light_filtered(snap_compare, tmp_path, monkeypatch):
    """theme = "textual-light" in the config file: matches and entities readable on white."""
    assert snap_compare(light_app(tmp_path, monkeypatch), terminal_size=(100, 30), run_before=filtered)


def test_theme_light_entities_panel(snap_compare, tmp_path, monkeypatch):
    assert snap_compare(light_app(tmp_path, monkeypatch), terminal_size=(120, 30), run_before=entities_panel)


def no_color_app(tmp_path, monkeypatch):
    app = reader_app(tmp_path, monkeypatch, no_color=True)
    assert app.no_color
    return app


def test_no_color_filtered(snap_compare, tmp_path, monkeypatch):
    """NO_COLOR: no colour anywhere; matches and entities still stand apart by their text styles."""
    assert snap_compare(no_color_app(tmp_path, monkeypatch), terminal_size=(100, 30), run_before=filtered)


def test_no_color_entities_panel(snap_compare, tmp_path, monkeypatch):
    assert snap_compare(no_color_app(tmp_path, monkeypatch), terminal_size=(120, 30), run_before=entities_panel)
