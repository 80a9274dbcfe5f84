"""Monkey test, the short run: hypothesis draws fast key sessions (keys from the live bindings of
the app and its screens, typing, Enter/Esc/Tab, bursts and short pauses, dialogs and panels
opened, q in the middle) at 60x20, 80x24 and 120x40, on the seeds and on a small folder of
hostile names. The app must never raise and q must exit 0. tests/benchmarks/monkey.py runs the
same sessions for minutes.
"""

from __future__ import annotations

import asyncio

import monkey_helpers as monkey
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ui_helpers import palette_choice, wait_for, wait_loaded

from reader.ui.app import ReaderApp

POOL = sorted(set(monkey.all_binding_keys()) | set(monkey.EXTRA_KEYS))
SETTINGS = settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def drive(app, data, size) -> None:
    def choose(kind, options):
        return data.draw(st.sampled_from(options), label=kind)

    steps = data.draw(st.integers(3, 40), label="steps")
    log: list[str] = []
    try:
        asyncio.run(monkey.run_session(app, choose, steps, size, POOL, log))
    except BaseException as error:
        error.add_note(f"keys: {log}")
        raise


@pytest.mark.parametrize("size", monkey.SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@SETTINGS
@given(data=st.data())
def test_random_keys_on_the_seeds(size, data):
    drive(ReaderApp([]), data, size)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("monkey")
    if not monkey.can_name_hostile_files(root):
        pytest.skip("this file system refuses control characters in names")
    return monkey.hostile_folder(root / "hostile")


@pytest.mark.parametrize("size", monkey.SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@settings(SETTINGS, max_examples=4)
@given(data=st.data())
def test_random_keys_on_a_hostile_folder(size, data, hostile, tmp_path_factory):
    cache = tmp_path_factory.mktemp("monkey-cache")
    drive(ReaderApp([str(hostile)], cache_dir=str(cache)), data, size)


# -- the crashes the monkey found, each as a plain regression test --------------------------------


async def burst(app, pilot, *keys) -> None:
    for key in keys:
        monkey.send_now(app, key)
    await pilot.pause()


@pytest.mark.parametrize(
    "keys",
    [
        ["q", "e"],
        ["q", "E"],
        ["q", "question_mark", "i", "exclamation_mark"],
        ["q", "pagedown", "o", "O"],
        ["q", "4", "s", "m"],
    ],
    ids=" ".join,
)
async def test_keys_typed_after_q_are_dropped_and_q_exits_0(keys):
    """Typing q then e quickly mounted a save dialog while the app quit (exit status 1, NoMatches);
    keys queued behind q reached the app with no screen left (ScreenStackError)."""
    app = ReaderApp([])
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        await pilot.pause()
        await burst(app, pilot, *keys)
    assert app.return_code == 0


@pytest.mark.parametrize("key", ["pagedown", "pageup"])
async def test_page_keys_the_moment_the_palette_opens(key):
    """PgDn/PgUp right after ctrl+p reached the palette's list before it had a size: KeyError 0."""
    app = ReaderApp([])
    async with app.run_test(size=(60, 20)) as pilot:
        await wait_loaded(pilot)
        await pilot.pause()
        await burst(app, pilot, "ctrl+p", key, "tab", key)
        assert app.is_running
        await pilot.press("escape", "escape", "q")
    assert app.return_code == 0


@pytest.mark.parametrize("key", ["pagedown", "pageup"])
async def test_page_keys_the_moment_the_entities_panel_opens(key):
    app = ReaderApp([])
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        await pilot.pause()
        await burst(app, pilot, "i", key, key)
        assert app.is_running
        await pilot.press("q")
    assert app.return_code == 0


async def test_closing_is_true_once_quit_is_pressed():
    app = ReaderApp([])
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        await pilot.pause()
        assert not app.closing
        assert await app.run_action("app.help") is not False
        await pilot.press("escape")
        app.exit(0)
        assert app.closing
        assert await app.run_action("app.export") is False  # dropped: no dialog mounts now
    assert app.return_code == 0


async def test_enter_enter_in_the_palette_selects_once():
    """Enter Enter typed fast in the command palette: the second selection dismissed the palette
    again after it was gone, popping the screen below (ScreenStackError on the main screen)."""
    app = ReaderApp([])
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot)
        await pilot.pause()
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: palette_choice(app) != "", what="the palette's commands")
        await burst(app, pilot, "enter", "enter")
        await pilot.pause()
        assert app.is_running and len(app.screen_stack) >= 1
        await burst(app, pilot, "exclamation_mark", "ctrl+p")
        await wait_for(pilot, lambda: palette_choice(app) != "", what="the palette's commands")
        await burst(app, pilot, "enter", "enter", "enter")
        await pilot.pause()
        assert app.is_running
        await pilot.press("escape", "escape", "escape", "q")
    assert app.return_code == 0
