"""The reading app: sidebar, reading pane, filter bar.

Attributes down, messages up: the app owns the articles, the filter and which
article is open; widgets get data set on them and report what the user did with
messages. Loading and (for big collections) filtering run in thread workers.

Only what the first frame needs is imported here: the filter, the help and
problems screens and the command palette provider load on first use.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from reader.article import Article, Problem
from reader.ui.filter_bar import FilterBar, FilterInput
from reader.ui.reading_pane import ReadingPane
from reader.ui.sidebar import ArticleList

if TYPE_CHECKING:
    from reader.filtering import ArticleFilter
    from reader.loading import Corpus

#: Collections up to this many characters are filtered on the UI thread (well under 10 ms).
SYNC_FILTER_CHARS = 2_000_000
#: Loading longer than this shows a progress bar.
PROGRESS_DELAY = 0.25
#: How long the first frame waits for the articles (the loader started before the app).
FIRST_FRAME_WAIT = 0.15


class Preload:
    """Loads the articles on a thread of its own, started before the app is built.

    So reading the files overlaps Textual's start-up, and the first frame can
    already show the titles.
    """

    def __init__(self, paths: Sequence[str]) -> None:
        self.paths = list(paths)
        self.corpus: Corpus | None = None
        self.error: BaseException | None = None
        self.progress = None  # set by the app: progress(done, total)
        self.last: tuple[int, int] | None = None
        self.done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="reader-load", daemon=True)

    def start(self) -> Preload:
        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            from reader.loading import load_corpus

            self.corpus = load_corpus(self.paths, progress=self._progress)
        except Exception as error:  # noqa: BLE001 - reported by the app
            self.error = error
        finally:
            self.done.set()

    def _progress(self, done: int, total: int) -> None:
        self.last = (done, total)
        callback = self.progress
        if callback is not None:
            callback(done, total)


def _command_provider():
    from reader.ui.commands import ArticleCommands

    return ArticleCommands


class ReaderApp(App[int]):
    """Read a collection of articles."""

    CSS_PATH = "reader.tcss"
    TITLE = "reader"
    BINDING_GROUP_TITLE = "App"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-medium"), (110, "-wide")]
    COMMANDS = App.COMMANDS | {_command_provider}

    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True, id="app.quit_ctrl_c"),
        Binding("slash", "focus_filter", "Filter", key_display="/", id="app.filter"),
        Binding("backslash", "toggle_sidebar", "Sidebar", key_display="\\", id="app.toggle_sidebar"),
        Binding("question_mark", "help", "Help", key_display="?", id="app.help"),
        Binding("exclamation_mark", "problems", "Problems", key_display="!", show=False, id="app.problems"),
    ]

    def __init__(
        self, paths: Sequence[str] = (), *, corpus: Corpus | None = None, preload: Preload | None = None
    ) -> None:
        super().__init__()
        self._preload = preload
        self.paths = list(paths)
        self.articles: list[Article] = []
        self.problems: list[Problem] = []
        self.loaded = False
        self.query = ""
        self.current: int | None = None  # index in ``articles`` of the open article
        self._corpus = corpus
        self._filter: ArticleFilter | None = None
        self._filter_gen = 0
        self._applied: tuple[str, list[int]] | None = None  # last applied query and its result
        self._total_chars = 0
        self._load_started = 0.0

    # -- layout ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield FilterBar(id="filter-bar")
        with Horizontal(id="main"):
            with Vertical(id="sidebar"):
                yield ArticleList(id="article-list")
                yield Static("", id="load-progress", markup=False)
                yield Static("Loading…", id="sidebar-footer", markup=False)
            yield ReadingPane(id="pane")
        yield Footer()

    @property
    def sidebar(self) -> ArticleList:
        return self.query_one("#article-list", ArticleList)

    @property
    def pane(self) -> ReadingPane:
        return self.query_one("#pane", ReadingPane)

    @property
    def filter_input(self) -> FilterInput:
        return self.query_one("#filter-input", FilterInput)

    @property
    def main_screen(self) -> Screen:
        return self.screen_stack[0]

    def on_mount(self) -> None:
        self.sidebar.focus()
        if self._corpus is not None:
            self._loaded(self._corpus)
            self._corpus = None
        else:
            self._load_started = time.monotonic()
            preload = self._preload or Preload(self.paths).start()
            # A small collection is read by now or within a moment: then the
            # first frame shows it. Waiting releases the GIL to the loader.
            if preload.done.wait(FIRST_FRAME_WAIT):
                self._finish_load(preload)
            else:
                self._load(preload)

    # -- loading --------------------------------------------------------------------

    def _finish_load(self, preload: Preload) -> None:
        if preload.error is not None:
            error = preload.error
            self._load_failed(f"{type(error).__name__}: {error}")
        elif preload.corpus is not None:
            self._loaded(preload.corpus)

    @work(thread=True, exclusive=True, group="load")
    def _load(self, preload: Preload) -> None:
        last = 0.0

        def progress(done: int, total: int) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last > 0.05 and now - self._load_started > PROGRESS_DELAY:
                last = now
                self.call_from_thread(self._progress, done, total)

        preload.progress = progress
        if preload.last is not None:
            progress(*preload.last)
        preload.done.wait()
        self.call_from_thread(self._finish_load, preload)

    def _progress(self, done: int, total: int) -> None:
        bar = self.query_one("#load-progress", Static)
        bar.add_class("-shown")
        width = max(4, bar.content_region.width - 16)
        filled = round(width * done / total) if total else 0
        bar.update(f"{'━' * filled}{'╺' * (width - filled)} {done:,}/{total:,}")
        self.query_one("#sidebar-footer", Static).update(f"Loading… {done:,} of {total:,} files")

    def _load_failed(self, message: str) -> None:
        self.query_one("#load-progress", Static).remove_class("-shown")
        self.query_one("#sidebar-footer", Static).update("Loading failed")
        self.pane.show_article(None, f"Could not load the articles: {message}")
        self.notify(message, title="Loading failed", severity="error", markup=False)

    def _loaded(self, corpus: Corpus) -> None:
        self.articles = corpus.articles
        self.problems = corpus.problems
        self.loaded = True
        self._total_chars = sum(article.size or len(article.title) for article in self.articles)
        self.query_one("#load-progress", Static).remove_class("-shown")
        self._update_footer()
        sidebar = self.sidebar
        sidebar.empty_message = "No articles found"
        sidebar.set_articles(self.articles)
        self.pane.message = "No articles found. Press ! to see why." if self.problems else "No articles found."
        self.query_one(FilterBar).set_count(len(self.articles), len(self.articles), False)
        self.sub_title = f"{len(self.articles):,} article{'s' if len(self.articles) != 1 else ''}"
        if self.filter_input.value:
            self._start_filter(self.filter_input.value)
        else:
            self._open(sidebar.highlighted)

    def _update_footer(self) -> None:
        footer = self.query_one("#sidebar-footer", Static)
        count = len(self.problems)
        text = f"{len(self.articles):,} article{'s' if len(self.articles) != 1 else ''}"
        if count:
            text += f" · {count:,} skipped (!)" if count != 1 else " · 1 skipped (!)"
        footer.update(text)
        footer.set_class(bool(count), "-problems")

    # -- opening articles -----------------------------------------------------------------

    def _open(self, index: int | None) -> None:
        pane = self.pane
        self.current = index
        if index is None:
            message = "No articles match" if self.query.strip() else pane.message
            pane.show_article(None, message)
            return
        article = self.articles[index]
        pane.show_article(article)
        self._highlight(article)

    def _highlight(self, article: Article) -> None:
        if not self.query.strip():
            self.pane.set_highlights("match", [])
            return
        from reader.filtering import match_spans

        spans = [(start, end, "match") for start, end in match_spans(article.text, self.query)]
        title = " ".join(article.title.split())
        self.pane.set_highlights("match", spans, match_spans(title, self.query))

    @on(ArticleList.Highlighted)
    def _on_highlighted(self, message: ArticleList.Highlighted) -> None:
        if message.index != self.current:
            self._open(message.index)

    @on(ArticleList.Chosen)
    def _on_chosen(self, message: ArticleList.Chosen) -> None:
        if message.index != self.current:
            self._open(message.index)
        self.pane.focus()

    @on(ReadingPane.Step)
    def _on_step(self, message: ReadingPane.Step) -> None:
        sidebar = self.sidebar
        target = sidebar.cursor + message.delta
        if 0 <= target < len(sidebar.positions):
            sidebar.cursor = target
        else:
            self.bell()

    @on(ReadingPane.Back)
    def _on_back(self) -> None:
        self.sidebar.focus()

    def on_descendant_focus(self) -> None:
        self.main_screen.set_class(isinstance(self.main_screen.focused, ReadingPane), "-reading")

    # -- filtering ---------------------------------------------------------------------------

    @on(Input.Changed, "#filter-input")
    def _on_filter_changed(self, event: Input.Changed) -> None:
        self._start_filter(event.value)

    @on(FilterInput.Done)
    def _on_filter_done(self) -> None:
        self.sidebar.focus()

    def _start_filter(self, query: str) -> None:
        self._filter_gen += 1
        generation = self._filter_gen
        if not self.loaded:
            return  # applied when loading ends
        if self._filter is None:
            from reader.filtering import ArticleFilter

            self._filter = ArticleFilter(self.articles)
        within = None
        if self._applied is not None:
            previous, positions = self._applied
            folded = previous.casefold()
            if folded.strip() and query.casefold().startswith(folded):
                within = positions  # one more letter or word: only narrows
        if self._total_chars <= SYNC_FILTER_CHARS:
            self._apply_filter(generation, query, self._filter.matching(query, within))
        else:
            self._filter_worker(generation, query, within)

    @work(thread=True, exclusive=True, group="filter")
    def _filter_worker(self, generation: int, query: str, within: list[int] | None) -> None:
        assert self._filter is not None
        positions = self._filter.matching(query, within)
        if generation == self._filter_gen:
            self.call_from_thread(self._apply_filter, generation, query, positions)

    def _apply_filter(self, generation: int, query: str, positions: list[int]) -> None:
        if generation != self._filter_gen:
            return  # a newer query is on its way: drop this stale result
        self.query = query
        self._applied = (query, positions)
        active = bool(query.strip())
        sidebar = self.sidebar
        sidebar.empty_message = "No articles match" if active else "No articles found"
        sidebar.set_visible(positions, cursor_index=self.current)
        self.query_one(FilterBar).set_count(len(positions), len(self.articles), active)
        index = sidebar.highlighted
        if index != self.current or index is None:
            self._open(index)
        else:
            self._highlight(self.articles[index])

    # -- actions -----------------------------------------------------------------------------------

    def action_quit(self) -> None:
        self.exit(0)

    def action_focus_filter(self) -> None:
        self.main_screen.remove_class("-reading")
        self.filter_input.focus()

    def action_toggle_sidebar(self) -> None:
        screen = self.main_screen
        screen.toggle_class("-no-sidebar")
        if screen.has_class("-no-sidebar"):
            if self.sidebar.has_focus or screen.focused is None:
                self.pane.focus()
        elif not screen.has_class("-narrow"):
            pass
        else:
            self.sidebar.focus()

    def action_focus_list(self) -> None:
        self.main_screen.remove_class("-no-sidebar")
        self.sidebar.focus()

    def action_open_article_palette(self) -> None:
        from reader.ui.commands import open_article_palette

        open_article_palette(self)

    def action_help(self) -> None:
        from reader.ui.help_screen import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_problems(self) -> None:
        from reader.ui.problems_screen import ProblemsScreen

        if not isinstance(self.screen, ProblemsScreen):
            self.push_screen(ProblemsScreen(self.problems))

    def open_article(self, index: int) -> None:
        """Open article ``index`` (clearing a filter that hides it) and focus the pane."""
        sidebar = self.sidebar
        if sidebar.position_of(index) is None:
            self.filter_input.value = ""
            self._start_filter("")
        position = sidebar.position_of(index)
        if position is not None:
            sidebar.cursor = position
            if self.current != index:
                self._open(index)
        self.pane.focus()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Open article…", "Find an article by its title", self.action_open_article_palette)
        yield SystemCommand("Focus filter", "Type to filter the articles (/)", self.action_focus_filter)
        yield SystemCommand("Toggle sidebar", "Hide or show the article list (\\)", self.action_toggle_sidebar)
        yield SystemCommand("Show problems", "Files that were skipped, and why (!)", self.action_problems)
        yield SystemCommand("Help", "Every key, by part of the screen (?)", self.action_help)
        yield SystemCommand("Focus list", "Move to the article list", self.action_focus_list)


def run_app(paths: Sequence[str] = ()) -> int:
    """Run the app on ``paths`` (the bundled seeds when empty); returns the exit status."""
    preload = Preload(paths).start()  # reads files while Textual starts up
    app = ReaderApp(paths, preload=preload)
    result = app.run()
    if app.return_code not in (None, 0):
        return app.return_code
    return result if isinstance(result, int) else 0
