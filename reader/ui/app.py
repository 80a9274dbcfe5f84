"""The reading app: sidebar, reading pane, filter bar.

Attributes down, messages up: the app owns the article source, the query and which
article is open; widgets get data set on them and report what the user did with
messages. Articles come from the SQLite index (reader.index) opened by a `Loader` thread
started before the app. Searching runs in a thread worker; stale results are dropped.

Only what the first frame needs is imported or mounted at start: the query language, the
help and problems screens, the command palette provider and the entities panel load on first
use; the progress line and the filter's error label are mounted when first shown.
"""

from __future__ import annotations

import gc
import sys
import time
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static

from reader.model import Article, Problem
from reader.ui import visible
from reader.ui.daily_mixin import DAILY_BINDINGS, DailyUseMixin
from reader.ui.entities_mixin import ENTITY_BINDINGS, EntitiesMixin
from reader.ui.entity_legend import EntityLegend
from reader.ui.filter_bar import FilterBar, FilterInput
from reader.ui.key_bar import KeyBar
from reader.ui.reading_pane import ReadingPane
from reader.ui.sidebar import ArticleList
from reader.session.source import IndexSource, Loader, LoaderEvent
from reader.ui.title_bar import TitleBar

if TYPE_CHECKING:
    from reader.config.settings import Config
    from reader.query import Query

#: Indexing longer than this shows a progress bar.
PROGRESS_DELAY = 0.25
#: How long the first frame waits for the index to open (the loader started before the app).
FIRST_FRAME_WAIT = 0.15
#: Garbage collection resumes at the latest this long after the first frame (`_startup_done`).
STARTUP_GC_AFTER = 2.0
RESULTS_KEPT = 6  # recent (snapshot, query) results, for backspace and "iran" → "iran "
#: Input that `ReaderApp.on_event` drops once the app is closing.
_INPUT_EVENTS = (events.Key, events.MouseEvent, events.Paste)


def _command_provider():
    from reader.ui.commands import ArticleSearch

    return ArticleSearch


class _Terms:
    """The highlight terms of a query that apply to one part of an article (title: only in the title)."""

    __slots__ = ("highlight_terms",)

    def __init__(self, terms) -> None:
        self.highlight_terms = tuple(terms)

    @classmethod
    def split(cls, query: Query) -> tuple[_Terms, _Terms]:
        terms = query.highlight_terms
        return (cls(t for t in terms if t.field is None), cls(t for t in terms if t.field in (None, "title")))


def format_eta(seconds: float | None) -> str:
    if seconds is None:
        return ""
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s left"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}:{seconds:02d} left"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} left"


class ReaderApp(DailyUseMixin, EntitiesMixin, App[int]):
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
        # n/N also work from the list (documented with the pane's keys).
        Binding("n", "match(1)", "Next match", show=False),
        Binding("N", "match(-1)", "Previous match", show=False),
        *DAILY_BINDINGS,  # s m u e E y o O r (reader.ui.daily_mixin)
        *ENTITY_BINDINGS,  # i 1-5 (reader.ui.entities_mixin)
    ]

    class Loaded(Message):
        """The loader thread reports (the index opened, a batch was indexed, sync ended)."""

        def __init__(self, event: LoaderEvent) -> None:
            super().__init__()
            self.event = event

    def __init__(
        self,
        paths: Sequence[str] = (),
        *,
        loader: Loader | None = None,
        no_cache: bool = False,
        cache_dir: str | None = None,
        watch: bool = False,
        config: Config | None = None,
        config_problems: Sequence[str] = (),
    ) -> None:
        """``watch`` re-scans the folders when files change; ``config`` (else the user's
        config file) sets the theme, sidebar, dates, hide-read default, colours and keys."""
        super().__init__()
        self.paths = list(paths)
        self.no_cache = no_cache
        self.cache_dir = cache_dir
        self.source: IndexSource | None = None  # what the sidebar shows
        self._latest: IndexSource | None = None  # newest snapshot (queries run on it)
        self._loader = loader
        self.loaded = False  # the list is complete (indexing finished)
        self.finding_entities = False  # the entity pass runs (after indexing)
        self.query_text = ""  # the applied query's text
        self._query: Query | None = None  # the applied query
        self._wanted: Query | None = None  # the last query that parsed (applied when results arrive)
        self.query_error: str | None = None
        self.current: int | None = None  # position in ``articles`` of the open article
        self._current_key: Any = None
        self._filter_gen = 0
        self._pane_request = 0  # the newest pane update a frame away (`_open_next_frame`)
        self._reopen_pending = False
        self.applied_generation = 0  # the last query generation shown (for tests and benchmarks)
        self._results: OrderedDict[tuple, Sequence[int]] = OrderedDict()
        self._mounted_at = 0.0
        self._quitting = False  # exit() was called (`closing`)
        self._daily_init(watch=watch, config=config, config_problems=config_problems)
        self._entities_init()

    @property
    def articles(self) -> Sequence:
        """The sidebar rows (the index's summaries)."""
        return self.source.rows if self.source is not None else []

    @property
    def problems(self) -> list[Problem]:
        return self.source.problems if self.source is not None else []

    # -- layout ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TitleBar(icon="≡")
        yield FilterBar(id="filter-bar")
        with Horizontal(id="main"):
            with Vertical(id="sidebar"):
                yield ArticleList(id="article-list")
                yield Static("Loading…", id="sidebar-footer", markup=False)
            yield ReadingPane(id="pane")  # the entities panel (i) is mounted beside it when first shown
        yield EntityLegend(id="entity-legend")
        yield KeyBar()

    def get_default_screen(self) -> Screen:
        screen = super().get_default_screen()
        # The list has focus from the start. Textual's default ("*") would focus the filter
        # input first, and moving away from it restyles the input three times before the first
        # frame. (Only this screen: the help and other screens keep "*".)
        screen.AUTO_FOCUS = "#article-list"
        return screen

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
    def filter_bar(self) -> FilterBar:
        return self.query_one("#filter-bar", FilterBar)

    @property
    def main_screen(self) -> Screen:
        return self.screen_stack[0]

    @property
    def searching(self) -> bool:
        """The newest query's results are on their way (a search runs in a worker)."""
        return self.applied_generation != self._filter_gen

    @property
    def closing(self) -> bool:
        """The app is quitting (`exit` was called) or the main screen's widgets are gone.

        The one check for everything that can arrive late: keys and clicks queued behind ``q``
        (`on_event`), actions (`run_action`: a binding, a click, a palette command), timers and
        callbacks. A save dialog pushed while the app shuts down would mount without its widgets.
        """
        if self._quitting:
            return True
        try:
            stack = self.screen_stack
        except Exception:  # noqa: BLE001 - the modes are gone: shutting down
            return True
        return not stack or not stack[0].query("#sidebar-footer")

    def exit(self, result: Any = None, return_code: int = 0, message: Any = None) -> None:
        self._quitting = True
        super().exit(result, return_code, message)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, _INPUT_EVENTS) and self.closing:
            return  # typed or clicked after q (or while the screens close): dropped
        await super().on_event(event)

    async def run_action(self, action: Any, default_namespace: Any = None, namespaces: Any = None) -> bool:
        if self.closing:
            return False
        return await super().run_action(action, default_namespace, namespaces)

    def action_command_palette(self) -> None:
        from reader.ui.commands import ReaderCommandPalette

        if self.use_command_palette and not ReaderCommandPalette.is_open(self):
            self.push_screen(ReaderCommandPalette(id="--command-palette"))

    def on_mount(self) -> None:
        self._daily_mount()
        self._mounted_at = time.monotonic()
        loader = self._loader
        if loader is None:
            loader = self._loader = Loader(self.paths, no_cache=self.no_cache, cache_dir=self.cache_dir).start()
        # The index opens within a moment (a warm cache reads no rows yet): then the first
        # frame shows the list. A small cold folder is indexed by then too.
        deadline = time.monotonic() + FIRST_FRAME_WAIT
        if loader.opened.wait(FIRST_FRAME_WAIT) and loader.source is not None and not len(loader.source):
            # (a big folder's sync holds for the first frame before starting worker processes)
            while not loader.finished.wait(0.005) and not loader.held.is_set() and time.monotonic() < deadline:
                pass
        if loader.finished.is_set() and loader.source is not None:
            self.loaded = loader.synced
            self._take(loader.source)
            self._show_notices(loader.source.notices)
        elif loader.opened.is_set() and loader.source is not None:
            self._take(loader.source)
            self._show_notices(loader.source.notices)
        loader.listen(lambda event: self.post_message(self.Loaded(event)))
        self.call_after_refresh(self._first_frame_out)

    def _first_frame_out(self) -> None:
        """Work kept off the first frame: the resource tracker, the sync (and see `_startup_done`)."""
        _start_resource_tracker()
        if self._loader is not None:
            self._loader.go()
        self.set_timer(STARTUP_GC_AFTER, self._startup_done)  # no article to open: don't wait for one

    def _startup_done(self) -> None:
        """The first article and its entities are shown: garbage collection starts (reader.cli
        disabled it for start-up), never scanning what start-up built. That includes the entity
        recogniser's word lists, whose ~500,000 references would otherwise be walked by every
        full collection (~20 ms each, in the middle of a keystroke)."""
        if not gc.isenabled():
            gc.freeze()
            gc.enable()

    # -- loading --------------------------------------------------------------------

    @on(Loaded)
    def _on_loaded(self, message: Loaded) -> None:
        event = message.event
        self._entities_loader(event)
        source = event.source
        if event.kind == "failed":
            self.finding_entities = False
            if self.source is None:
                self._load_failed(event.message)
            else:
                self._stop_progress()
                self.notify(visible(event.message), title="Indexing stopped", severity="error", markup=False)
            return
        if event.kind == "opened":
            if self.source is None:
                self._show_notices(source.notices)
        elif event.kind == "progress":
            self._progress(event.done, event.total, event.eta)
        elif event.kind in ("entities", "entities-done"):
            self._entities_progress(event)
            return
        elif event.kind == "synced":
            self.loaded = True
            self._stop_progress()
            loader = self._loader
            # The entity pass follows at once: say so without a gap (its events come next).
            self.finding_entities = loader is not None and not loader.entities_done
        if source is not None and source is not self._latest and (
            self._latest is None or source.generation >= self._latest.generation
        ):
            self._take(source)
        elif event.kind == "synced":
            self._update_footer()

    def _show_notices(self, notices: Iterable[str]) -> None:
        for notice in notices:
            self.notify(visible(notice), title="Cache", severity="warning", markup=False)

    def _take(self, source: IndexSource) -> None:
        """A new snapshot: show it (re-running the query first when one is active)."""
        self._latest = source
        if self.source is None or self._wanted is None or self._wanted.is_empty:
            self._show_source(source, range(len(source)))
            if self._wanted is not None and not self._wanted.is_empty:
                self._run_query(self._wanted)
        else:
            self._run_query(self._wanted)  # swapped in with its results: never a mismatch

    def _progress(self, done: int, total: int, eta: float | None, what: str = "") -> None:
        if not total or time.monotonic() - self._mounted_at < PROGRESS_DELAY and done < total:
            return
        if done >= total:
            return
        bar = self.query_one_optional("#load-progress", Static)
        if bar is None:  # mounted when first needed: most starts never show it
            bar = Static("", id="load-progress", markup=False)
            self.query_one("#sidebar").mount(bar, before="#sidebar-footer")
        bar.add_class("-shown")
        left = format_eta(eta)
        label = f" {what} {done:,}/{total:,}" if what else f" {done:,}/{total:,}"
        label += f" · {left}" if left else ""
        width = max(4, self.query_one("#sidebar-footer").content_region.width - len(label))  # as wide as the bar
        filled = round(width * done / total)
        bar.update(f"{'━' * filled}{'╺' * (width - filled)}{label}")
        doing = "Finding entities in" if what else "Indexing"
        bar.tooltip = f"{doing} {done:,} of {total:,} files" + (f", {left}" if left else "")

    def _entities_progress(self, event: LoaderEvent) -> None:
        """The entity pass: a progress line while it runs; entity filters re-run as it lands."""
        self.finding_entities = event.kind == "entities" and event.done < event.total
        if self.finding_entities and event.total:
            self._progress(event.done, event.total, event.eta, "entities")
        else:
            self._stop_progress()
        self._update_footer()
        wanted = self._wanted
        if event.done and wanted is not None and any(
            f"{field}:" in wanted.text.lower() for field in ("person", "org", "place", "entity")
        ):
            self._results.clear()
            self._run_query(wanted)

    def _stop_progress(self) -> None:
        bar = self.query_one_optional("#load-progress", Static)
        if bar is not None:
            bar.remove_class("-shown")

    def _load_failed(self, message: str) -> None:
        self._stop_progress()
        self.query_one("#sidebar-footer", Static).update("Loading failed")
        self.pane.show_article(None, f"Could not load the articles: {message}")
        self.notify(visible(message), title="Loading failed", severity="error", markup=False)

    def _show_source(self, source: IndexSource, positions: Sequence[int]) -> None:
        """Put ``source`` in the sidebar with ``positions`` visible, keeping the open article."""
        first = self.source is None
        self.source = source
        if self._latest is None or source.generation >= self._latest.generation:
            self._latest = source
        sidebar = self.sidebar
        cursor = None
        if self._current_key is not None:
            cursor = source.find(self._current_key)
        sidebar.set_articles(source.rows, positions, first_undated=source.first_undated, cursor_index=cursor)
        self._update_footer()
        active = self._query is not None and not self._query.is_empty
        self.filter_bar.set_count(len(positions), len(source), active)
        if not len(source):
            empty = "Indexing…" if not self.loaded else "No articles found"
            sidebar.empty_message = empty
            self.pane.message = (
                "No articles found. Press ! to see why." if self.problems else
                ("Indexing…" if not self.loaded else "No articles found.")
            )
        elif active:
            sidebar.empty_message = "No articles match"
        index = sidebar.highlighted
        if first and index is not None:
            self._open_next_frame(index)
        elif index != self.current or index is None or self.pane.article is None:
            self._open(index)
        elif index is not None:
            self.current = index
        self._daily_source(source)

    def _open_next_frame(self, index: int, reopen: bool = True) -> None:
        """Open (or only re-highlight) ``index`` a frame from now: the list is drawn first.

        Reading, parsing and highlighting an article take 10–40 ms that neither the first frame
        nor a keystroke's new list should wait for. A newer request, or any open, drops this one.
        """
        reopen = reopen or self._reopen_pending  # the same article, still to be opened
        self._pane_request += 1
        self._reopen_pending = reopen
        if reopen:
            self.current, self._current_key = index, self.source.key(index)
        self.call_after_refresh(self._pane_follows, self._pane_request, index, reopen)

    def _pane_follows(self, request: int, index: int, reopen: bool) -> None:
        if request != self._pane_request or index != self.current or self.closing:
            return
        self._reopen_pending = False
        if reopen:
            self._open(index)
        elif self.pane.article is not None:
            self._highlight(self.pane.article, opened=True)

    def _update_footer(self) -> None:
        footer = self.query_one("#sidebar-footer", Static)
        total = len(self.source) if self.source is not None else 0
        count = len(self.problems)
        text = f"{total:,} article{'s' if total != 1 else ''}"
        if not self.loaded:
            text += " · indexing…"
        elif self.finding_entities:
            text += " · entities…"
        if count:
            text += f" · {count:,} skipped (!)" if count != 1 else " · 1 skipped (!)"
        footer.update(text)
        footer.set_class(bool(count), "-problems")
        self.sub_title = f"{total:,} article{'s' if total != 1 else ''}{self._daily_counts()}"

    # -- opening articles -----------------------------------------------------------------

    def _open(self, index: int | None) -> None:
        pane = self.pane
        self._pane_request += 1  # an update a frame away is stale now
        self._reopen_pending = False
        self.current = index
        if index is None:
            self._current_key = None
            active = self._query is not None and not self._query.is_empty
            message = "No articles match" if active and self.source is not None and len(self.source) else pane.message
            pane.show_article(None, message)
            self._daily_opened(None, None)
            self._entities_show(None)
            return
        source = self.source
        self._current_key = source.key(index)
        article = source.article(index)
        if article is None:  # gone from the index since the list was drawn
            pane.show_article(None, "This article is no longer in the collection.")
            self._daily_opened(None, None)
            self._entities_show(None)
            return
        pane.show_article(article)
        self._daily_opened(article, index)
        self._highlight(article, opened=True)

    def _highlight(self, article: Article, opened: bool = False) -> None:
        self._entities_show(article)  # entity highlights, the panel, n/N through a chosen entity
        query = self._query
        pane = self.pane
        if query is None or not query.highlight_terms:
            pane.set_highlights("match", [])
            return
        from reader.query import match_spans

        body_terms, title_terms = _Terms.split(query)
        spans = [(start, end, "match") for start, end in match_spans(article.text, body_terms)]
        title = " ".join(article.title.split())
        pane.set_highlights("match", spans, match_spans(title, title_terms))
        if opened:
            pane.show_first_match()

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
        if self.closing:  # focus moves as the screens close
            return
        self.main_screen.set_class(isinstance(self.main_screen.focused, ReadingPane), "-reading")

    # -- filtering ---------------------------------------------------------------------------

    @on(Input.Changed, "#filter-input")
    def _on_filter_changed(self, event: Input.Changed) -> None:
        self._start_filter(event.value)

    @on(FilterInput.Done)
    def _on_filter_done(self) -> None:
        self.sidebar.focus()

    def _start_filter(self, text: str) -> None:
        from reader.query import QueryError, parse_query

        try:
            query = parse_query(text)
        except QueryError as error:
            self._filter_gen += 1  # a search still running for older text is stale now
            self.applied_generation = self._filter_gen
            self.query_error = f"{error.message} at {error.position + 1}"
            self.filter_bar.set_error(self.query_error)
            return  # the last good results stay
        except Exception as error:  # noqa: BLE001 - a parser bug must not take the app down
            self._filter_gen += 1
            self.applied_generation = self._filter_gen
            self.query_error = f"cannot read this query ({type(error).__name__})"
            self.filter_bar.set_error(self.query_error)
            return
        if self.query_error is not None:
            self.query_error = None
            self.filter_bar.set_error(None)
        self._wanted = self._daily_query(query)  # + is:unread while read articles are hidden
        self._run_query(self._wanted)

    def _run_query(self, query: Query) -> None:
        self._filter_gen += 1
        generation = self._filter_gen
        source = self._latest
        if source is None:
            return  # applied when the index opens
        key = (id(source), source.generation, query.root)
        cached = self._results.get(key)
        if cached is not None:
            self._results.move_to_end(key)
            self._apply_filter(generation, source, query, cached)
        elif query.is_empty:
            self._apply_filter(generation, source, query, self._search(source, query))
        else:
            self._filter_worker(generation, source, query)

    @work(thread=True, exclusive=True, group="filter", exit_on_error=False)
    def _filter_worker(self, generation: int, source, query: Query) -> None:
        if generation != self._filter_gen:
            return  # typed over already
        positions = self._search(source, query)
        if generation == self._filter_gen and positions is not None:
            try:
                self.call_from_thread(self._apply_filter, generation, source, query, positions)
            except RuntimeError:  # the app closed meanwhile
                pass

    def _search(self, source, query: Query) -> Sequence[int] | None:
        try:
            return source.search(query)
        except Exception as error:  # noqa: BLE001 - e.g. a locked or damaged cache
            message = f"search failed: {error}"
            if self.is_running:
                try:
                    self.call_from_thread(self.filter_bar.set_error, message)
                except RuntimeError:
                    self.filter_bar.set_error(message)
            return None

    def _apply_filter(self, generation: int, source, query: Query, positions: Sequence[int] | None) -> None:
        if generation != self._filter_gen:
            return  # a newer query or snapshot is on its way: drop this stale result
        self.applied_generation = generation
        if positions is None:
            return  # the search failed: the message is shown, the last results stay
        key = (id(source), source.generation, query.root)
        self._results[key] = positions
        self._results.move_to_end(key)
        while len(self._results) > RESULTS_KEPT:
            self._results.popitem(last=False)
        positions = self._daily_positions(source, positions)  # keeps a just-read open article listed
        self.query_text = query.text
        self._query = query
        active = not query.is_empty
        sidebar = self.sidebar
        if source is not self.source:
            self._show_source(source, positions)
            if self.current is not None and self.pane.article is not None:
                self._highlight(self.pane.article)
            return
        sidebar.empty_message = "No articles match" if active else "No articles found"
        sidebar.set_visible(positions, cursor_index=self.current)
        self.filter_bar.set_count(len(positions), len(source), active)
        index = sidebar.highlighted
        if index is None:
            self._open(None)
        elif index != self.current:
            self._open_next_frame(index)
        elif self.pane.article is not None or self._reopen_pending:
            self._open_next_frame(index, reopen=False)

    # -- actions -----------------------------------------------------------------------------------

    def action_quit(self) -> None:
        if self._loader is not None:
            self._loader.stop(timeout=0)  # indexing stops at its next batch boundary
        self.exit(0)

    def action_match(self, delta: int) -> None:
        """n / N: the next or previous match of the filter in the open article."""
        self.pane.action_match(delta)

    def action_focus_filter(self) -> None:
        self.main_screen.remove_class("-reading")
        # At once, not via focus() (a queued callback): keys typed right after / are already
        # queued and must reach the filter, not the app's one-letter bindings (s, m, o, ...).
        self.main_screen.set_focus(self.filter_input)

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
        yield SystemCommand("Toggle entities panel", "People, organisations, places… of the open article (i)",
                            self.action_toggle_entities)
        yield SystemCommand("Show problems", "Files that were skipped, and why (!)", self.action_problems)
        yield SystemCommand("Help", "Every key, by part of the screen (?)", self.action_help)
        yield SystemCommand("Focus list", "Move to the article list", self.action_focus_list)


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker (worker processes need it) with the real stderr.

    It passes ``sys.stderr.fileno()`` to its process, which is -1 while Textual captures
    stderr, so the main thread starts it with the real one put back for a moment; the
    loader's worker processes wait for it (`Loader.go`).
    """
    from multiprocessing import resource_tracker

    captured = sys.stderr
    sys.stderr = sys.__stderr__ or captured
    try:
        resource_tracker.ensure_running()
    finally:
        sys.stderr = captured


def run_app(paths: Sequence[str] = (), *, no_cache: bool = False, cache_dir: str | None = None,
            watch: bool = False) -> int:
    """Run the app on ``paths`` (the bundled seeds when empty); returns the exit status.

    ``no_cache`` keeps the index in memory (nothing read from or written to the cache
    folder); ``cache_dir`` overrides the user cache directory; ``watch`` re-scans the
    folders when their files change.
    """
    loader = Loader(paths, no_cache=no_cache, cache_dir=cache_dir).start()  # opens the index while Textual starts
    app = ReaderApp(paths, loader=loader, no_cache=no_cache, cache_dir=cache_dir, watch=watch)
    try:
        result = app.run()
    finally:
        loader.stop(timeout=5.0)  # lets a batch in flight commit; worker processes are cancelled
    if app.return_code not in (None, 0):
        return app.return_code
    return result if isinstance(result, int) else 0
