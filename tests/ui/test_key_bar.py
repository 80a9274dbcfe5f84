"""The key bar: the focused part's keys, redrawn (not remounted) on focus changes; clicks and hover per key."""

from __future__ import annotations

from ui_helpers import wait_loaded

from reader.ui.app import ReaderApp
from reader.ui.screens.help import HelpScreen
from reader.ui.widgets.key_bar import KeyBar

SIZE = (100, 30)


def bar_text(app: ReaderApp) -> str:
    return app.query_one(KeyBar).render().plain


async def test_shows_the_focused_parts_keys_and_the_palette_on_the_right(news):
    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.pause()
        line = bar_text(app)
        assert line.startswith(" ⏎ Read  q Quit  / Filter ") and line.endswith("▏^p palette ")
        assert len(line) == SIZE[0]
        await pilot.press("enter")  # into the pane: its keys, grouped ones as "[] Prev/next"
        await pilot.pause()
        line = bar_text(app)
        assert line.startswith(" space Page down  [] Prev/next  nN Next/prev match  h Back to list ")
        await pilot.press("slash")
        await pilot.pause()
        assert bar_text(app).startswith(" ↓ To list  esc Clear filter ")
        bar = app.query_one(KeyBar)
        assert not bar.children  # one widget, whatever the bindings


async def test_a_click_on_a_key_or_its_description_presses_it(news):
    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.pause()
        line = bar_text(app)
        await pilot.click(KeyBar, offset=(line.index("Help"), 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.click(KeyBar, offset=(line.index("/ Filter"), 0))
        await pilot.pause()
        assert app.filter_input.has_focus
        await pilot.press("escape")
        await pilot.pause()
        await pilot.click(KeyBar, offset=(SIZE[0] - 20, 0))  # the blank between the keys and the palette
        await pilot.pause()
        assert app.is_running and app.sidebar.has_focus and not isinstance(app.screen, HelpScreen)


async def test_hover_highlights_one_key(news):
    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.pause()
        bar = app.query_one(KeyBar)
        line = bar_text(app)
        await pilot.hover(KeyBar, offset=(line.index("Sidebar"), 0))
        await pilot.pause()
        hover_style = bar.get_component_rich_style("key-bar--hover", partial=True)
        start = line.index("\\ Sidebar") - 1  # the key's cell starts with a space
        highlighted = [(span.start, span.end) for span in bar.render().spans if span.style == hover_style]
        assert highlighted == [(start, start + len(" \\ Sidebar "))]
        await pilot.hover(KeyBar, offset=(SIZE[0] - 20, 0))
        await pilot.pause()
        assert not any(span.style == hover_style for span in bar.render().spans)


async def test_a_narrow_terminal_keeps_whole_keys_and_the_palette(news):
    app = ReaderApp([str(news)])
    async with app.run_test(size=(60, 20)) as pilot:
        await wait_loaded(pilot)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        line = bar_text(app)
        assert len(line) == 60 and line.endswith("▏^p palette ")
        assert line[: -len("▏^p palette ")].rstrip().endswith("[] Prev/next")  # "nN Next/prev match" did not fit
