"""The app's search flow: the query language in the filter bar, bad queries, n/N through
matches, background indexing with progress, and the cache (``no_cache``)."""

from __future__ import annotations

import threading

import pytest
from ui_helpers import (
    article,
    pane_lines,
    sidebar_rows,
    small_corpus,
    wait_filtered,
    wait_for,
    wait_loaded,
    wait_opened,
    write_articles,
)

from reader.index import Index
from reader.ui.app import ReaderApp
from reader.ui.widgets.reading_pane import ReadingPane

SIZE = (100, 30)


def titles(app) -> list[str]:
    return [app.articles[i].title for i in app.sidebar.positions]


def count_label(app) -> str:
    return str(app.query_one("#filter-count").render())


async def typed(pilot, text: str) -> None:
    await pilot.press("slash", *text)
    await wait_filtered(pilot)


# -- the query language in the filter bar ------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("energy", ["Alpha summit opens", "Beta trade deal", "Delta undated note"]),
        ("title:deal", ["Beta trade deal"]),
        ("dateline:vienna", ["Alpha summit opens"]),
        ('"trade deal"', ["Beta trade deal"]),
        ('"deal trade"', []),
        ("energy -deal", ["Alpha summit opens", "Delta undated note"]),
        ('energy -"trade deal"', ["Alpha summit opens", "Delta undated note"]),
        ("gamma OR epsilon", ["Gamma report", "Epsilon undated"]),
        ("(gamma OR beta) report", ["Gamma report"]),
        ("after:2024-06", ["Alpha summit opens", "Beta trade deal"]),
        ("before:2025", ["Beta trade deal", "Gamma report"]),
        ("date:2024-03", ["Gamma report"]),
        ("date:2024-03-05", []),  # dated only to March: not known to be the 5th
        ("after:2020 energy", ["Alpha summit opens", "Beta trade deal"]),  # undated never match dates
        ("ENERG", ["Alpha summit opens", "Beta trade deal", "Delta undated note"]),  # last word a prefix
    ],
)
async def test_query_language_in_the_filter_bar(news, query, expected):
    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await typed(pilot, query)
        assert app.query_error is None
        assert titles(app) == expected  # sidebar order: newest first, undated last
        assert count_label(app) == f"{len(expected)} of 5"


async def test_accents_and_case_are_ignored(tmp_path):
    folder = write_articles(
        tmp_path / "news", [article("z.txt", "Café society", "Zoë met the Président.", (2024, 1, 2))]
    )
    app = ReaderApp([str(folder)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await typed(pilot, "cafe president zoe")
        assert titles(app) == ["Café society"]
        text = app.pane.article.text
        assert [text[a:b] for a, b, _ in app.pane.matches] == ["Zoë", "Président"]


async def test_a_bad_query_shows_a_short_message_and_keeps_the_last_results(news):
    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await typed(pilot, "energy ")
        good = list(app.sidebar.positions)
        assert len(good) == 3
        await pilot.press('"', *"trade")
        await wait_filtered(pilot)
        bar = app.filter_bar
        assert bar.error == "unclosed quote at 8"
        assert list(app.sidebar.positions) == good  # the last good results stay
        assert count_label(app) == "3 of 5"
        assert app.pane.article.title == "Alpha summit opens"
        await pilot.press('"')  # closing the quote: a good query again
        await wait_filtered(pilot)
        assert bar.error == ""
        assert titles(app) == ["Beta trade deal"]
        for bad, message in [
            ("(energy", "missing ')' at 1"),
            ("energy)", "unmatched ')' at 7"),
            ("when:2024", "unknown field 'when:' at 1"),
            ("after:soon", "after: expects"),
        ]:
            app.filter_input.value = bad
            await pilot.pause()
            assert bar.error.startswith(message)
            assert titles(app) == ["Beta trade deal"]
        # The message is on screen, in the filter bar.
        assert app.query_one("#filter-error").display


BAD_QUERIES = [
    ('"', "unclosed quote at 1"),
    ("-", "nothing to exclude after '-' at 1"),
    ("OR", "OR needs a term before it at 1"),
    ("a OR", "OR needs a term after it at 3"),
    ("()", "empty parentheses at 1"),
    ("((", "missing ')' at 2"),
    (")(", "unmatched ')' at 1"),
    ('title:"', "unclosed quote at 7"),
    ("is:maybe", "is: expects read, unread or starred at 1"),
    ("-(", "missing ')' at 2"),
    ("date:", "date: needs a value at 1"),
]


async def test_query_errors_show_their_message_and_keep_the_list(news):
    app = ReaderApp([str(news)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        for text, message in BAD_QUERIES:
            app.filter_input.value = text
            await wait_filtered(pilot)
            shown = app.query_one("#filter-error")
            assert (str(shown.render()), shown.has_class("-shown")) == (message, True), text
            assert app.filter_input.has_class("-invalid")
            assert len(app.sidebar.positions) == 5 and count_label(app) == "5 articles", text
        for harmless in ("::", '-""'):  # nothing to search for: every article, no error
            app.filter_input.value = harmless
            await wait_filtered(pilot)
            assert app.filter_bar.error == "" and not app.query_one("#filter-error").has_class("-shown")
            assert len(app.sidebar.positions) == 5
        app.filter_input.value = ""
        await wait_filtered(pilot)
        assert app.filter_bar.error == ""
        assert count_label(app) == "5 articles"


# -- highlights and n/N ------------------------------------------------------------------------


def long_folder(tmp_path) -> list[str]:
    filler = "\n\n".join(f"Paragraph {i} says nothing in particular about anything." for i in range(60))
    body = f"{filler}\n\nFirst needle here.\n\n{filler}\n\nSecond needle, then a third needle.\n\n{filler}"
    return [
        str(
            write_articles(
                tmp_path / "news",
                [
                    article("long.txt", "A long story", body, (2025, 1, 2)),
                    article("short.txt", "A needle in the title", "Short body with one needle.", (2024, 1, 2)),
                ],
            )
        )
    ]


async def test_filtered_article_opens_at_its_first_match_and_n_goes_through_matches(tmp_path):
    app = ReaderApp(long_folder(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await typed(pilot, "needle")
        pane = app.pane
        assert pane.article.title == "A long story"
        text = pane.article.text
        matches = pane.matches
        assert [text[a:b] for a, b, _ in matches] == ["needle"] * 3
        # Opened scrolled to the first match, which is on screen and current.
        assert pane.current_match == 0
        assert any("First needle here." in line for line in pane_lines(app, 25))
        first_top = pane.scroll_offset.y
        assert first_top > 0
        await pilot.press("enter", "enter")  # to the list, into the pane
        assert isinstance(app.focused, ReadingPane)
        await pilot.press("n")
        assert pane.current_match == 1
        assert pane.scroll_offset.y > first_top
        assert any("Second needle" in line for line in pane_lines(app, 25))
        await pilot.press("n")
        assert pane.current_match == 2
        await pilot.press("n")  # wraps around
        assert pane.current_match == 0
        await pilot.press("N")
        assert pane.current_match == 2
        # The current match is styled differently from the other matches.
        line = pane.line_of_offset(matches[2][0])
        strip = pane.render_line(line - round(pane.scroll_offset.y))
        styles = [segment.style for segment in strip if segment.text == "needle"]
        assert len(styles) == 2 and styles[0] != styles[1]


async def test_n_works_from_the_list_and_rings_without_matches(tmp_path):
    app = ReaderApp(long_folder(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("n")  # no filter: nothing to go to, no crash
        assert app.pane.current_match == -1
        await typed(pilot, "needle")
        await pilot.press("enter")  # to the list
        assert app.pane.current_match == 0
        await pilot.press("n")
        assert app.pane.current_match == 1


async def test_match_highlight_differs_from_entity_highlights(tmp_path):
    folder = write_articles(
        tmp_path / "news",
        [article("talks.txt", "Talks", "Sergei Lavrov met the needle makers of Microsoft in Vienna.", (2025, 1, 3))],
    )
    app = ReaderApp([str(folder)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await typed(pilot, "needle")
        pane: ReadingPane = app.pane
        kinds = {kind for _, _, kind in pane.highlights}
        await wait_for(
            pilot,
            lambda: {"PERSON", "ORG", "PLACE"} <= {kind for _, _, kind in pane.highlights},
            what="the entity highlights",
        )
        line = pane.line_of_offset(pane.article.text.index("needle"))
        strip = pane.render_line(line - round(pane.scroll_offset.y))
        style_of = {segment.text: segment.style for segment in strip}
        match = style_of["needle"]
        current = pane._style("match-current")  # the only match is the current one
        assert (match.color, match.bgcolor) == (current.color, current.bgcolor) and match.bgcolor is not None
        for name, label in (("Sergei Lavrov", "PERSON"), ("Microsoft", "ORG"), ("Vienna", "PLACE")):
            entity = pane._style(label)
            assert style_of[name].color == entity.color, name  # its label's colour
            assert style_of[name].bgcolor != match.bgcolor, name  # an entity never looks like a match
        assert "match" in kinds


async def test_title_matches_are_highlighted(tmp_path):
    app = ReaderApp(long_folder(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await typed(pilot, "title:needle")
        assert titles(app) == ["A needle in the title"]
        assert app.pane._title_spans == [(2, 8)]
        assert app.pane.matches == []  # title: only looks at titles


# -- the index: background indexing, progress, the cache ------------------------------------------


class GatedIndex(Index):
    """The real index, whose sync waits for the test before each committed batch lands: it
    stops after announcing its total, then after each batch until `step` is released."""

    step = threading.Semaphore(0)

    def sync(self, progress=None, workers=None, before_processes=None):
        def gated(done: int, total: int) -> None:
            if progress is not None:
                progress(done, total)
            if done < total:
                self.step.acquire()

        return super().sync(progress=gated, workers=workers, before_processes=before_processes)


def cached_then_added(tmp_path, monkeypatch, cached: list, added: list):
    """A folder whose cache holds ``cached``; ``added`` were written since (the next sync finds
    them). The app's index is a `GatedIndex`, a fresh gate each time."""
    import reader.index

    folder = write_articles(tmp_path / "news", cached)
    with Index.open([folder]) as index:
        index.sync()
    write_articles(folder, added)
    gated = type("GatedIndex", (GatedIndex,), {"step": threading.Semaphore(0)})
    monkeypatch.setattr(reader.index, "Index", gated)
    return folder, gated


async def test_background_indexing_shows_progress_while_the_list_and_filter_work(tmp_path, monkeypatch):
    import reader.index.passes
    import reader.ui.screens.main as main_module
    from reader.ui.screens.help import HelpScreen

    monkeypatch.setattr(main_module, "PROGRESS_DELAY", 0)
    monkeypatch.setattr(reader.index.passes, "MAX_BATCH_ITEMS", 2)  # two new files a batch
    articles = small_corpus().articles
    folder, gated = cached_then_added(
        tmp_path, monkeypatch, [articles[1]], [articles[0], articles[2], articles[3], articles[4]]
    )
    app = ReaderApp([str(folder)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_opened(app)
        assert titles(app) == ["Beta trade deal"]  # the cached part shows at once
        assert not app.loaded
        assert "indexing" in str(app.query_one("#sidebar-footer").render())
        app.pane.focus()
        await pilot.pause()
        gated.step.release()  # one batch lands
        await wait_for(pilot, lambda: len(app.articles) == 3, what="the first batch")
        bar = app.query_one("#load-progress")
        assert bar.display and "2/4" in str(bar.render())
        assert titles(app) == ["Alpha summit opens", "Beta trade deal", "Gamma report"]
        assert app.pane.article.title == "Beta trade deal"  # the open article stays open
        assert app.sidebar.cursor == 1
        await pilot.press("question_mark")  # the UI answers while indexing
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "slash", *"energy")
        await wait_filtered(pilot)
        assert titles(app) == ["Alpha summit opens", "Beta trade deal"]  # filtering works meanwhile
        assert count_label(app) == "2 of 3"
        gated.step.release()
        await wait_loaded(pilot)
        await wait_filtered(pilot)
        assert not bar.display
        # The query typed during indexing applies to what arrived since.
        assert titles(app) == ["Alpha summit opens", "Beta trade deal", "Delta undated note"]
        assert count_label(app) == "3 of 5"
        assert "indexing" not in str(app.query_one("#sidebar-footer").render())


async def test_quitting_while_indexing_stops_the_sync(tmp_path, monkeypatch):
    import reader.index.passes

    monkeypatch.setattr(reader.index.passes, "MAX_BATCH_ITEMS", 1)
    articles = small_corpus().articles
    folder, gated = cached_then_added(tmp_path, monkeypatch, [articles[1]], articles[2:])
    app = ReaderApp([str(folder)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_opened(app)
        loader = app._loader
        await wait_for(
            pilot, lambda: loader.held.is_set() or app.query_one("#sidebar-footer").render(), what="the sync to start"
        )
        await pilot.press("ctrl+c")
        gated.step.release()  # the sync reaches its next batch boundary and stops there
    assert app.return_code == 0
    loader.stop(timeout=5)
    assert loader.finished.is_set() and not loader.synced
    with Index.open([folder]) as index:  # the cache stays whole: the first new file at most
        assert index.count() in (1, 2)


NAMES = ["alpha", "beta", "gamma"]


def folder_of_articles(tmp_path, count: int = 3):
    folder = tmp_path / "news"
    folder.mkdir()
    for i, name in enumerate(NAMES[:count]):
        (folder / f"{i}.txt").write_text(f"Story {name} about herons\n\n{5 + i} May 2024\n\nHerons nest in {name}.\n")
    return folder


async def test_the_index_is_cached_and_reused(tmp_path, private_cache):
    folder = folder_of_articles(tmp_path)
    app = ReaderApp([str(folder)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        assert len(app.articles) == 3
        assert titles(app)[0] == "Story gamma about herons"  # newest first
        await typed(pilot, "herons story beta")
        assert titles(app) == ["Story beta about herons"]
    cached = [path for path in private_cache.rglob("*") if path.is_file()]
    assert cached, "the index was written to the cache folder"
    app = ReaderApp([str(folder)])
    async with app.run_test(size=SIZE) as pilot:
        assert len(app.articles) == 3 and not app.loaded  # straight from the cache, before the sync
        await wait_loaded(pilot)


async def test_no_cache_writes_nothing(tmp_path, private_cache):
    folder = folder_of_articles(tmp_path)
    app = ReaderApp([str(folder)], no_cache=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        assert len(app.articles) == 3
        await typed(pilot, "story alpha")
        assert titles(app) == ["Story alpha about herons"]
        assert "herons" in "\n".join(pane_lines(app, 12)).lower()
    assert not [path for path in private_cache.rglob("*") if path.is_file()]


async def test_an_article_open_from_the_index_shows_its_body(tmp_path):
    folder = folder_of_articles(tmp_path, 2)
    app = ReaderApp([str(folder)], no_cache=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("j")
        assert app.pane.article.title == "Story alpha about herons"  # read from the index on the move
        assert any("Herons nest in alpha." in line for line in pane_lines(app, 12))
        assert "Story beta about" in "\n".join(sidebar_rows(app))


async def test_help_documents_the_filter_language(news):
    from reader.ui.screens.help import QUERY_HELP, HelpScreen

    app = ReaderApp([str(news)])
    async with app.run_test(size=(100, 60)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        section = app.screen.query(".help-section").last()
        lines = [
            "".join(segment.text for segment in section.render_line(y)).strip() for y in range(section.size.height)
        ]
        assert lines[0] == "Filter language"
        for keys, description in [
            ('"oil price"', "a phrase"),
            ('-word  -"a phrase"', "leave out articles"),
            ("gas OR oil", "either;"),
            ("title:  dateline:", "only in the title"),
            ("person: org: place:", "an entity by its"),
            ("after:2024-06", "dates: after:"),
            ("is:unread", "is:read, is:unread"),
            ("n  N", "next / previous match"),
        ]:
            row = next((line for line in lines if line.startswith(keys)), None)
            assert row is not None and description in row, (keys, lines)
        assert len(lines) >= 1 + len(QUERY_HELP)


async def test_the_list_scrollbar_follows_the_number_of_results(tmp_path):
    articles = [article(f"a{i}.txt", f"Report {i} on grain", "grain exports", (2024, 1, 1 + i % 28)) for i in range(60)]
    articles += [article("z.txt", "Rare zebra sighting", "zebra", (2023, 5, 5))]
    app = ReaderApp([str(write_articles(tmp_path / "news", articles))])
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        await pilot.pause()
        assert app.sidebar.show_vertical_scrollbar  # 61 rows in a 25-row list
        await typed(pilot, "zebra")
        assert titles(app) == ["Rare zebra sighting"]
        assert not app.sidebar.show_vertical_scrollbar
        await pilot.press("escape")
        await pilot.pause()
        assert app.sidebar.show_vertical_scrollbar
