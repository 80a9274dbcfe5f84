"""The timeline above the list in the running app: it counts what the list shows, follows the
filter, and a period picked with the keys or the mouse becomes date terms in the filter that show
exactly that period's articles."""

from __future__ import annotations

from pathlib import Path

from ui_helpers import article, sidebar_rows, wait_filtered, wait_for, wait_loaded, write_articles

from reader.ui.app import ReaderApp
from reader.ui.screens.help import HelpScreen, help_sections
from reader.ui.widgets.sidebar import ArticleList
from reader.ui.widgets.timeline import TimelineChart

SIZE = (100, 30)


def chart(app) -> TimelineChart:
    return app.query_one("#timeline", TimelineChart)


def chart_lines(app) -> list[str]:
    widget = chart(app)
    return ["".join(segment.text for segment in widget.render_line(y)).rstrip() for y in range(2)]


async def wait_timeline(pilot) -> None:
    """Until the chart shows the list as it is (its buckets are built in a worker)."""
    app = pilot.app
    await wait_filtered(pilot)
    await wait_for(pilot, lambda: app.main_screen.timeline_feature.current, what="the timeline")
    await pilot.pause()


def days_folder(tmp_path: Path) -> Path:
    """Six articles over four days of December 2024 (two on the 2nd, none on the 4th) and an undated one."""
    dates = [(2024, 12, 1), (2024, 12, 2), (2024, 12, 2), (2024, 12, 3), (2024, 12, 5), (2024, 12, 5), None]
    articles = [
        article(f"{number}.txt", f"Story number {number}", f"Words about oil {number}.", when)
        for number, when in enumerate(dates)
    ]
    return write_articles(tmp_path / "days", articles)


async def test_the_timeline_counts_what_the_list_shows(news):
    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await wait_timeline(pilot)
        timeline = chart(app).timeline
        assert timeline.unit == "month" and timeline.dated == 3 and timeline.undated == 2
        assert {b.label: b.count for b in timeline.buckets if b.count} == {"2024-03": 1, "2024-12": 1, "2025-05": 1}
        bars, axis = chart_lines(app)
        assert bars.strip(" ") and set(bars) <= set("▁▂▃▄▅▆▇█ ")
        assert axis.startswith("2024-03") and "2025-05" in axis and axis.endswith("2 undated")
        assert chart(app).display and chart(app).region.height == 2


async def test_typing_a_filter_updates_the_timeline(news):
    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("slash", *"energy")
        await wait_timeline(pilot)
        timeline = chart(app).timeline
        assert (timeline.dated, timeline.undated) == (2, 1)  # Alpha, Beta; the Delta note is undated
        await pilot.press(*" undated")
        await wait_timeline(pilot)
        assert not chart(app).display  # only undated matches: nothing to chart


async def test_right_then_enter_filters_to_that_day(tmp_path):
    app = ReaderApp([str(days_folder(tmp_path))])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await wait_timeline(pilot)
        assert chart(app).timeline.unit == "day"
        await pilot.press("t")
        assert isinstance(app.focused, TimelineChart)
        await pilot.press("home", "right")
        assert chart_lines(app)[1] == "2024-12-02 · 2 articles"
        await pilot.press("enter")
        await wait_timeline(pilot)
        assert app.filter_input.value == "date:2024-12-02"
        assert len(app.sidebar.positions) == 2
        assert [row.split(" ", 2)[-1] for row in sidebar_rows(app)[:2]] == ["Story number 1", "Story number 2"]
        assert isinstance(app.focused, TimelineChart)  # to pick within it again


async def test_a_run_of_buckets_and_other_terms_kept(tmp_path):
    app = ReaderApp([str(days_folder(tmp_path))])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("slash", *"oil after:2024-11", "enter")
        await wait_timeline(pilot)
        await pilot.press("t", "home", "right", "shift+right", "shift+right")
        assert chart_lines(app)[1] == "2024-12-02 – 2024-12-04 · 3"  # ("articles" does not fit)
        await pilot.press("enter")
        await wait_timeline(pilot)
        assert app.filter_input.value == "oil after:2024-12-01 before:2024-12-05"
        assert len(app.sidebar.positions) == 3
        assert app.query_one("#filter-count").render().plain == "3 of 7"


async def test_a_month_picked_in_the_seeds_folder(news):
    """Months: the list narrows to exactly the bucket's count (the March article is dated "March 2024")."""
    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await wait_timeline(pilot)
        await pilot.press("t", "home", "enter")
        await wait_timeline(pilot)
        assert app.filter_input.value == "date:2024-03"
        assert len(app.sidebar.positions) == 1
        await pilot.press("slash", "ctrl+u", "enter")
        await wait_timeline(pilot)
        await pilot.press("t", "home", *["shift+right"] * 9, "enter")
        await wait_timeline(pilot)
        assert app.filter_input.value == "after:2024-02 before:2025-01"
        assert len(app.sidebar.positions) == 2


async def test_escape_returns_to_the_list(news):
    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await wait_timeline(pilot)
        await pilot.press("t")
        assert isinstance(app.focused, TimelineChart)
        await pilot.press("escape")
        assert isinstance(app.focused, ArticleList)
        assert app.filter_input.value == ""


async def test_a_click_picks_a_bucket_and_a_drag_a_run(tmp_path):
    app = ReaderApp([str(days_folder(tmp_path))])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await wait_timeline(pilot)
        # (offsets count the chart's one-cell padding: bucket n is at x = n + 1)
        assert await pilot.click("#timeline", offset=(1 + 4, 0))
        await wait_timeline(pilot)
        assert app.filter_input.value == "date:2024-12-05"
        assert len(app.sidebar.positions) == 2
        await pilot.press("slash", "ctrl+u", "enter")
        await wait_timeline(pilot)
        await pilot.mouse_down("#timeline", offset=(1 + 1, 0))
        await pilot.hover("#timeline", offset=(1 + 3, 0))
        await pilot.mouse_up("#timeline", offset=(1 + 3, 0))
        await wait_timeline(pilot)
        assert app.filter_input.value == "after:2024-12-01 before:2024-12-05"
        assert len(app.sidebar.positions) == 3


async def test_hidden_in_a_small_terminal(news):
    app = ReaderApp([str(news)])
    async with app.run_test(size=(80, 18)) as pilot:
        await wait_loaded(pilot)
        await wait_timeline(pilot)
        assert not chart(app).display or chart(app).region.height == 0
        await pilot.press("t")
        assert isinstance(app.focused, ArticleList)
        await pilot.resize_terminal(80, 24)
        await wait_timeline(pilot)
        assert chart(app).region.height == 2
        assert chart(app).timeline.dated == 3


async def test_the_help_lists_the_timeline_keys(news):
    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        sections = dict(help_sections(app))
        assert ("t", "Timeline") in sections["App"]
        assert ("⏎", "Filter to it") in sections["Timeline"]
        assert ("shift+← H", "Extend earlier") in sections["Timeline"]
