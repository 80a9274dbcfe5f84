"""The app's search flow: the query language in the filter bar, bad queries, n/N through
matches, background indexing with progress, and the cache (``no_cache``)."""

from __future__ import annotations

import threading
import time

import pytest
from ui_helpers import article, pane_lines, sidebar_rows, small_corpus, wait_loaded

from reader.article import sort_articles
from reader.loading import Corpus
from reader.ui.app import ReaderApp
from reader.ui.reading_pane import ReadingPane

SIZE = (100, 30)


def titles(app) -> list[str]:
    return [app.articles[i].title for i in app.sidebar.positions]


def count_label(app) -> str:
    return str(app.query_one("#filter-count").render())


async def typed(pilot, text: str) -> None:
    await pilot.press("slash", *text)
    await pilot.pause()


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
async def test_query_language_in_the_filter_bar(corpus, query, expected):
    app = ReaderApp(corpus=corpus)
    async with app.run_test(size=SIZE) as pilot:
        await typed(pilot, query)
        assert app.query_error is None
        assert titles(app) == expected  # sidebar order: newest first, undated last
        assert count_label(app) == f"{len(expected)} of 5"


async def test_accents_and_case_are_ignored():
    corpus = Corpus(articles=[article("z.txt", "Café society", "Zoë met the Président.", (2024, 1, 2))], problems=[])
    app = ReaderApp(corpus=corpus)
    async with app.run_test(size=SIZE) as pilot:
        await typed(pilot, "cafe president zoe")
        assert titles(app) == ["Café society"]
        text = app.pane.article.text
        assert [text[a:b] for a, b, _ in app.pane.matches] == ["Zoë", "Président"]


async def test_a_bad_query_shows_a_short_message_and_keeps_the_last_results(corpus):
    app = ReaderApp(corpus=corpus)
    async with app.run_test(size=SIZE) as pilot:
        await typed(pilot, "energy ")
        good = list(app.sidebar.positions)
        assert len(good) == 3
        await pilot.press('"', *"trade")
        bar = app.filter_bar
        assert bar.error == "unclosed quote at 8"
        assert list(app.sidebar.positions) == good  # the last good results stay
        assert count_label(app) == "3 of 5"
        assert app.pane.article.title == "Alpha summit opens"
        await pilot.press('"')  # closing the quote: a good query again
        assert bar.error == ""
        assert titles(app) == ["Beta trade deal"]
        for bad, message in [("(energy", "missing ')' at 1"), ("energy)", "unmatched ')' at 7"),
                             ("when:2024", "unknown field 'when:' at 1"), ("after:soon", "after: expects")]:
            app.filter_input.value = bad
            await pilot.pause()
            assert bar.error.startswith(message)
            assert titles(app) == ["Beta trade deal"]
        # The message is on screen, in the filter bar.
        assert app.query_one("#filter-error").display


async def test_query_errors_never_crash_the_app(corpus):
    app = ReaderApp(corpus=corpus)
    async with app.run_test(size=SIZE) as pilot:
        for text in ['"', "-", "OR", "a OR", "()", "((", ")(", 'title:"', "is:maybe", "-(", "date:", "::", "-\"\""]:
            app.filter_input.value = text
            await pilot.pause()
            assert app.is_running
        app.filter_input.value = ""
        await pilot.pause()
        assert app.filter_bar.error == ""
        assert len(app.sidebar.positions) == 5


# -- highlights and n/N ------------------------------------------------------------------------


def long_corpus() -> Corpus:
    filler = "\n\n".join(f"Paragraph {i} says nothing in particular about anything." for i in range(60))
    body = f"{filler}\n\nFirst needle here.\n\n{filler}\n\nSecond needle, then a third needle.\n\n{filler}"
    return Corpus(articles=[
        article("long.txt", "A long story", body, (2025, 1, 2)),
        article("short.txt", "A needle in the title", "Short body with one needle.", (2024, 1, 2)),
    ], problems=[])


async def test_filtered_article_opens_at_its_first_match_and_n_goes_through_matches():
    app = ReaderApp(corpus=long_corpus())
    async with app.run_test(size=SIZE) as pilot:
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


async def test_n_works_from_the_list_and_rings_without_matches():
    app = ReaderApp(corpus=long_corpus())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")  # no filter: nothing to go to, no crash
        assert app.pane.current_match == -1
        await typed(pilot, "needle")
        await pilot.press("enter")  # to the list
        assert app.pane.current_match == 0
        await pilot.press("n")
        assert app.pane.current_match == 1


async def test_match_highlight_differs_from_entity_highlights():

    app = ReaderApp(corpus=long_corpus())
    async with app.run_test(size=SIZE) as pilot:
        await typed(pilot, "needle")
        pane: ReadingPane = app.pane
        match = pane._style("match")
        assert match != pane._style("match-current")
        for label in ("PERSON", "ORG", "GPE"):
            assert pane._style(label) != match or label.lower() not in {
                name.removeprefix("reading-pane--") for name in pane.COMPONENT_CLASSES
            }


async def test_title_matches_are_highlighted():
    app = ReaderApp(corpus=long_corpus())
    async with app.run_test(size=SIZE) as pilot:
        await typed(pilot, "title:needle")
        assert titles(app) == ["A needle in the title"]
        assert app.pane._title_spans == [(2, 8)]
        assert app.pane.matches == []  # title: only looks at titles


# -- the index: background indexing, progress, the cache ------------------------------------------


class FakeIndex:
    """The public API of reader.index.Index the app uses, over articles in memory, with a sync
    that lands in batches when the test says so."""

    def __init__(self, initial: list, pending: list, batch: int = 2) -> None:
        from reader.filtering import ArticleFilter

        self._filter_class = ArticleFilter
        self.notices: list[str] = []
        self._articles = sort_articles(list(initial))
        self._pending = list(pending)
        self._batch = batch
        self.step = threading.Semaphore(0)
        self.lock = threading.Lock()

    def count(self) -> int:
        return len(self._articles)

    def summaries(self, start: int, stop: int) -> list:
        with self.lock:
            return [FakeSummary(id(a), a) for a in self._articles[start:stop]]

    def article(self, article_id: int):
        with self.lock:
            return next((a for a in self._articles if id(a) == article_id), None)

    def position(self, article_id: int):
        with self.lock:
            return next((i for i, a in enumerate(self._articles) if id(a) == article_id), None)

    def search(self, query, limit=None) -> list[int]:
        with self.lock:
            return self._filter_class(list(self._articles)).matching(query)

    def problems(self) -> list:
        return []

    def sync(self, progress=None, workers=None, before_processes=None):
        from reader.index import SyncReport

        total = len(self._pending)
        progress(0, total)
        done = 0
        while self._pending:
            self.step.acquire()
            with self.lock:
                batch, self._pending = self._pending[: self._batch], self._pending[self._batch :]
                self._articles = sort_articles(self._articles + batch)
            done += len(batch)
            progress(done, total)
        return SyncReport(added=total)


class FakeSummary:
    def __init__(self, id_: int, full) -> None:
        self.id = id_
        self.path = full.path
        self.title = full.title
        self.date = full.date
        self.mtime_ns = full.mtime_ns


async def test_background_indexing_shows_progress_while_the_list_and_filter_work(monkeypatch):
    import reader.index
    import reader.ui.app as app_module
    from reader.ui.help_screen import HelpScreen

    monkeypatch.setattr(app_module, "PROGRESS_DELAY", 0)
    corpus = small_corpus().articles
    fake = FakeIndex(initial=[corpus[1]], pending=[corpus[0], corpus[2], corpus[3], corpus[4]])
    monkeypatch.setattr(reader.index.Index, "open", classmethod(lambda cls, *a, **k: fake))
    app = ReaderApp(["somewhere"])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        assert titles(app) == ["Beta trade deal"]  # the cached part shows at once
        assert not app.loaded
        assert "indexing" in str(app.query_one("#sidebar-footer").render())
        app.pane.focus()
        await pilot.pause()
        fake.step.release()  # one batch lands
        await pilot.pause(0.3)
        bar = app.query_one("#load-progress")
        assert bar.display and "2/4" in str(bar.render())
        assert titles(app) == ["Alpha summit opens", "Beta trade deal", "Gamma report"]
        assert app.pane.article.title == "Beta trade deal"  # the open article stays open
        assert app.sidebar.cursor == 1
        await pilot.press("question_mark")  # the UI answers while indexing
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "slash", *"energy")
        await pilot.pause(0.2)
        assert titles(app) == ["Alpha summit opens", "Beta trade deal"]  # filtering works meanwhile
        assert count_label(app) == "2 of 3"
        fake.step.release()
        await wait_loaded(pilot)
        await pilot.pause(0.2)
        assert not bar.display
        # The query typed during indexing applies to what arrived since.
        assert titles(app) == ["Alpha summit opens", "Beta trade deal", "Delta undated note"]
        assert count_label(app) == "3 of 5"
        assert "indexing" not in str(app.query_one("#sidebar-footer").render())


async def test_quitting_while_indexing_stops_the_sync(monkeypatch):
    import reader.index

    corpus = small_corpus().articles
    fake = FakeIndex(initial=[corpus[1]], pending=corpus[2:], batch=1)
    monkeypatch.setattr(reader.index.Index, "open", classmethod(lambda cls, *a, **k: fake))
    app = ReaderApp(["somewhere"])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        loader = app._loader
        await pilot.press("ctrl+c")
        fake.step.release()  # the sync reaches its next batch boundary and stops there
        await pilot.pause(0.2)
    assert app.return_code == 0
    loader.stop(timeout=2)
    assert loader.finished.is_set() and not loader.synced


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
        await pilot.pause(0.3)
        assert titles(app) == ["Story beta about herons"]
    cached = [path for path in private_cache.rglob("*") if path.is_file()]
    assert cached, "the index was written to the cache folder"
    app = ReaderApp([str(folder)])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.05)
        assert len(app.articles) == 3  # straight from the cache, before the sync
        await wait_loaded(pilot)


async def test_no_cache_writes_nothing(tmp_path, private_cache):
    folder = folder_of_articles(tmp_path)
    app = ReaderApp([str(folder)], no_cache=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        assert len(app.articles) == 3
        await typed(pilot, "story alpha")
        await pilot.pause(0.3)
        assert titles(app) == ["Story alpha about herons"]
        assert "herons" in "\n".join(pane_lines(app, 12)).lower()
    assert not [path for path in private_cache.rglob("*") if path.is_file()]


async def test_an_article_open_from_the_index_shows_its_body(tmp_path):
    folder = folder_of_articles(tmp_path, 2)
    app = ReaderApp([str(folder)], no_cache=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        started = time.perf_counter()
        await pilot.press("j")
        assert app.pane.article.title == "Story alpha about herons"
        assert time.perf_counter() - started < 1
        assert any("Herons nest in alpha." in line for line in pane_lines(app, 12))
        assert "Story beta about" in "\n".join(sidebar_rows(app))


async def test_help_documents_the_filter_language(corpus):
    from reader.ui.help_screen import QUERY_HELP, HelpScreen

    app = ReaderApp(corpus=corpus)
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = "\n".join(str(static.render()) for static in app.screen.query(".help-section"))
        syntax = " ".join(key for key, _ in QUERY_HELP)
        for piece in ('"oil price"', "-word", "OR", "title:", "dateline:", "person:", "org:", "place:",
                      "after:", "is:unread", "n  N"):
            assert piece in syntax
        assert "Filter language" in shown or app.screen.query(".help-section")


async def test_the_list_scrollbar_follows_the_number_of_results():
    articles = [article(f"a{i}.txt", f"Report {i} on grain", "grain exports", (2024, 1, 1 + i % 28)) for i in range(60)]
    articles += [article("z.txt", "Rare zebra sighting", "zebra", (2023, 5, 5))]
    app = ReaderApp(corpus=Corpus(articles=sort_articles(articles), problems=[]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.sidebar.show_vertical_scrollbar  # 61 rows in a 25-row list
        await typed(pilot, "zebra")
        assert titles(app) == ["Rare zebra sighting"]
        assert not app.sidebar.show_vertical_scrollbar
        await pilot.press("escape")
        await pilot.pause()
        assert app.sidebar.show_vertical_scrollbar
