"""SVG snapshots of the filter bar on a real folder: typing, a filter that narrows, no match, a query error.

`test_filter_narrows` is the README's screenshot. Regenerate with ``--snapshot-update`` and look.
"""

from __future__ import annotations

from snapshot_app import reader_app, settle, shown_count

#: Narrows the five seeds to two; the pane shows the first with the words marked and its
#: people, organisations and places highlighted.
NARROWING_QUERY = '"joint economic"'


async def type_filter(pilot, text: str, *, enter: bool) -> None:
    await settle(pilot)
    await pilot.press("slash", *text)
    if enter:
        await pilot.press("enter")


def test_filter_focused(snap_compare, tmp_path, monkeypatch):
    """/ then typing: the list follows each key ("gas" while typing matches 2 of 5)."""

    async def run_before(pilot):
        await type_filter(pilot, "gas", enter=False)
        await settle(pilot, lambda app: app.filter_input.has_focus and shown_count(app) == "2 of 5", "2 of 5")

    assert snap_compare(reader_app(tmp_path, monkeypatch), terminal_size=(100, 30), run_before=run_before)


def test_filter_narrows(snap_compare, tmp_path, monkeypatch):
    """Enter: back in the list with 2 of 5; the open article shows the matches and the entities."""

    async def run_before(pilot):
        await type_filter(pilot, NARROWING_QUERY, enter=True)
        await settle(pilot, lambda app: app.sidebar.has_focus and shown_count(app) == "2 of 5", "2 of 5")

    assert snap_compare(reader_app(tmp_path, monkeypatch), terminal_size=(120, 32), run_before=run_before)


def test_filter_no_match(snap_compare, tmp_path, monkeypatch):
    """A word no article has: 0 of 5 and "No articles match"."""

    async def run_before(pilot):
        await type_filter(pilot, "zanzibar", enter=True)
        await settle(pilot, lambda app: shown_count(app) == "0 of 5" and app.pane.article is None, "0 of 5")

    assert snap_compare(reader_app(tmp_path, monkeypatch), terminal_size=(100, 30), run_before=run_before)


def test_filter_query_error(snap_compare, tmp_path, monkeypatch):
    """An unclosed quote: the bar says why and where; the last good results stay."""

    async def run_before(pilot):
        await type_filter(pilot, 'gas "joint economic', enter=False)
        await settle(pilot, lambda app: app.query_error is not None and shown_count(app) == "2 of 5", "the error")

    assert snap_compare(reader_app(tmp_path, monkeypatch), terminal_size=(100, 30), run_before=run_before)
