"""Huge articles, small terminals, NO_COLOR, wrapping details."""

from __future__ import annotations

import time

from ui_helpers import article, pane_lines, sidebar_rows, wait_for, wait_loaded, wait_opened, write_articles

from reader.ui.app import ReaderApp
from reader.ui.widgets.reading_pane import ReadingPane, wrap_offsets
from reader.ui.widgets.sidebar import ArticleList


async def wait_wrapped(pilot, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while pilot.app.pane.wrapping:
        assert time.monotonic() < deadline, "wrapping never finished"
        await pilot.pause(0.05)


def folder_of(tmp_path, *articles) -> list[str]:
    """The app's paths argument: a folder of ``articles`` as real files."""
    return [str(write_articles(tmp_path / "news", list(articles)))]


async def test_five_megabyte_single_line_opens_without_freezing(tmp_path):
    body = ("word " * 1_000_000).strip()  # 5 MB, one line
    huge = article("huge.txt", "Huge", body, (2025, 1, 2))
    small = article("small.txt", "Small", "tiny", (2025, 1, 1))
    app = ReaderApp(folder_of(tmp_path, huge, small))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_opened(app, timeout=30)  # the frame after the list
        pane = app.pane
        assert pane.article.title == "Huge"
        assert pane_lines(app, 8)[6].startswith("word word")
        # Only a first slice was wrapped; the rest goes on in small slices.
        assert pane.wrapping
        await pilot.press("j")  # the UI answers while wrapping continues
        assert pane.article.title == "Small"
        await pilot.press("k")
        assert pane.article.title == "Huge"
        await wait_wrapped(pilot)
        assert not pane.wrapping
        measure = pane.measure
        assert pane.line_count > 5_000_000 // (measure + 1)
        await pilot.press("enter", "G")
        assert pane.scroll_offset.y == pane.max_scroll_y
        assert pane_lines(app, 1)[0].startswith("word")


async def test_two_hundred_thousand_lines_open_and_scroll(tmp_path):
    body = "\n\n".join(f"line {i}" for i in range(200_000))  # (a file's single line breaks join its lines)
    app = ReaderApp(folder_of(tmp_path, article("lines.txt", "Lines", body, (2025, 1, 1))))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        await pilot.pause()
        pane = app.pane
        assert "line 0" in pane_lines(app, 10)
        await wait_wrapped(pilot)
        assert pane.line_text(pane.line_count - 1) == "line 199999"
        assert pane.line_text(pane.line_count - 3) == "line 199998"
        await pilot.press("enter", "end")
        assert "line 199999" in pane_lines(app, pane.scrollable_content_region.height)


def test_wrap_offsets_cover_words_and_respect_width():
    text = "alpha beta gamma delta\nepsilon\n\nzeta " + "x" * 25
    lines = list(wrap_offsets(text, 10))
    shown = [text[s:e] for s, e in lines]
    assert shown == ["alpha beta", "gamma", "delta", "epsilon", "", "zeta", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxx"]


def test_wrap_offsets_measure_wide_characters_in_cells():
    text = "日本語のテキスト 日本"
    lines = [text[s:e] for s, e in wrap_offsets(text, 6)]
    assert lines == ["日本語", "のテキ", "スト", "日本"]


def test_format_date_shows_precision():
    from reader.model import ArticleDate

    assert ArticleDate(2022, 1, 17, 22, 49, written="17 January 2022, 22:49").as_written() == "17 January 2022, 22:49"
    assert ArticleDate(2024, 3, written="March 2024").as_written() == "March 2024 (month only)"
    assert ArticleDate(2024, written="2024").as_written() == "2024 (year only)"
    assert ArticleDate(2024, 3, 5).as_written() == "5 March 2024"


async def test_header_block_shows_metadata(tmp_path):
    a = article(
        "a.txt",
        "Title here",
        "one two three",
        (2022, 1, 17, 22, 49),
        written="17 January 2022, 22:49",
        dateline="TEHRAN",
        subtitle="A subtitle",
    )
    app = ReaderApp(folder_of(tmp_path, a))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        await pilot.pause()
        lines = pane_lines(app, 7)
        assert lines[:4] == ["Title here", "A subtitle", "17 January 2022, 22:49 · TEHRAN", "3 words · 1 min read"]
        assert set(lines[4]) == {"─"}
        assert lines[6] == "one two three"


async def test_80x24_shows_sidebar_and_pane_side_by_side(news):
    app = ReaderApp([str(news)])
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        await pilot.pause()
        sidebar, pane = app.query_one("#sidebar"), app.pane
        assert sidebar.display and pane.display
        assert sidebar.region.right <= pane.region.x  # no overlap
        assert sidebar.outer_size.width == 34
        await pilot.press("enter", "space", "h", "slash", *"energy", "escape")
        assert isinstance(app.focused, ArticleList) and app.filter_input.value == ""
        assert str(app.query_one("#filter-count").render()) == "5 articles"
        assert sidebar.display and pane.display and app.pane.article.title == "Alpha summit opens"


async def test_60x20_shows_one_part_at_a_time(news):
    app = ReaderApp([str(news)])
    async with app.run_test(size=(60, 20)) as pilot:
        await wait_loaded(pilot)
        await pilot.pause()
        sidebar = app.query_one("#sidebar")
        assert app.screen.has_class("-narrow")
        assert sidebar.display and not app.pane.display
        assert sidebar.outer_size.width == 60
        assert any("Alpha summit opens" in row for row in sidebar_rows(app))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.focused, ReadingPane)
        assert app.pane.display and not sidebar.display
        assert app.pane.outer_size.width == 60
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.focused, ArticleList)
        assert sidebar.display and not app.pane.display
        await pilot.press("slash", *"zebra", "escape", "question_mark", "escape", "exclamation_mark", "escape")
        assert app.screen is app.main_screen and isinstance(app.focused, ArticleList)
        assert app.filter_input.value == "" and len(app.sidebar.positions) == 5
        assert sidebar.display and not app.pane.display


async def test_resizing_rewraps_and_keeps_the_place(tmp_path):
    body = "\n\n".join(f"Paragraph {i} " + "lorem ipsum " * 19 + "lorem ipsum" for i in range(100))
    app = ReaderApp(folder_of(tmp_path, article("a.txt", "A", body, (2025, 1, 1))))
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("enter", *["space"] * 5)
        top_text = pane_lines(app, 1)[0]
        await pilot.resize_terminal(90, 30)
        await pilot.pause()
        assert app.pane._wrap_width == app.pane.measure
        assert top_text.startswith("Paragraph")  # which one depends on the pane's height
        assert pane_lines(app, 1)[0].split()[:2] == top_text.split()[:2]
        await pilot.resize_terminal(50, 16)
        await pilot.pause()
        assert app.pane._wrap_width == app.pane.measure  # rewrapped for the narrow pane
        assert pane_lines(app, 1)[0].split()[:2] == top_text.split()[:2]  # at the same place


async def test_no_color_renders_without_colours(monkeypatch, news):
    monkeypatch.setenv("NO_COLOR", "1")
    app = ReaderApp([str(news)])
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        await pilot.pause()
        svg = app.export_screenshot()
    import re

    colours = set(re.findall(r"fill: (#[0-9a-f]{6})", svg))
    greys = {c for c in colours if c[1:3] == c[3:5] == c[5:7]}
    greys.add("#c5c8c6")  # the SVG's stand-in for the terminal's default foreground
    assert colours == greys, colours - greys


async def test_every_builtin_theme_renders(news):
    app = ReaderApp([str(news)])
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        for name in list(app.available_themes):
            app.theme = name
            await pilot.pause()
            strip = app.sidebar.render_line(0)
            cursor = strip._segments[1].style
            plain = app.sidebar.render_line(1)._segments[1].style
            assert cursor.bgcolor != plain.bgcolor, name  # the cursor row stands out
        await pilot.press("slash", *"energy", "escape")


async def test_text_rewraps_when_the_scrollbar_appears(tmp_path):
    """A short article (no scrollbar) then a long one: the scrollbar's columns are not cut from the text."""
    short = article("short.txt", "Short", "just a few words", (2025, 1, 2))
    long = article("long.txt", "Long", " ".join(f"word{i}" for i in range(3000)), (2025, 1, 1))
    app = ReaderApp(folder_of(tmp_path, short, long))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        pane = app.pane
        assert pane.show_vertical_scrollbar
        width = pane.scrollable_content_region.width
        lines = pane_lines(app, 25)
        assert max(len(line) for line in lines) <= width
        assert any(len(line) > width - 8 for line in lines)  # wrapped to the narrower width, not short of it


async def test_a_toast_built_after_its_notification_ran_out_does_not_freeze_the_app(news, monkeypatch):
    """Under a backlog of keys the event loop can stall between the toast rack's "has it expired?"
    check and the toast reading its time left; a toast handed zero or less seconds used to spin
    Textual's timer loop forever. The stall is simulated: the clock jumps past the deadline while
    the toast is being built. The app must go on answering and the toast must still go away."""
    import textual.notifications
    from cpu_budget import hang_budget
    from textual.widgets._toast import Toast

    import reader.ui.notifications

    now = [time.time()]
    monkeypatch.setattr(textual.notifications, "time", lambda: now[0])
    monkeypatch.setattr(reader.ui.notifications, "time", lambda: now[0])
    build = Toast.__init__

    def build_after_a_stall(toast, notification):
        now[0] += notification.timeout + 1
        build(toast, notification)

    monkeypatch.setattr(Toast, "__init__", build_after_a_stall)
    app = ReaderApp([str(news)])
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await wait_loaded(pilot)
        with hang_budget("a toast's timer", 5.0):
            app.screen.notify("Organisations: highlighting off", timeout=1.5, markup=False)
            await wait_for(pilot, lambda: app.screen.query(Toast), what="the toast")
            await wait_for(pilot, lambda: not app.screen.query(Toast), what="the toast to go away")
            title = app.pane.article.title
            await pilot.press("j")
            assert app.pane.article.title != title
