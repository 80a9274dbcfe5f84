"""The main screen: title bar, filter bar, sidebar and reading pane, entity legend, key bar.

It owns the layout and every handler: the loader's reports arrive as typed messages
(reader.ui.messages), widgets report what the user did with theirs, and the screen sets
attributes on the widgets in return. The filter's state is `reader.session.filtering.FilterState`
(no Textual); searching runs in a thread worker and a result is shown only if it is still the
newest. Features are objects the screen holds (reader.ui.features): marks, sharing, reload,
entities, feeds and the timeline above the list.

Only what the first frame needs is imported or mounted at start: the query language, the help
and problems screens and the entities panel load on first use; the progress line and the
filter's error label are mounted when first shown.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerState

from reader.model import Article, Problem
from reader.session.filtering import FilterState, uses_entities
from reader.session.marks import with_pin
from reader.ui import problems_summary, visible
from reader.ui.features.entities import EntityFeature
from reader.ui.features.feeds import FeedsFeature
from reader.ui.features.marks import MarksFeature
from reader.ui.features.reload import Reloader
from reader.ui.features.sharing import Sharing
from reader.ui.features.stories import StoriesFeature
from reader.ui.features.timeline import TimelineFeature
from reader.ui.features.timeline import fits as timeline_fits
from reader.ui.keymap import DAILY_BINDINGS, ENTITY_BINDINGS, FEED_BINDINGS, MAIN_BINDINGS
from reader.ui.messages import (
    AliasesRead,
    EntitiesFound,
    EntityFiled,
    EntityProgress,
    FacetsCounted,
    FeedFetched,
    FetchFinished,
    FlagsPushed,
    FoldersChanged,
    IndexOpened,
    IndexProgress,
    IndexSynced,
    KeysReady,
    LoadFailed,
    MentionedWithCounted,
    RelatedFound,
    ReloadDone,
    SearchDone,
    SourcesCounted,
    StoriesFound,
    from_loader,
    hand_back,
)
from reader.ui.widgets.entity_legend import EntityLegend
from reader.ui.widgets.filter_bar import FilterBar, FilterInput
from reader.ui.widgets.key_bar import KeyBar
from reader.ui.widgets.reading_pane import ReadingPane
from reader.ui.widgets.sidebar import ArticleList
from reader.ui.widgets.timeline import TimelineChart
from reader.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from reader.config import Config
    from reader.query import Query
    from reader.session.loader import Loader
    from reader.session.source import IndexSource
    from reader.ui.widgets.entities_panel import (
        EntitiesPanel,
        EntityChosen,
        FacetChosen,
        MentionedWithAsked,
        RelatedChosen,
        ViewChanged,
    )
    from reader.ui.widgets.sources_panel import SourceChosen

#: Indexing longer than this shows a progress bar.
PROGRESS_DELAY = 0.25
#: How long the first frame waits for the index to open (the loader started before the app).
FIRST_FRAME_WAIT = 0.15


class _Terms:
    """The highlight terms of a query that apply to one part of an article (title: only in the title)."""

    __slots__ = ("highlight_terms",)

    def __init__(self, terms: Iterable[Any]) -> None:
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


class AppHost(Protocol):
    """What the screen uses of the app that pushes it (reader.ui.app.ReaderApp)."""

    @property
    def closing(self) -> bool: ...

    def first_frame_out(self) -> None: ...

    def startup_done(self) -> None: ...


class MainScreen(Screen[None]):
    """The list, the article and the filter."""

    BINDING_GROUP_TITLE = "App"
    # The list has focus from the start. Textual's default ("*") would focus the filter input
    # first, and moving away from it restyles the input three times before the first frame.
    AUTO_FOCUS = "#article-list"
    BINDINGS: ClassVar[list[BindingType]] = [*MAIN_BINDINGS, *DAILY_BINDINGS, *ENTITY_BINDINGS, *FEED_BINDINGS]

    def __init__(self, loader: Loader, config: Config, *, watch: bool = False) -> None:
        super().__init__()
        self.loader = loader
        self.config = config
        self.source: IndexSource | None = None  # what the sidebar shows
        self.latest: IndexSource | None = None  # newest snapshot (queries run on it)
        self.loaded = False  # the list is complete (indexing finished)
        self.finding_entities = False  # the entity pass runs (after indexing)
        self.filtering = FilterState(hide_read=config.hide_read)
        self.current: int | None = None  # position in ``articles`` of the open article
        self.current_key: Any = None
        self._pane_request = 0  # the newest pane update a frame away (`_open_next_frame`)
        self._reopen_pending = False
        self._mounted_at = 0.0
        self.marks = MarksFeature(self)
        self.sharing = Sharing(self)
        self.reloader = Reloader(self, watch=watch)
        self.entities = EntityFeature(self)
        self.feeds = FeedsFeature(self, self._read_state, watch=watch, every=config.fetch_every)
        self.timeline_feature = TimelineFeature(self)
        self.stories = StoriesFeature(self)

    @property
    def reader_app(self) -> AppHost:
        return self.app  # type: ignore[return-value]

    @property
    def articles(self) -> Sequence[Any]:
        """The sidebar rows (the index's summaries)."""
        return self.source.rows if self.source is not None else []

    @property
    def problems(self) -> list[Problem]:
        """Files left out or read with a caveat, and the feeds the last fetch could not get."""
        found = self.source.problems if self.source is not None else []
        return [*found, *self.feeds.problems] if self.feeds.problems else found

    def _read_state(self) -> tuple[dict[str, str], dict[str, Any]]:
        """The marks as the sources panel counts them: row key -> content key, key -> marks."""
        book = self.marks.book
        return dict(book.path_keys), dict(book.marks)

    @property
    def closing(self) -> bool:
        return self.reader_app.closing

    # -- layout ------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TitleBar(icon="≡")
        yield FilterBar(id="filter-bar")
        with Horizontal(id="main"):
            with Vertical(id="sidebar"):
                yield TimelineChart(id="timeline")
                yield ArticleList(id="article-list")
                yield Static("Loading…", id="sidebar-footer", markup=False)
            yield ReadingPane(id="pane")  # the entities panel (i) is mounted beside it when first shown
        yield EntityLegend(id="entity-legend")
        yield KeyBar()

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
    def entity_legend(self) -> EntityLegend:
        return self.query_one("#entity-legend", EntityLegend)

    @property
    def timeline(self) -> TimelineChart:
        return self.query_one("#timeline", TimelineChart)

    @property
    def entities_panel(self) -> EntitiesPanel:
        return self.entities.panel

    def mount_beside_pane(self, widget: Widget) -> None:
        """Mount a panel to the right of the reading pane (the entities panel, when first shown)."""
        self.query_one("#main").mount(widget)

    def mount_in_main(self, widget: Widget, before: str) -> None:
        """Mount a panel in the row of list and pane, before ``before`` (the sources panel)."""
        self.query_one("#main").mount(widget, before=before)

    def mount_in_sidebar(self, widget: Widget) -> None:
        """Mount a line above the sidebar's footer (a progress line, when first shown)."""
        self.query_one("#sidebar").mount(widget, before="#sidebar-footer")

    def startup_done(self) -> None:
        """The first article and its entities are shown: the app starts garbage collection (ReaderApp.startup_done)."""
        self.reader_app.startup_done()

    # -- start-up ------------------------------------------------------------------------------------

    def on_mount(self) -> None:
        sidebar = self.sidebar
        sidebar.row_state = self.marks.row_state
        sidebar.date_format = self.config.date_format
        sidebar.group_stories = self.config.group_stories
        self.marks.show_notices()
        self.reloader.start()
        self.feeds.start()
        self._mounted_at = time.monotonic()
        loader = self.loader
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
        loader.listen(lambda event: hand_back(self, from_loader(event)))
        self.entities.start()
        self.call_after_refresh(self.reader_app.first_frame_out)

    def on_unmount(self) -> None:
        self.feeds.stop()
        self.marks.close()

    # -- the loader ------------------------------------------------------------------------------------

    @on(IndexOpened)
    def _index_opened(self, message: IndexOpened) -> None:
        if self.source is None:
            self._show_notices(message.source.notices)
        self._maybe_take(message.source)

    @on(IndexProgress)
    def _index_progress(self, message: IndexProgress) -> None:
        self._progress(message.done, message.total, message.eta)
        self._maybe_take(message.source)

    @on(IndexSynced)
    def _index_synced(self, message: IndexSynced) -> None:
        self.loaded = True
        self._stop_progress()
        # The entity pass follows at once: say so without a gap (its events come next).
        self.finding_entities = not self.loader.entities_done
        if not self._maybe_take(message.source):
            self.update_footer()
        self.reloader.loaded()
        self.feeds.index_loaded()

    @on(EntityProgress)
    def _entity_progress(self, message: EntityProgress) -> None:
        """The entity pass: a progress line while it runs; entity filters re-run as it lands."""
        index = message.source.index if message.source is not None else None
        self.entities.progress(message.done, message.total, message.finished, index)
        self.finding_entities = not message.finished and message.done < message.total
        if self.finding_entities and message.total:
            self._progress(message.done, message.total, message.eta, "entities")
        else:
            self._stop_progress()
        if message.finished and message.done:
            self.stories.regrouped()  # (the pass grouped the same stories again)
        self.update_footer()
        if message.done:
            self.rerun_entity_query()

    @on(LoadFailed)
    def _load_failed(self, message: LoadFailed) -> None:
        self.finding_entities = False
        if self.source is None:
            self.load_failed(message.error)
        else:
            self._stop_progress()
            self.notify(visible(message.error), title="Indexing stopped", severity="error", markup=False)

    def _maybe_take(self, source: IndexSource) -> bool:
        """Show ``source`` if it is newer than the latest snapshot; whether it was."""
        if source is not self.latest and (self.latest is None or source.generation >= self.latest.generation):
            self._take(source)
            return True
        return False

    def load_failed(self, error: str) -> None:
        self._stop_progress()
        self.query_one("#sidebar-footer", Static).update("Loading failed")
        self.pane.show_article(None, f"Could not load the articles: {error}")
        self.notify(visible(error), title="Loading failed", severity="error", markup=False)

    def _show_notices(self, notices: Iterable[str]) -> None:
        for notice in notices:
            self.notify(visible(notice), title="Cache", severity="warning", markup=False)

    def _take(self, source: IndexSource) -> None:
        """A new snapshot: show it (re-running the query first when one is active)."""
        self.latest = source
        wanted = self.filtering.wanted
        if self.source is None or wanted is None or wanted.is_empty:
            self._show_source(source, range(len(source)))
            if wanted is not None and not wanted.is_empty:
                self._run_query(wanted)
        else:
            self._run_query(wanted)  # swapped in with its results: never a mismatch

    def follow(self, fresh: IndexSource, new_id: int | None, around: list[Any]) -> None:
        """A reload's new snapshot: if the open article changed (a new row) or went away, follow
        it, else a neighbour; the pane re-opens it as the file is now."""
        if fresh.find(self.current_key) is None or new_id is not None:
            candidates = ([new_id] if new_id is not None else []) + around
            self.current_key = next((key for key in candidates if fresh.find(key) is not None), None)
            self.current = None
        self._take(fresh)

    def _progress(self, done: int, total: int, eta: float | None, what: str = "") -> None:
        if not total or (time.monotonic() - self._mounted_at < PROGRESS_DELAY and done < total):
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

    def _stop_progress(self) -> None:
        bar = self.query_one_optional("#load-progress", Static)
        if bar is not None:
            bar.remove_class("-shown")

    def _show_source(self, source: IndexSource, positions: Sequence[int]) -> None:
        """Put ``source`` in the sidebar with ``positions`` visible, keeping the open article."""
        first = self.source is None
        previous = self.source
        self.source = source
        if self.latest is None or source.generation >= self.latest.generation:
            self.latest = source
        sidebar = self.sidebar
        cursor = None
        key = self.current_key
        shown = sidebar.highlighted
        moved = self.current is not None and shown is not None and shown != self.current
        if previous is not None and moved and shown is not None and shown < len(previous):
            key = previous.key(shown)  # a move not handled yet (j just pressed): the new list keeps it
        if key is not None:
            cursor = source.find(key)
        sidebar.show_sources = source.many_sources
        sidebar.set_articles(source.rows, positions, first_undated=source.first_undated, cursor_index=cursor)
        self.stories.shown(source)
        self.timeline_feature.shown(source, positions)
        self.entities.results_changed()
        self.update_footer()
        active = self.filtering.active
        self.filter_bar.set_count(len(positions), len(source), active)
        if not len(source):
            empty = "Indexing…" if not self.loaded else "No articles found"
            sidebar.empty_message = empty
            self.pane.message = (
                "No articles found. Press ! to see why."
                if self.problems
                else ("Indexing…" if not self.loaded else "No articles found.")
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
        self.marks.source_shown(source)

    def update_footer(self) -> None:
        footer = self.query_one("#sidebar-footer", Static)
        total = len(self.source) if self.source is not None else 0
        count = len(self.problems)
        text = f"{total:,} article{'s' if total != 1 else ''}"
        if not self.loaded:
            text += " · indexing…"
        elif self.finding_entities:
            text += " · entities…"
        if count:  # files left out, read with a warning (a broken record left out, say), feeds that failed
            text += f" · {problems_summary(self.problems)} (!)"
        footer.update(text)
        footer.set_class(bool(count), "-problems")
        self.app.sub_title = f"{total:,} article{'s' if total != 1 else ''}{self.marks.book.counts_text()}"
        self.feeds.changed()  # (its counts follow new marks and new snapshots)

    def refresh_rows(self) -> None:
        try:
            self.sidebar.refresh_rows()
        except Exception:  # noqa: BLE001 - not mounted yet
            pass

    # -- opening articles ---------------------------------------------------------------------------------

    def _open_next_frame(self, index: int, reopen: bool = True) -> None:
        """Open (or only re-highlight) ``index`` a frame from now: the list is drawn first.

        Reading, parsing and highlighting an article take 10–40 ms that neither the first frame
        nor a keystroke's new list should wait for. A newer request, or any open, drops this one.
        """
        reopen = reopen or self._reopen_pending  # the same article, still to be opened
        self._pane_request += 1
        self._reopen_pending = reopen
        if reopen and self.source is not None:
            self.current, self.current_key = index, self.source.key(index)
        self.call_after_refresh(self._pane_follows, self._pane_request, index, reopen)

    def _pane_follows(self, request: int, index: int, reopen: bool) -> None:
        if request != self._pane_request or index != self.current or self.closing:
            return
        self._reopen_pending = False
        if reopen:
            self._open(index)
        elif self.pane.article is not None:
            self._highlight(self.pane.article, opened=True)

    def _open(self, index: int | None) -> None:
        pane = self.pane
        self._pane_request += 1  # an update a frame away is stale now
        self._reopen_pending = False
        self.current = index
        source = self.source
        if index is None or source is None:
            self.current_key = None
            message = (
                "No articles match" if self.filtering.active and source is not None and len(source) else pane.message
            )
            pane.show_article(None, message)
            self.marks.opened(None, None)
            self.entities.show(None)
            return
        self.current_key = source.key(index)
        article = source.article(index)
        if article is None:  # gone from the index since the list was drawn
            pane.show_article(None, "This article is no longer in the collection.")
            self.marks.opened(None, None)
            self.entities.show(None)
            return
        pane.show_article(article)
        self.marks.opened(article, index)
        self._highlight(article, opened=True)

    def _highlight(self, article: Article, opened: bool = False) -> None:
        self.entities.show(article)  # entity highlights, the panel, n/N through a chosen entity
        query = self.filtering.query
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

    def target_article(self) -> Article | None:
        """The article under the list's cursor (the pane shows it too, once its Highlighted
        message is handled: a key typed right after j must not act on the previous one)."""
        index = self.sidebar.highlighted
        if index is None or self.source is None:
            return None
        pane_article = self.pane.article
        if index == self.current and pane_article is not None:
            return pane_article
        try:
            return self.source.article(index)
        except Exception:  # noqa: BLE001 - gone from the index meanwhile
            return None

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
        if 0 <= target < len(sidebar.rows):
            sidebar.cursor = target
        else:
            self.app.bell()

    @on(ReadingPane.Back)
    def _on_back(self) -> None:
        self.sidebar.focus()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(not timeline_fits(event.size.width, event.size.height), "-no-timeline")

    def on_descendant_focus(self) -> None:
        if self.closing:  # focus moves as the screens close
            return
        self.set_class(isinstance(self.focused, ReadingPane), "-reading")

    # -- filtering ----------------------------------------------------------------------------------------

    @on(Input.Changed, "#filter-input")
    def _on_filter_changed(self, event: Input.Changed) -> None:
        self._start_filter(event.value)

    @on(FilterInput.Done)
    def _on_filter_done(self) -> None:
        self.sidebar.focus()

    def _start_filter(self, text: str) -> None:
        had_error = self.filtering.error is not None
        query = self.filtering.type(text)
        if query is None:
            self.filter_bar.set_error(self.filtering.error)
            return  # the last good results stay
        if had_error:
            self.filter_bar.set_error(None)
        self._run_query(query)

    def set_filter(self, text: str) -> None:
        """Put ``text`` in the filter (running it)."""
        field = self.filter_input
        if field.value == text:
            self._start_filter(text)
        else:
            field.value = text  # Input.Changed runs the query
        field.cursor_position = len(text)

    def rerun(self) -> None:
        """Run the wanted query again (new marks, hide read toggled, a pin dropped)."""
        if self.filtering.wanted is not None:
            self._run_query(self.filtering.wanted)

    def rerun_entity_query(self) -> None:
        """An entity filter finds more as the entity pass lands: run it again."""
        if uses_entities(self.filtering.wanted):
            self.filtering.forget()
            self.rerun()

    def _run_query(self, query: Query) -> None:
        filtering = self.filtering
        generation = filtering.next_generation()
        source = self.latest
        if source is None:
            return  # applied when the index opens
        cached = filtering.cached(source, query)
        if cached is not None:
            self._apply_filter(generation, source, query, cached)
        elif query.is_empty:
            self._apply_filter(generation, source, query, source.search(query))
        else:
            self.run_worker(
                lambda: self._search(generation, source, query),
                thread=True,
                exclusive=True,
                group="filter",
                exit_on_error=False,
            )

    def _search(self, generation: int, source: IndexSource, query: Query) -> None:
        """In a worker: the query's positions, handed back as `SearchDone`."""
        if not self.filtering.is_current(generation):
            return  # typed over already
        try:
            positions = source.search(query)
        except Exception as error:  # noqa: BLE001 - e.g. a locked or damaged cache
            hand_back(self, SearchDone(generation, source, query, None, f"search failed: {error}"))
            return
        if self.filtering.is_current(generation):
            hand_back(self, SearchDone(generation, source, query, positions))

    @on(SearchDone)
    def _search_done(self, message: SearchDone) -> None:
        if message.error is not None:
            self.filter_bar.set_error(message.error)
        self._apply_filter(message.generation, message.source, message.query, message.positions)

    def _apply_filter(
        self, generation: int, source: IndexSource, query: Query, positions: Sequence[int] | None
    ) -> None:
        filtering = self.filtering
        if not filtering.accept(generation, source, query, positions) or positions is None:
            return  # stale (a newer query or snapshot is on its way), or the search failed
        if filtering.hide_read:  # keeps a just-read open article listed
            positions = with_pin(source, positions, self.marks.book.pin)
        active = filtering.active
        sidebar = self.sidebar
        if source is not self.source:
            self._show_source(source, positions)
            if self.current is not None and self.pane.article is not None:
                self._highlight(self.pane.article)
            return
        sidebar.empty_message = "No articles match" if active else "No articles found"
        sidebar.set_visible(positions, cursor_index=self.current)
        self.timeline_feature.shown(source, positions)
        self.entities.results_changed()
        self.filter_bar.set_count(len(positions), len(source), active)
        index = sidebar.highlighted
        if index is None:
            self._open(None)
        elif index != self.current:
            self._open_next_frame(index)
        elif self.pane.article is not None or self._reopen_pending:
            self._open_next_frame(index, reopen=False)

    # -- workers' results ---------------------------------------------------------------------------------

    @on(KeysReady)
    def _keys_ready(self, message: KeysReady) -> None:
        self.marks.keys_ready(message)

    @on(FlagsPushed)
    def _flags_pushed(self, message: FlagsPushed) -> None:
        self.marks.flags_pushed(message.rerun)

    @on(ReloadDone)
    def _reload_done(self, message: ReloadDone) -> None:
        self.reloader.done(message)

    @on(FoldersChanged)
    def _folders_changed(self) -> None:
        self.reloader.reload(quiet=True)

    @on(FeedFetched)
    def _feed_fetched(self, message: FeedFetched) -> None:
        self.feeds.fetched(message.result)

    @on(FetchFinished)
    def _fetch_finished(self, message: FetchFinished) -> None:
        self.feeds.finished(message.report)

    @on(SourcesCounted)
    def _sources_counted(self, message: SourcesCounted) -> None:
        self.feeds.counted(message)

    def on_source_chosen(self, message: SourceChosen) -> None:
        self.feeds.chosen(message.entry)

    def reload_soon(self) -> None:
        """New articles are in a folder the collection reads (fetched items): a quiet reload,
        now or as soon as the one under way (or the first sync) is done."""
        self.reloader.request()

    @on(EntitiesFound)
    def _entities_found(self, message: EntitiesFound) -> None:
        self.entities.found(message.article, message.found)

    @on(EntityFiled)
    def _entity_filed(self, message: EntityFiled) -> None:
        self.set_filter(message.text)

    @on(AliasesRead)
    def _aliases_read(self, message: AliasesRead) -> None:
        self.entities.aliases_read(message.aliases)

    @on(StoriesFound)
    def _stories_found(self, message: StoriesFound) -> None:
        self.stories.found(message)

    @on(TimelineChart.Resized)
    def _timeline_resized(self) -> None:
        self.timeline_feature.rebuild()

    @on(TimelineChart.Chosen)
    def _timeline_chosen(self, message: TimelineChart.Chosen) -> None:
        self.timeline_feature.chosen(message.terms)

    @on(TimelineChart.Back)
    def _timeline_back(self) -> None:
        self.sidebar.focus()

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """The one place a worker's failure is handled: it is shown, and the app carries on."""
        if event.state != WorkerState.ERROR or self.closing:
            return
        worker = event.worker
        if worker.group == "daily-reload":
            self.reloader.reloading = False
        elif worker.group == "feeds-fetch":
            from reader.session.fetching import FetchReport

            self.feeds.finished(FetchReport(said=f"{type(worker.error).__name__}: {worker.error}"))
        error = worker.error
        self.notify(
            visible(f"{type(error).__name__}: {error}"), title="Something went wrong", severity="error", markup=False
        )

    @on(EntityLegend.Toggled)
    def _legend_toggled(self, message: EntityLegend.Toggled) -> None:
        self.entities.toggle_label(message.label)

    def on_entity_chosen(self, message: EntityChosen) -> None:
        self.entities.choose(message.label, message.canonical)

    # (the panel's Results and Related views: reader.ui.features.story_views)

    def on_view_changed(self, message: ViewChanged) -> None:
        self.entities.panel_views.view_changed(message.view)

    def on_facet_chosen(self, message: FacetChosen) -> None:
        self.entities.panel_views.facet_chosen(message.label, message.name, message.exclude)

    def on_mentioned_with_asked(self, message: MentionedWithAsked) -> None:
        self.entities.panel_views.mentioned_with_asked(message.name)

    def on_related_chosen(self, message: RelatedChosen) -> None:
        self.entities.panel_views.related_chosen(message.article_id)

    @on(FacetsCounted)
    def _facets_counted(self, message: FacetsCounted) -> None:
        self.entities.panel_views.facets_counted(message)

    @on(MentionedWithCounted)
    def _mentioned_with_counted(self, message: MentionedWithCounted) -> None:
        self.entities.panel_views.mentioned_with_counted(message)

    @on(RelatedFound)
    def _related_found(self, message: RelatedFound) -> None:
        self.entities.panel_views.related_found(message)

    # -- actions -------------------------------------------------------------------------------------------

    def action_match(self, delta: int) -> None:
        """n / N: the next or previous match of the filter in the open article."""
        self.pane.action_match(delta)

    def action_focus_filter(self) -> None:
        self.remove_class("-reading")
        # At once, not via focus() (a queued callback): keys typed right after / are already
        # queued and must reach the filter, not the screen's one-letter bindings (s, m, o, ...).
        self.set_focus(self.filter_input)

    def action_toggle_sidebar(self) -> None:
        self.toggle_class("-no-sidebar")
        if self.has_class("-no-sidebar"):
            if self.sidebar.has_focus or self.focused is None:
                self.pane.focus()
        elif self.has_class("-narrow"):
            self.sidebar.focus()

    def action_focus_list(self) -> None:
        self.remove_class("-no-sidebar")
        self.sidebar.focus()

    def action_focus_timeline(self) -> None:
        self.timeline_feature.focus()

    def action_help(self) -> None:
        from reader.ui.screens.help import HelpScreen

        if not isinstance(self.app.screen, HelpScreen):
            self.app.push_screen(HelpScreen())

    def action_problems(self) -> None:
        from reader.ui.screens.problems import ProblemsScreen

        if not isinstance(self.app.screen, ProblemsScreen):
            self.app.push_screen(ProblemsScreen(self.problems))

    def action_toggle_star(self) -> None:
        self.marks.toggle_star()

    def action_toggle_read(self) -> None:
        self.marks.toggle_read()

    def action_toggle_hide_read(self) -> None:
        self.marks.toggle_hide_read()

    def action_export(self) -> None:
        self.sharing.export()

    def action_export_all(self) -> None:
        self.sharing.export_all()

    def action_copy_text(self) -> None:
        self.sharing.copy_text()

    def action_open_pager(self) -> None:
        self.sharing.open_external("pager")

    def action_open_editor(self) -> None:
        self.sharing.open_external("editor")

    def action_reload(self, quiet: bool = False) -> None:
        self.reloader.reload(quiet)

    def action_toggle_story_groups(self) -> None:
        self.stories.toggle()

    def action_toggle_entities(self) -> None:
        if not self.has_class("-entities"):
            self.feeds.hide_panel()  # (one panel at a time: two leave the pane no room)
        self.entities.toggle_panel()

    def action_toggle_sources(self) -> None:
        if self.has_class("-entities"):
            self.entities.toggle_panel()
        self.feeds.toggle_panel()

    def action_fetch(self) -> None:
        self.feeds.fetch()

    def action_toggle_label(self, label: str) -> None:
        self.entities.toggle_label(label)


if TYPE_CHECKING:
    from reader.ui.features.host import FeatureHost

    _main_screen_hosts_the_features: type[FeatureHost] = MainScreen
