"""Re-scanning the folders: r, and --watch (a quiet reload whenever the folders change).

The sync runs in a worker; the screen then swaps in the new snapshot, keeping the cursor and
the filter (a changed open article is followed by its path, a removed one by a neighbour).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reader.ui import visible
from reader.ui.messages import EntityProgress, FoldersChanged, ReloadDone, hand_back

if TYPE_CHECKING:
    from reader.session.source import IndexSource
    from reader.session.watch import FolderWatcher
    from reader.ui.features.host import FeatureHost

#: How often --watch asks the watcher whether a poll is due (it backs off for big trees itself).
WATCH_TICK = 1.0
WATCH_INTERVAL = 2.0


class Reloader:
    """r and --watch for the main screen."""

    def __init__(self, screen: FeatureHost, *, watch: bool = False) -> None:
        self.screen = screen
        self.watching = watch
        self.reloading = False
        self.pending = False  # a quiet reload was asked for while it could not run
        self.watcher: FolderWatcher | None = None

    def start(self) -> None:
        """The screen is mounted: --watch starts ticking."""
        if self.watching:
            self.screen.set_interval(WATCH_TICK, self._watch_tick, name="watch")

    def request(self) -> None:
        """A quiet reload now, or once the one under way (or the first sync) is done: files
        written meanwhile (fetched items) are not missed, and a burst costs one or two reloads."""
        if self.reloading or not self.screen.loaded:
            self.pending = True
        else:
            self.reload(quiet=True)

    def loaded(self) -> None:
        """The first sync is done: a reload asked for meanwhile runs now."""
        if self.pending and not self.reloading:
            self.pending = False
            self.reload(quiet=True)

    def reload(self, quiet: bool = False) -> None:
        """r: re-scan the folders; new, changed and deleted files show up, keeping the cursor and filter."""
        screen = self.screen
        source = screen.latest or screen.source
        if source is None or not screen.loaded or self.reloading:
            if not quiet:
                screen.notify(
                    "Still indexing; try again in a moment.", title="Reload", severity="warning", markup=False
                )
            return
        self.reloading = True
        # Where the cursor should land if the open article is gone: its neighbours, nearest first.
        sidebar = screen.sidebar
        around = []
        if screen.source is not None and sidebar.rows:
            cursor = sidebar.cursor
            for step in (1, -1, 2, -2):  # (rows drawn: a copy folded in its story is not a neighbour)
                if 0 <= cursor + step < len(sidebar.rows):
                    try:
                        around.append(screen.source.key(sidebar.rows[cursor + step]))
                    except Exception:  # noqa: BLE001
                        pass
        opened = screen.pane.article
        open_at = (opened.path, opened.item) if opened is not None else None
        screen.run_worker(
            lambda: self._sync(source, open_at, around, quiet),
            thread=True,
            exclusive=True,
            group="daily-reload",
            exit_on_error=False,
        )

    def _sync(self, source: IndexSource, open_at: tuple[str, str] | None, around: list[Any], quiet: bool) -> None:
        index = source.index
        if self.watcher is not None:
            # The baseline is taken before the sync reads the folders: a file written while it
            # runs is then a change the next poll reports, not part of a baseline it never saw.
            try:
                self.watcher.reset()
            except Exception:  # noqa: BLE001 - a folder that went away: the sync reports it
                pass
        try:
            report = index.sync()
        except Exception as error:  # noqa: BLE001
            hand_back(self.screen, ReloadDone(None, None, None, around, quiet, f"{type(error).__name__}: {error}"))
            return
        changed = report.added or report.updated or report.removed
        fresh = source.next(report.problems) if changed or report.problems != source.problems else None
        # A changed article gets a new row: find the open one by its (path, item).
        new_id = index.article_id(*open_at) if open_at is not None and fresh is not None else None
        hand_back(self.screen, ReloadDone(fresh, report, new_id, around, quiet))
        if fresh is not None:
            try:
                done = index.sync_entities()
            except Exception:  # noqa: BLE001 - entity filters just find less
                return
            if done:  # the pass grouped the same stories again: a snapshot whose rows say how
                hand_back(self.screen, EntityProgress(fresh.next(), done, done, None, finished=True))

    def done(self, message: ReloadDone) -> None:
        screen = self.screen
        self.reloading = False
        if self.pending:
            self.pending = False
            screen.call_later(self.reload, True)
        if message.error is not None:
            screen.notify(visible(message.error), title="Reload failed", severity="error", markup=False)
            return
        fresh, report = message.fresh, message.report
        if fresh is None or report is None:
            if not message.quiet:
                screen.notify("No changes.", title="Reloaded", timeout=2, markup=False)
            return
        screen.follow(fresh, message.new_id, message.around)
        parts = [
            f"{count:,} {what}"
            for count, what in ((report.added, "new"), (report.updated, "changed"), (report.removed, "removed"))
            if count
        ]
        if parts or not message.quiet:
            screen.notify(", ".join(parts) or "No changes.", title="Reloaded", timeout=3, markup=False)

    # -- --watch ---------------------------------------------------------------------------------------

    def _watch_tick(self) -> None:
        screen = self.screen
        if self.reloading or not screen.loaded:
            return
        if self.watcher is None:
            from reader.session.watch import FolderWatcher

            source = screen.latest or screen.source
            if source is None:
                return
            roots = list(source.index.roots)
            if not roots:
                from reader.ingest.files import seeds_dir

                roots = [seeds_dir()]
            self.watcher = FolderWatcher(roots, WATCH_INTERVAL)
        if self.watcher.due():
            screen.run_worker(self._poll, thread=True, exclusive=True, group="daily-watch", exit_on_error=False)

    def _poll(self) -> None:
        watcher = self.watcher
        if watcher is None or self.reloading:
            return
        # The first poll only takes a baseline, after the start-up sync read the folders: one
        # quiet reload then catches a file written in between (it costs a walk of the folders).
        first = watcher.signature is None
        try:
            changed = watcher.poll()
        except Exception:  # noqa: BLE001 - a folder that went away: the reload reports it
            changed = True
        if changed or first:
            hand_back(self.screen, FoldersChanged())
