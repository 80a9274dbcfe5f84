"""The loader thread: opens the index before the app is built, then syncs it and runs the entity pass.

It reports what happens as `LoaderEvent`s to one plain callback (called on the loader thread);
the UI turns each into a typed message (reader.ui.messages). No Textual imports.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from reader.session.source import IndexSource

if TYPE_CHECKING:
    from reader.index.protocol import CollectionIndex

SNAPSHOT_SECONDS = 1.0  # while indexing, a new list at most this often (each one re-reads the order)


class LoaderEvent:
    """What the loader thread reports: ``kind`` is "opened", "progress", "synced", "entities"
    (progress of the entity pass, which follows the sync), "entities-done" (``done``: the articles
    the pass stored; when any, it grouped the same stories again: `CollectionIndex.story_ids`) or
    "failed"."""

    __slots__ = ("done", "eta", "kind", "message", "source", "total")

    def __init__(
        self,
        kind: str,
        source: IndexSource | None = None,
        done: int = 0,
        total: int = 0,
        eta: float | None = None,
        message: str = "",
    ) -> None:
        self.kind = kind
        self.source = source
        self.done = done
        self.total = total
        self.eta = eta
        self.message = message


class _Cancelled(Exception):
    pass


class Loader:
    """Opens the index on a thread of its own (started before the app is built), then syncs it.

    A warm cache gives the list at once (``opened``); the sync (re-reading only new or changed
    files) starts when the app says its first frame is out (`go`), so it does not compete
    with start-up. A cold cache syncs straight away, and a new snapshot follows each committed
    batch. `stop` cancels at the next batch boundary, so the cache stays consistent.
    """

    def __init__(self, paths: Sequence[str], *, no_cache: bool = False, cache_dir: str | None = None) -> None:
        self.paths = list(paths)
        self.no_cache = no_cache
        self.cache_dir = cache_dir
        self.index: CollectionIndex | None = None
        self.source: IndexSource | None = None
        self.error: BaseException | None = None
        self.synced = False
        self.entities_done = False
        self.opened = threading.Event()
        self.finished = threading.Event()
        self.held = threading.Event()  # the sync waits for `go` before starting worker processes
        self._go = threading.Event()
        self._cancel = False
        self._listener: Callable[[LoaderEvent], None] | None = None
        self._pending: list[LoaderEvent] = []
        self._listener_lock = threading.Lock()
        self._started = 0.0
        self._snapshot_at = 0.0
        self._thread = threading.Thread(target=self._run, name="reader-index", daemon=True)

    def start(self) -> Loader:
        self._thread.start()
        return self

    def listen(self, listener: Callable[[LoaderEvent], None]) -> None:
        """Report events to ``listener`` (called on the loader thread), past ones first."""
        with self._listener_lock:
            self._listener = listener
            pending, self._pending = self._pending, []
        for event in pending:
            listener(event)

    def go(self) -> None:
        """The app's first frame is out: the sync may start, and worker processes with it."""
        self._go.set()

    def stop(self, timeout: float = 3.0) -> None:
        """Cancel the sync at its next batch boundary and wait a little for it."""
        self._cancel = True
        self._go.set()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout)

    def _emit(self, event: LoaderEvent) -> None:
        with self._listener_lock:
            listener = self._listener
            if listener is None:
                self._pending.append(event)
                return
        listener(event)

    def _run(self) -> None:
        try:
            from reader.index import Index

            index = Index.open(self.paths, cache_dir=self.cache_dir, no_cache=self.no_cache)
            self.index = index
            source = IndexSource(index)  # problems come with the sync (they need a scan)
            self.source = source
        except Exception as error:  # noqa: BLE001 - reported by the app
            self.error = error
            self.opened.set()
            self.finished.set()
            self._emit(LoaderEvent("failed", message=f"{type(error).__name__}: {error}"))
            return
        self.opened.set()
        self._emit(LoaderEvent("opened", source))
        if len(source):
            self._go.wait()  # warm: let the first frame out before walking the folder
            self._read_dates(source)
        if self._cancel:
            self.finished.set()
            return
        self._started = time.monotonic()
        try:
            report = index.sync(progress=self._progress, before_processes=self._processes_allowed)
        except _Cancelled:
            self.finished.set()
            return
        except Exception as error:  # noqa: BLE001 - the cached list stays usable
            self.finished.set()
            self._emit(LoaderEvent("failed", self.source, message=f"{type(error).__name__}: {error}"))
            return
        self.synced = True
        changed = report.added or report.updated or report.removed
        if changed or report.problems != self.source.problems:
            self.source = self.source.next(report.problems)
        self._emit(LoaderEvent("synced", self.source))
        self._read_dates(self.source)
        self._entities(index)
        self.finished.set()

    def _entities(self, index: CollectionIndex) -> None:
        """The entity pass (person:, org:, place:), on every core, after the list is complete."""
        if self._cancel:
            return
        self._started = time.monotonic()
        try:
            done = index.sync_entities(progress=self._entity_progress, before_processes=self._processes_allowed)
        except _Cancelled:
            return
        except Exception as error:  # noqa: BLE001 - entity filters just find less
            self._emit(LoaderEvent("failed", self.source, message=f"entities: {type(error).__name__}: {error}"))
            return
        self.entities_done = True
        self._emit(LoaderEvent("entities-done", self.source, done, done))

    def _read_dates(self, source: IndexSource) -> None:
        """Read the snapshot's dates for the timeline here, once the screen has the snapshot: read
        by the screen's own threads, they took ~5 MB more peak memory during a cold build at
        100,000 articles, and read by the screen's main thread they would pause it."""
        try:
            source.sort_keys()
        except Exception:  # noqa: BLE001 - the screen reads them again and shows an empty chart on failure
            pass

    def _processes_allowed(self) -> None:
        """Worker processes wait for the first frame: the app starts multiprocessing's resource
        tracker then (it needs the real stderr, which Textual captures while it runs)."""
        self.held.set()
        self._go.wait()
        if self._cancel:
            raise _Cancelled

    def _entity_progress(self, done: int, total: int) -> None:
        if self._cancel:
            raise _Cancelled
        if done == 0:
            self._started = time.monotonic()
        eta = None
        elapsed = time.monotonic() - self._started
        if done and total > done and elapsed > 0.5:
            eta = elapsed / done * (total - done)
        self._emit(LoaderEvent("entities", self.source, done, total, eta))

    def _progress(self, done: int, total: int) -> None:
        if self._cancel:
            raise _Cancelled
        if done == 0:
            self._started = time.monotonic()  # the rate counts parsing, not the folder walk
        eta = None
        elapsed = time.monotonic() - self._started
        if done and total > done and elapsed > 0.5:
            eta = elapsed / done * (total - done)
        now = time.monotonic()
        fresh = None
        if done and (done >= total or now - self._snapshot_at >= SNAPSHOT_SECONDS):
            self._snapshot_at = now  # batches were committed: new rows to show
            if self.source is not None:
                self.source = fresh = self.source.next()
        self._emit(LoaderEvent("progress", self.source, done, total, eta))
        if fresh is not None:
            self._read_dates(fresh)
