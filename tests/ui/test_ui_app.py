"""Pilot tests: every binding and flow of the reading app."""

from __future__ import annotations

from pathlib import Path

from ui_helpers import (
    article,
    pane_lines,
    sidebar_rows,
    wait_filtered,
    wait_for,
    wait_loaded,
    wait_palette_offers,
    write_articles,
)

from reader.ui.app import ReaderApp
from reader.ui.widgets.filter_bar import FilterInput
from reader.ui.widgets.reading_pane import ReadingPane
from reader.ui.widgets.sidebar import ArticleList
from reader.ui.widgets.timeline import TimelineChart

SIZE = (100, 30)


def titles(app) -> list[str]:
    return [app.articles[i].title for i in app.sidebar.positions]


async def test_launch_on_seeds_focuses_sidebar_and_opens_newest():
    app = ReaderApp([])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        assert isinstance(app.focused, ArticleList)
        assert app.sidebar.cursor == 0
        newest = app.articles[0]
        assert app.current == 0
        assert app.pane.article.path == newest.path
        assert newest.title.split()[0] in pane_lines(app)[0]
        # Undated seeds come last, under their own header.
        rows = sidebar_rows(app)
        assert "Undated" in [row.strip() for row in rows]
        assert rows[0].lstrip().startswith(newest.date.iso()[:10])


async def test_sections_and_row_text(news):
    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        rows = [row.strip() for row in sidebar_rows(app)[:6]]
        assert rows[0].startswith("2025-05-13 Alpha summit opens")
        assert rows[1].startswith("2024-12-05 Beta trade deal")
        assert rows[2].startswith("2024-03") and "Gamma report" in rows[2]
        assert rows[3] == "Undated"
        assert rows[4] == "Delta undated note"
        assert rows[5] == "Epsilon undated"
        await pilot.pause()


async def test_cursor_keys_move_and_preview(news):
    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("j")
        assert app.sidebar.cursor == 1 and app.pane.article.title == "Beta trade deal"
        await pilot.press("down")
        assert app.pane.article.title == "Gamma report"
        await pilot.press("down")  # skips the "Undated" header
        assert app.sidebar.cursor == 3 and app.pane.article.title == "Delta undated note"
        await pilot.press("k")
        assert app.pane.article.title == "Gamma report"
        await pilot.press("up", "up", "up")  # stops at the top
        assert app.sidebar.cursor == 0 and app.pane.article.title == "Alpha summit opens"
        assert isinstance(app.focused, ArticleList)  # previewing never steals focus


async def test_first_last_home_end(news):
    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("G")
        assert app.sidebar.cursor == 4 and app.pane.article.title == "Epsilon undated"
        await pilot.press("g")
        assert app.sidebar.cursor == 0
        await pilot.press("end")
        assert app.sidebar.cursor == 4
        await pilot.press("home")
        assert app.sidebar.cursor == 0 and app.pane.article.title == "Alpha summit opens"


def many(tmp_path: Path, count: int) -> Path:
    """A folder of ``count`` dated stories, "Story number 0" the newest."""
    from datetime import date, timedelta

    days = [date(2025, 12, 31) - timedelta(days=i) for i in range(count)]  # one a day: no ties
    articles = [
        article(f"{i:06d}.txt", f"Story number {i}", f"Text of story {i}.", (day.year, day.month, day.day))
        for i, day in enumerate(days)
    ]
    return write_articles(tmp_path / "many", articles)


async def test_page_up_page_down_move_by_a_screen(tmp_path):
    app = ReaderApp([str(many(tmp_path, 200))])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        height = app.sidebar.scrollable_content_region.height
        await pilot.press("pagedown")
        assert app.sidebar.cursor == height - 1
        await pilot.press("pagedown")
        assert app.sidebar.cursor == 2 * (height - 1)
        assert app.sidebar.scroll_offset.y > 0
        await pilot.press("pageup")
        assert app.sidebar.cursor == height - 1
        assert app.pane.article.title == f"Story number {height - 1}"


async def test_enter_and_l_focus_pane_h_and_escape_go_back(news):
    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("j", "enter")
        assert isinstance(app.focused, ReadingPane)
        assert app.pane.article.title == "Beta trade deal"
        await pilot.press("h")
        assert isinstance(app.focused, ArticleList)
        await pilot.press("l")
        assert isinstance(app.focused, ReadingPane)
        await pilot.press("escape")
        assert isinstance(app.focused, ArticleList)
        assert app.sidebar.cursor == 1


async def test_pane_scrolls_by_line_and_page(tmp_path):
    body = "\n\n".join(f"Paragraph {i} of a long article." for i in range(200))
    app = ReaderApp([str(write_articles(tmp_path / "news", [article("long.txt", "Long", body, (2025, 1, 1))]))])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("enter")
        pane = app.pane
        page = pane.scrollable_content_region.height - 1
        await pilot.press("j", "j")
        assert pane.scroll_offset.y == 2
        await pilot.press("k")
        assert pane.scroll_offset.y == 1
        await pilot.press("space")
        assert pane.scroll_offset.y == 1 + page
        await pilot.press("b")
        assert pane.scroll_offset.y == 1
        await pilot.press("G")
        assert pane.scroll_offset.y == pane.max_scroll_y > 100
        assert "Paragraph 199" in "".join(pane_lines(app, pane.scrollable_content_region.height))
        await pilot.press("g")
        assert pane.scroll_offset.y == 0


async def test_brackets_open_previous_and_next_article(news):
    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("enter", "right_square_bracket")
        assert app.pane.article.title == "Beta trade deal"
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert app.pane.article.title == "Delta undated note"
        await pilot.press("left_square_bracket")
        assert app.pane.article.title == "Gamma report"
        assert isinstance(app.focused, ReadingPane)  # reading goes on in the pane
        assert app.sidebar.cursor == 2  # and the list follows


async def test_tab_and_shift_tab_cycle_focus(news):
    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        seen = []
        for _ in range(4):
            await pilot.press("tab")
            seen.append(type(app.focused))
        assert seen == [ReadingPane, FilterInput, TimelineChart, ArticleList]  # (the timeline is above the list)
        await pilot.press("shift+tab", "shift+tab")
        assert isinstance(app.focused, FilterInput)


async def test_slash_focuses_filter_and_typing_filters_live(news):
    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("slash")
        assert isinstance(app.focused, FilterInput)
        await pilot.press(*"ENERGY")
        await wait_filtered(pilot)
        assert app.filter_input.value == "ENERGY"
        assert titles(app) == ["Alpha summit opens", "Beta trade deal", "Delta undated note"]
        count = app.query_one("#filter-count").render()
        assert str(count) == "3 of 5"
        await pilot.press("space", *"deal")  # every word must match
        await wait_filtered(pilot)
        assert titles(app) == ["Beta trade deal"]
        assert str(app.query_one("#filter-count").render()) == "1 of 5"


async def test_filter_matches_title_and_body_case_insensitively(news):
    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("slash", *"gamma")  # title only
        await wait_filtered(pilot)
        assert titles(app) == ["Gamma report"]
        await pilot.press(*["backspace"] * 5, *"QUOTAS")  # body only
        await wait_filtered(pilot)
        assert titles(app) == ["Gamma report"]


async def test_escape_in_filter_clears_it_and_returns_to_list(news):
    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("slash", *"energy")
        await wait_filtered(pilot)
        assert len(app.sidebar.positions) == 3
        await pilot.press("escape")
        assert app.filter_input.value == ""
        assert isinstance(app.focused, ArticleList)
        assert len(app.sidebar.positions) == 5
        assert str(app.query_one("#filter-count").render()) == "5 articles"


async def test_enter_in_filter_goes_to_list_keeping_the_filter(news):
    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("slash", *"energy", "enter")
        await wait_filtered(pilot)
        assert isinstance(app.focused, ArticleList)
        assert app.filter_input.value == "energy"
        await pilot.press("j")
        assert app.pane.article.title == "Beta trade deal"


async def test_no_articles_match_is_shown(news):
    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("slash", *"zebra")
        await wait_filtered(pilot)
        assert list(app.sidebar.positions) == []
        assert "No articles match" in "\n".join(sidebar_rows(app))
        assert app.pane.article is None
        assert "No articles match" in "\n".join(pane_lines(app, 4))
        assert str(app.query_one("#filter-count").render()) == "0 of 5"
        await pilot.press("escape")
        assert app.pane.article.title == "Alpha summit opens"


async def test_open_article_stays_open_while_it_matches(news):
    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("j")  # Beta trade deal
        await pilot.press("slash", *"energy")
        await wait_filtered(pilot)
        assert app.pane.article.title == "Beta trade deal"
        assert app.sidebar.cursor == 1
        await pilot.press(*" vienna")  # Beta no longer matches: the first match opens
        await wait_filtered(pilot)
        assert titles(app) == ["Alpha summit opens"]
        assert app.pane.article.title == "Alpha summit opens"


async def test_matches_are_highlighted_in_pane(news):
    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("slash", *"energy")
        await wait_filtered(pilot)
        text = app.pane.article.text
        spans = [span for span in app.pane.highlights if span[2] == "match"]
        assert [text[start:end] for start, end, _ in spans] == ["energy"]
        # The highlight is styled differently from plain text on screen.
        pane = app.pane
        row = next(y for y in range(20) if "energy" in pane.line_text(y))
        strip = pane.render_line(row - round(pane.scroll_offset.y))
        styles = {segment.text: segment.style for segment in strip}
        plain = next(style for text_, style in styles.items() if "talks" in text_)
        assert styles["energy"] != plain
        await pilot.press("escape")
        assert [span for span in app.pane.highlights if span[2] == "match"] == []  # entities stay


async def test_backslash_toggles_sidebar(news):
    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        sidebar = app.query_one("#sidebar")
        assert sidebar.display
        await pilot.press("backslash")
        await pilot.pause()
        assert not sidebar.display
        assert isinstance(app.focused, ReadingPane)
        assert app.pane.outer_size.width == SIZE[0]
        await pilot.press("backslash")
        await pilot.pause()
        assert sidebar.display


async def test_q_quits_with_status_zero(news):
    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert not app.is_running


async def test_q_in_filter_types_and_ctrl_c_quits_from_anywhere(news):
    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("slash", "q")
        await wait_filtered(pilot)
        assert app.filter_input.value == "q"
        assert app.is_running
        await pilot.press("ctrl+c")
        await pilot.pause()
    assert app.return_code == 0


async def test_ctrl_c_quits_from_pane(news):
    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("enter", "ctrl+c")
        await pilot.pause()
    assert app.return_code == 0


async def test_mouse_click_selects_and_double_click_reads(news):
    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.click("#article-list", offset=(5, 2))
        assert app.sidebar.cursor == 2 and app.pane.article.title == "Gamma report"
        await pilot.click("#article-list", offset=(5, 3))  # the "Undated" header: nothing
        assert app.sidebar.cursor == 2
        await pilot.click("#article-list", offset=(5, 4))
        assert app.pane.article.title == "Delta undated note"
        await pilot.double_click("#article-list", offset=(5, 1))
        assert app.pane.article.title == "Beta trade deal"
        assert isinstance(app.focused, ReadingPane)


async def test_mouse_wheel_scrolls_sidebar(tmp_path):
    from textual.events import MouseScrollDown, MouseScrollUp

    app = ReaderApp([str(many(tmp_path, 300))])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        assert app.sidebar.scroll_offset.y == 0
        # Pilot has no public wheel helper; this posts real wheel events at a point.
        await pilot._post_mouse_events([MouseScrollDown] * 3, "#article-list", offset=(5, 5))
        await pilot.pause()
        scrolled = app.sidebar.scroll_offset.y
        assert scrolled > 0
        assert app.sidebar.cursor == 0  # the wheel scrolls, it does not move the cursor
        await pilot._post_mouse_events([MouseScrollUp], "#article-list", offset=(5, 5))
        await pilot.pause()
        assert app.sidebar.scroll_offset.y < scrolled


async def test_sidebar_reads_a_big_index_page_by_page(tmp_path):
    # (100,000 articles are the benchmarks' part: indexing them takes minutes)
    app = ReaderApp([str(many(tmp_path, 2_000))])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("G")
        assert app.sidebar.cursor == 1_999
        assert app.pane.article.title == "Story number 1999"
        rows = sidebar_rows(app)
        assert any("Story number 1999" in row for row in rows)
        await pilot.press("k")
        assert app.pane.article.title == "Story number 1998"
        await pilot.press("g")
        assert app.pane.article.title == "Story number 0"


async def test_big_collection_filters_in_a_worker_and_drops_stale_results(tmp_path):
    from reader.query import parse_query

    app = ReaderApp([str(many(tmp_path, 2_000))])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("slash", *"number 19")
        await wait_filtered(pilot)
        assert app.filter_input.value == "number 19"  # typing echoes at once
        await wait_filtered(pilot)  # the worker's result arrives a little later
        assert app.query_text == "number 19"
        expected = [f"Story number {i}" for i in range(2_000) if str(i).startswith("19")]
        assert titles(app) == expected
        # A stale result (older generation) is ignored.
        app.main_screen._apply_filter(app.main_screen.filtering.generation - 1, app.source, parse_query("zzz"), [])
        assert len(app.sidebar.positions) == len(expected)


async def test_problems_count_in_footer_and_screen(news):
    from textual.widgets import DataTable

    from reader.ui.screens.problems import ProblemsScreen

    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        footer = str(app.query_one("#sidebar-footer").render())
        assert "5 articles" in footer and "2 skipped" in footer
        await pilot.press("exclamation_mark")
        assert isinstance(app.screen, ProblemsScreen)
        table = app.screen.query_one(DataTable)
        cells = [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]
        assert cells == [
            ["skipped", str(news / "bad/one.txt"), "binary file, not text"],
            ["skipped", str(news / "bad/two.txt"), "empty file"],
        ]
        await pilot.press("escape")
        assert not isinstance(app.screen, ProblemsScreen)


async def test_the_list_has_focus_at_start_and_the_help_scrolls_by_keyboard(news):
    from textual.containers import VerticalScroll

    app = ReaderApp([str(news)])
    async with app.run_test(size=(100, 16)) as pilot:
        await wait_loaded(pilot)
        await pilot.pause()
        assert app.sidebar.has_focus
        await pilot.press("question_mark")
        await pilot.pause()
        scroll = app.screen.query_one(VerticalScroll)
        assert app.screen.focused is scroll and scroll.max_scroll_y > 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert scroll.scroll_y > 0
        await pilot.press("escape")
        await pilot.pause()
        assert app.sidebar.has_focus


async def test_help_screen_lists_real_bindings_by_part(news):
    from reader.ui.screens.help import HelpScreen, help_sections

    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        sections = dict(help_sections(app))
        parts = ["Sidebar", "Timeline", "Reading pane", "Filter", "Entities", "Entities panel (i)", "App"]
        assert list(sections) == parts
        assert ("↓ j", "Down") in sections["Sidebar"]
        assert ("[", "Previous article") in sections["Reading pane"]
        assert ("esc", "Clear filter") in sections["Filter"]
        assert ("/", "Filter") in sections["App"]
        assert ("tab", "Next part") in sections["App"]
        assert ("^p", "Command palette") in sections["App"]
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        # Rebinding a key shows up in the help: it is read from the live bindings.
        app.set_keymap({"list.down": "n"})
        await pilot.pause()
        assert ("n", "Down") in dict(help_sections(app))["Sidebar"]
        await pilot.press("n")
        assert app.sidebar.cursor == 1


async def test_command_palette_has_app_commands(news):
    from textual.command import CommandPalette

    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"toggle sidebar")
        await wait_palette_offers(pilot, "toggle sidebar")
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, CommandPalette)
        assert app.main_screen.has_class("-no-sidebar")


async def test_command_palette_lists_only_commands_until_something_is_typed(news):
    """Articles before anything is typed came before or after the commands as the providers
    happened to answer; typing finds them."""
    from textual.command import CommandList, CommandPalette

    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        results = app.screen.query_one(CommandList)

        def prompts() -> list[str]:
            return [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]

        await wait_for(pilot, lambda: any("Toggle sidebar" in p for p in prompts()), what="the commands")
        assert not any(title in prompt for prompt in prompts() for title in titles(app))
        await pilot.press(*"alpha")
        await wait_for(pilot, lambda: any("Alpha summit opens" in p for p in prompts()), what="the article")


async def test_title_bar_shows_the_counts_and_its_icon_opens_the_palette(news):
    from textual.command import CommandPalette

    from reader.ui.widgets.title_bar import TitleBar

    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.pause()
        bar = app.query_one(TitleBar)
        line = bar.render().plain
        title = "reader — 5 articles · 5 unread"
        assert line.startswith(" ≡") and line.endswith(title)
        left, right = len(line) - len(title) - 8, bar.size.width - 10 - len(line)  # beside the icon / clock space
        assert abs(left - right) <= 1  # centred, as Textual's Header does

        def icon_lit() -> bool:
            return any((span.start, span.end) == (0, 8) for span in bar.render().spans)

        assert not icon_lit()
        await pilot.hover(TitleBar, offset=(2, 0))  # the icon lights up, with a tooltip
        assert icon_lit() and bar.tooltip == "Open the command palette"
        await pilot.hover(TitleBar, offset=(20, 0))
        assert not icon_lit() and bar.tooltip is None
        await pilot.click(TitleBar, offset=(20, 0))  # the title: nothing happens
        assert not isinstance(app.screen, CommandPalette)
        await pilot.click(TitleBar, offset=(1, 0))
        assert isinstance(app.screen, CommandPalette)


async def test_command_palette_opens_an_article_by_title(news):
    from textual.command import CommandPalette

    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("ctrl+p", *"open article")
        await wait_palette_offers(pilot, "open article")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)  # the article palette
        await pilot.press(*"epsilon")
        await wait_palette_offers(pilot, "Epsilon undated")
        await pilot.press("enter")
        await pilot.pause()
        assert app.pane.article.title == "Epsilon undated"
        assert app.sidebar.cursor == 4
        assert isinstance(app.focused, ReadingPane)


async def test_palette_open_clears_a_filter_that_hides_the_article(news):
    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("slash", *"energy")
        await wait_filtered(pilot)
        app.open_article(4)
        await pilot.pause()
        assert app.filter_input.value == ""
        assert app.pane.article.title == "Epsilon undated"


async def test_markup_in_article_text_is_shown_literally(tmp_path):
    (tmp_path / "breaking.txt").write_text("[bold red]BREAKING[/] x\n\nBody with [link=x]y[/link] and [b]z.\n")
    app = ReaderApp([str(tmp_path)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        title = app.articles[0].title
        assert "[bold red]BREAKING[/] x" in title
        assert sidebar_rows(app)[0].strip() == "Undated"
        assert sidebar_rows(app)[1].strip() == "[bold red]BREAKING[/] x"
        assert "[bold red]BREAKING[/] x" in pane_lines(app)[0]
        assert any("[link=x]y[/link] and [b]z." in line for line in pane_lines(app, 12))
        # Nothing on screen got the "bold red" style from the text.
        strip = app.sidebar.render_line(1)
        assert not any(s.style and s.style.color and s.style.color.name == "red" for s in strip)
        # The filter handles markup-like queries literally too.
        await pilot.press("slash", *"[/]")
        await wait_filtered(pilot)
        assert len(app.sidebar.positions) == 1


async def test_load_failure_is_reported_not_a_crash(monkeypatch):
    import reader.index

    def broken(*args, **kwargs):
        raise OSError("disk on fire [red]")

    monkeypatch.setattr(reader.index.Index, "open", broken)
    app = ReaderApp(["x"])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(
            pilot, lambda: "disk on fire [red]" in "\n".join(pane_lines(app, 4)), what="the error in the pane"
        )
        assert app.is_running and not app.loaded
        assert str(app.query_one("#sidebar-footer").render()) == "Loading failed"


async def test_focus_restyles_the_views_only_when_a_rule_depends_on_it(news):
    """The views draw their focused look themselves, so a focus change skips the restyle,
    unless some rule (here an added one) styles them by focus."""

    import reader.ui.app

    class FocusStyled(ReaderApp):
        CSS_PATH = str(Path(reader.ui.app.__file__).with_name("reader.tcss"))  # (relative to this module otherwise)
        CSS = "ArticleList:focus { background: #ff0000; }"

    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.pause()
        assert not app.sidebar._styled_by_focus() and not app.pane._styled_by_focus()
        restyled = []
        update_styles = app.update_styles
        app.update_styles = lambda node, animate=True: restyled.append(node) or update_styles(node, animate)
        await pilot.press("enter")
        assert app.pane.has_focus and not app.sidebar.has_focus
        assert app.sidebar not in restyled and app.pane not in restyled

    app = FocusStyled([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.pause()
        assert app.sidebar._styled_by_focus() and app.sidebar.has_focus
        assert app.sidebar.styles.background.hex == "#FF0000"
        await pilot.press("enter")
        assert app.pane.has_focus and app.sidebar.styles.background.hex != "#FF0000"
