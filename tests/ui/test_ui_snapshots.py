"""SVG snapshots (pytest-textual-snapshot). Regenerate with --snapshot-update and look at them."""

from __future__ import annotations

from pathlib import Path

APP = str(Path(__file__).with_name("snapshot_app.py"))
PROBLEMS_APP = str(Path(__file__).with_name("snapshot_app_problems.py"))


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


# -- small terminals with a panel or a dialog open: the reading pane keeps a readable width ------

SMALL = [(60, 20), (80, 24)]
SMALL_IDS = ["60x20", "80x24"]


async def until(pilot, condition) -> None:
    """Pause until ``condition()`` holds (the entities are found the frame after the article shows)."""
    for _ in range(200):
        if condition():
            break
        await pilot.pause(0.01)
    await pilot.pause()


def entities_open(keys: list[str]):
    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press(*keys)
        await until(pilot, lambda: bool(pilot.app.entities_panel.choices))

    return run_before


import pytest  # noqa: E402


@pytest.mark.parametrize("size", SMALL, ids=SMALL_IDS)
def test_entities_panel_small(snap_compare, size):
    """At 80x24 the sidebar steps aside for the panel; at 60x20 the panel takes the screen."""
    assert snap_compare(APP, terminal_size=size, run_before=entities_open(["i"]))


@pytest.mark.parametrize("size", SMALL, ids=SMALL_IDS)
def test_help_small(snap_compare, size):
    assert snap_compare(APP, terminal_size=size, press=["question_mark"], run_before=settled)


@pytest.mark.parametrize("size", SMALL, ids=SMALL_IDS)
def test_problems_small(snap_compare, size):
    """Skipped files with hostile names: shown literally, control characters as symbols."""
    assert snap_compare(PROBLEMS_APP, terminal_size=size, press=["exclamation_mark"], run_before=settled)


@pytest.mark.parametrize("size", SMALL, ids=SMALL_IDS)
def test_save_dialog_small(snap_compare, size):
    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        pilot.app.screen.query_one("#save-path").value = "/home/reader/news/iran-russia-closer-than-ever.md"
        await pilot.pause()

    assert snap_compare(APP, terminal_size=size, run_before=run_before)
