"""Feeds on the main screen: R fetches every feed followed in the background, f shows the
sources panel, and --watch fetches every ``fetch_every`` minutes.

A fetch is ``reader fetch`` in a child process (reader.session.fetching): reading and filtering
never wait for it, and a feed with new items asks for a quiet reload so that they join the list
as they arrive. While it runs, a line above the sidebar's footer counts the feeds done and the
new items; the sources panel shows how each feed went; the feeds that failed are listed on the
problems screen (!) until the next fetch.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.widgets import Static

from reader.model import Problem, article_key
from reader.state.store import UNMARKED, Marks
from reader.ui import visible
from reader.ui.messages import FeedFetched, FetchFinished, SourcesCounted, hand_back

if TYPE_CHECKING:
    from reader.session.fetching import FeedFetch, FeedResult, FetchReport
    from reader.session.sources import SourceEntry
    from reader.ui.features.host import FeatureHost
    from reader.ui.widgets.sources_panel import SourcesPanel

#: What the sources panel needs of the marks: row key -> content key, content key -> marks.
ReadState = Callable[[], tuple[dict[str, str], dict[str, Marks]]]
#: A burst of changes (marks, snapshots) recounts the panel once, this long after the last.
RECOUNT_DELAY = 0.4


class FeedsFeature:
    """R, f and the periodic fetch for the main screen."""

    def __init__(self, screen: FeatureHost, read_state: ReadState, *, watch: bool = False, every: int = 0) -> None:
        self.screen = screen
        self.read_state = read_state
        self.watching = watch
        self.every = every  # minutes between fetches with --watch (0: none)
        self.fetch_run: FeedFetch | None = None
        self.total = 0  # feeds in the fetch under way
        self.results: dict[str, FeedResult] = {}  # this session's latest result per feed URL
        self._current: dict[str, FeedResult] = {}  # the results of the fetch under way
        self.problems: list[Problem] = []  # the last fetch's failures, for the problems screen
        self.entries: Sequence[SourceEntry] = ()
        self._panel: SourcesPanel | None = None
        self._count_generation = 0
        self._recount_timer: Any = None
        self._inserted: str | None = None  # the source term the panel put in the filter
        self._fetched_once = False

    # -- fetching -----------------------------------------------------------------------------------

    @property
    def fetching(self) -> bool:
        return self.fetch_run is not None

    def start(self) -> None:
        """The screen is mounted: with --watch, fetch every ``every`` minutes."""
        if self.watching and self.every:
            self.screen.set_interval(self.every * 60, lambda: self.fetch(quiet=True), name="fetch-feeds")

    def index_loaded(self) -> None:
        """The first sync is done: with --watch, the first fetch starts (the feeds' new items
        then join a list that is complete)."""
        if self.watching and self.every and not self._fetched_once:
            self.fetch(quiet=True)

    def fetch(self, quiet: bool = False) -> None:
        """R: fetch every feed followed, in the background."""
        from reader.session.fetching import FeedFetch
        from reader.session.sources import followed_feeds

        screen = self.screen
        if self.fetch_run is not None:
            if not quiet:
                done = len(self._current)
                screen.notify(f"Already fetching: {done} of {self.total} feeds done.", title="Feeds", markup=False)
            return
        feeds, problems = followed_feeds()
        if not feeds:
            if not quiet:
                hint = "No feeds followed. Add one with: reader feeds add URL (or reader feeds import FILE.opml)."
                screen.notify(visible("; ".join([*problems, hint])), title="Feeds", severity="warning", markup=False)
            return
        self._fetched_once = True
        self.total = len(feeds)
        self._current = {}
        run = self.fetch_run = FeedFetch()
        self._show_progress()
        self._show_statuses()
        screen.run_worker(lambda: self._run(run), thread=True, group="feeds-fetch", exit_on_error=False)

    def _run(self, run: FeedFetch) -> None:
        report = run.run(lambda result: hand_back(self.screen, FeedFetched(result)))
        hand_back(self.screen, FetchFinished(report))

    def fetched(self, result: FeedResult) -> None:
        """One feed is done: its status, the progress line, and its new items into the list."""
        self._current[result.url] = result
        self.results[result.url] = result
        self._show_progress()
        self._show_statuses()
        if result.new and self.reads_fetched_items():
            self.screen.reload_soon()

    def finished(self, report: FetchReport) -> None:
        """The fetch ended: the failures go to the problems screen, and a summary is shown."""
        screen = self.screen
        self.fetch_run = None
        self._hide_progress()
        if report.stopped or screen.closing:
            return
        self.problems = [Problem(result.url, result.reason, "failed") for result in report.failed]
        complaints = _lines(report.said)
        self.problems += [Problem("reader fetch", line.removeprefix("reader fetch: "), "failed") for line in complaints]
        screen.update_footer()
        self._show_statuses()
        if not report.results:
            said = " ".join(_lines(report.said)) or f"reader fetch ended with status {report.status}"
            screen.notify(visible(said), title="Fetch failed", severity="error", markup=False)
            return
        new, failed = report.new, len(report.failed)
        parts = [f"{new:,} new item{'s' if new != 1 else ''} from {len(report.results)} feeds"]
        if failed:
            parts.append(f"{failed} failed (! shows why)")
        if new and not self.reads_fetched_items():
            parts.append("stored for `reader` with no folder given")
        screen.notify(visible("; ".join(parts)), title="Fetched", severity="warning" if failed else "information")

    def stop(self) -> None:
        """The app is quitting: the fetch stops at once (its items files are replaced whole)."""
        if self.fetch_run is not None:
            self.fetch_run.stop()

    def reads_fetched_items(self) -> bool:
        """Whether the collection shown includes the folder fetched items are stored in."""
        from reader.session.sources import fetched_items_folder

        source = self.screen.latest or self.screen.source
        if source is None:
            return False
        folder = Path(fetched_items_folder())
        return any(Path(root) == folder for root in source.index.roots)

    def _show_progress(self) -> None:
        screen = self.screen
        line = screen.query_one_optional("#fetch-progress", Static)
        if line is None:
            line = Static("", id="fetch-progress", markup=False)
            screen.mount_in_sidebar(line)
        done = self._current.values()
        new = sum(result.new for result in done)
        failed = sum(result.failed for result in done)
        text = f"⟳ feeds {len(done)}/{self.total} · {new:,} new" + (f" · {failed} failed" if failed else "")
        line.update(text)
        line.tooltip = "Fetching the feeds followed (f shows each one)"
        line.add_class("-shown")

    def _hide_progress(self) -> None:
        line = self.screen.query_one_optional("#fetch-progress", Static)
        if line is not None:
            line.remove_class("-shown")

    # -- the sources panel ----------------------------------------------------------------------------

    @property
    def panel(self) -> SourcesPanel:
        """The panel, mounted left of the list the first time it is wanted."""
        from reader.ui.widgets.sources_panel import SourcesPanel

        if self._panel is None:
            self._panel = SourcesPanel(id="sources")
            self.screen.mount_in_main(self._panel, before="#sidebar")
        return self._panel

    @property
    def panel_shown(self) -> bool:
        return self.screen.has_class("-sources")

    def toggle_panel(self) -> None:
        """f: show the panel (focused); on a shown but unfocused panel, focus it; else hide it."""
        screen = self.screen
        panel = self.panel
        if self.panel_shown and not panel.has_focus:
            panel.focus()
            return
        screen.toggle_class("-sources")
        if self.panel_shown:
            self.recount()
            panel.focus()
        else:
            self._leave_panel()

    def hide_panel(self) -> None:
        if self.panel_shown:
            self.screen.remove_class("-sources")
            self._leave_panel()

    def _leave_panel(self) -> None:
        screen = self.screen
        if self._panel is not None and (self._panel.has_focus or screen.focused is None):
            screen.sidebar.focus()

    def chosen(self, entry: SourceEntry) -> None:
        """Enter on a row: its term replaces the one the panel put in the filter before (the rest
        of the filter stays), and the list takes the focus."""
        screen = self.screen
        text = screen.filter_input.value
        term = entry.query or ""
        if self._inserted and self._inserted in text:
            text = text.replace(self._inserted, term, 1)
        elif term:
            text = f"{text.strip()} {term}"
        self._inserted = term or None
        screen.set_filter(text.strip())
        if screen.has_class("-narrow"):
            screen.remove_class("-sources")
        screen.sidebar.focus()

    def changed(self) -> None:
        """Marks or the collection changed: the panel's counts follow, once a burst is over."""
        if not self.panel_shown:
            return
        if self._recount_timer is not None:
            self._recount_timer.stop()
        self._recount_timer = self.screen.set_timer(RECOUNT_DELAY, self.recount)

    def recount(self) -> None:
        """Count the rows per source in a worker (a newer count drops this one)."""
        self._recount_timer = None
        source = self.screen.latest or self.screen.source
        if source is None:
            return
        if not self.entries:
            self.panel.show_entries((), self._statuses())
        self._count_generation += 1
        generation = self._count_generation
        keys, marks = self.read_state()
        index = source.index

        def count() -> None:
            from reader.session.sources import followed_feeds, source_entries

            def is_read(row: Any) -> bool:
                return marks.get(keys.get(article_key(row.path, row.item), ""), UNMARKED).read

            feeds, _problems = followed_feeds()
            entries = source_entries(index.articles(), is_read, feeds)
            hand_back(self.screen, SourcesCounted(generation, entries))

        self.screen.run_worker(count, thread=True, exclusive=True, group="sources-count", exit_on_error=False)

    def counted(self, message: SourcesCounted) -> None:
        if message.generation != self._count_generation or self.screen.closing:
            return
        self.entries = message.entries
        self.panel.show_entries(message.entries, self._statuses())

    def _statuses(self) -> dict[str, str]:
        statuses = {url: result.status() for url, result in self.results.items()}
        if self.fetch_run is not None:
            statuses |= {url: "fetching…" for url in self._pending_urls()}
        return statuses

    def _pending_urls(self) -> list[str]:
        return [entry.url for entry in self.entries if entry.kind == "feed" and entry.url not in self._current]

    def _show_statuses(self) -> None:
        if self._panel is not None and self.panel_shown:
            self._panel.show_statuses(self._statuses())


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]
