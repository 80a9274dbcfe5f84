"""Read/unread, stars and hiding read articles, on the main screen.

The marks themselves and what the list knows of them are `reader.session.marks.MarkBook`
(no Textual); this adds the timer that marks an article read after `READ_DELAY`, the s/m/u
actions, and the workers that key a snapshot's rows and give the index its ``is:`` flags.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any

from reader.session.filtering import uses_flags
from reader.session.marks import MarkBook, key_rows, push_flags
from reader.state.store import Marks
from reader.ui import visible
from reader.ui.messages import FlagsPushed, KeysReady, hand_back

if TYPE_CHECKING:
    from textual.timer import Timer

    from reader.model import Article
    from reader.session.source import IndexSource
    from reader.ui.features.host import FeatureHost

#: Seconds an article stays open before it counts as read.
READ_DELAY = 1.5
KEYS_WHILE_INDEXING = 10.0  # while a cold build adds rows, key the new snapshot at most this often (seconds)


class MarksFeature:
    """s, m, u and the read timer; the sidebar's ★ and unread columns."""

    def __init__(self, screen: FeatureHost) -> None:
        self.screen = screen
        self.book = MarkBook()
        self._keys_for: IndexSource | None = None  # the source whose keys are in book.path_keys
        self._keys_at = 0.0  # when _keys_for was keyed (time.monotonic)
        self._keys_lock = threading.Lock()  # held by the keys worker that is computing
        self._read_timer: Timer | None = None
        self._read_pending: str | None = None
        self._open_key: str | None = None  # content key of the article in the pane

    def row_state(self, row: Any) -> tuple[str, bool]:
        return self.book.row_state(row)

    def show_notices(self) -> None:
        """Store trouble (damaged file moved aside, read-only, a failed write) as notifications, once each."""
        for notice in self.book.take_notices():
            self.screen.notify(
                visible(notice), title="Read/starred marks", severity="warning", markup=False, timeout=10
            )

    def close(self) -> None:
        self.book.close()

    # -- what the screen tells it ------------------------------------------------------------------

    def source_shown(self, source: IndexSource) -> None:
        """A source is shown: find its articles' keys (a worker) and their marks."""
        if source is self._keys_for:
            return
        loader = self.screen.loader
        now = time.monotonic()
        if (
            self._keys_for is not None
            and loader is not None
            and not loader.synced
            and now - self._keys_at < KEYS_WHILE_INDEXING
        ):
            return  # a snapshot a second while indexing: key them now and then (the synced one always)
        self._keys_at = now
        self._keys_for = source
        self.screen.run_worker(
            lambda: self._key(source), thread=True, exclusive=True, group="daily-keys", exit_on_error=False
        )

    def opened(self, article: Article | None, index: int | None) -> None:
        """An article is in the pane: it becomes read after READ_DELAY, unless the user moves on."""
        screen = self.screen
        book = self.book
        if (
            book.pin is not None
            and index is not None
            and screen.source is not None
            and (screen.source.key(index) != book.pin)
        ):
            book.pin = None
            if screen.filtering.wanted is not None:
                screen.call_later(screen.rerun)  # the pinned one goes now
        key, new_row_key = book.opened(article)
        self._open_key = key
        if key is None:
            self.cancel_read_timer()
            return
        if new_row_key:
            screen.refresh_rows()
        if self._read_pending == key:
            return  # the same article again (a new snapshot): keep counting
        self.cancel_read_timer()
        if not book.mark_of(key).read:
            self._read_pending = key
            self._read_timer = screen.set_timer(READ_DELAY, self._read_timer_fired, name="mark-read")

    # -- keys and flags (workers) ------------------------------------------------------------------

    def _key(self, source: IndexSource) -> None:
        # One keying at a time (a cancelled thread worker runs on): at the end of a cold build
        # the last progress snapshot and the synced one arrive together, and two workers each
        # building 100,000 keys beside the app's own were the peak of the process's memory.
        with self._keys_lock:
            if source is not self._keys_for:
                return  # a newer snapshot's worker waits to key that one
            keyed = key_rows(source, dict(self.book.stamps))
            if keyed is None:
                return  # the next source retries
            keys, stamps = keyed
            # Only the marked keys travel on (most are unmarked): no second 100,000-entry dict
            # (nor a set of the keys) beside the app's while the next snapshot is keyed.
            marks = self.book.marked(keys)
            push_flags(source, keys, marks)
            hand_back(self.screen, KeysReady(source, keys, marks, stamps))

    def keys_ready(self, message: KeysReady) -> None:
        if message.source is not self._keys_for and message.source is not self.screen.source:
            return  # a newer source is being keyed
        self.book.keyed(message.keys, message.marks, message.stamps, self._open_key)
        # Marks read from the store, not made now: a read article open at start is hidden at once.
        self.changed(flags_pushed=True, pin_open=False)
        self.show_notices()

    def _push(self, source: IndexSource, keys: dict[str, str], marks: dict[str, Marks], rerun: bool) -> None:
        push_flags(source, keys, marks)
        hand_back(self.screen, FlagsPushed(rerun))

    def flags_pushed(self, rerun: bool) -> None:
        filtering = self.screen.filtering
        filtering.forget()
        if rerun or uses_flags(filtering.wanted):  # typed meanwhile
            self._rerun_flag_query()

    def changed(self, flags_pushed: bool = False, pin_open: bool = True) -> None:
        """Marks changed: redraw rows and counts; re-run an is: filter (or hide_read) on the new flags.

        ``pin_open``: the change was made in this session (m, the read timer), so the open
        article stays listed under hide_read until the user moves away.
        """
        screen = self.screen
        if screen.closing:
            return  # (a read timer can fire as the widgets go: the mark is stored)
        self.book.recount()
        screen.refresh_rows()
        if screen.source is not None:
            screen.update_footer()
        filtering = screen.filtering
        filtering.forget()  # cached is: results are stale now
        rerun = uses_flags(filtering.wanted)
        source = screen.latest or screen.source
        if flags_pushed or source is None:
            if rerun:
                self._rerun_flag_query(pin_open)
        else:  # the index learns the new flags in a worker (the next is: filter needs them)
            keys, marks = dict(self.book.path_keys), dict(self.book.marks)
            screen.run_worker(
                lambda: self._push(source, keys, marks, rerun),
                thread=True,
                exclusive=True,
                group="daily-flags",
                exit_on_error=False,
            )

    def _rerun_flag_query(self, pin_open: bool = True) -> None:
        screen = self.screen
        if screen.filtering.wanted is None:
            return
        if pin_open and screen.filtering.hide_read and screen.current_key is not None and self.book.pin is None:
            self.book.pin = screen.current_key  # the open article stays until the user moves
        screen.filtering.forget()
        screen.rerun()

    # -- the read timer ------------------------------------------------------------------------------

    def cancel_read_timer(self) -> None:
        if self._read_timer is not None:
            self._read_timer.stop()
        self._read_timer = None
        self._read_pending = None

    def _read_timer_fired(self) -> None:
        key, self._read_pending, self._read_timer = self._read_pending, None, None
        if key is None or key != self._open_key:
            return
        self.book.set_read(key)
        self.show_notices()
        self.changed()

    # -- actions ------------------------------------------------------------------------------------------

    def _target(self) -> tuple[Article | None, str | None]:
        """The article under the cursor and its content key."""
        article = self.screen.target_article()
        if article is None:
            return None, None
        return article, self.book.key_of(article)

    def toggle_star(self) -> None:
        article, key = self._target()
        if key is None:
            self.screen.notify("Open an article first.", title="Nothing to star", severity="warning", markup=False)
            return
        marks = self.book.toggle_starred(key)
        self.show_notices()
        self.changed()
        self.screen.notify(
            short_title(article), title="Starred ★" if marks.starred else "Star removed", timeout=2, markup=False
        )

    def toggle_read(self) -> None:
        article, key = self._target()
        if key is None:
            self.screen.notify("Open an article first.", title="Nothing to mark", severity="warning", markup=False)
            return
        self.cancel_read_timer()  # an explicit choice wins over the automatic one
        marks = self.book.toggle_read(key)
        self.show_notices()
        self.changed()
        self.screen.notify(
            short_title(article), title="Marked read" if marks.read else "Marked unread", timeout=2, markup=False
        )

    def toggle_hide_read(self) -> None:
        from reader.session.filtering import parse

        screen = self.screen
        filtering = screen.filtering
        filtering.hide_read = not filtering.hide_read
        self.book.pin = screen.current_key if filtering.hide_read else None
        query, _error = parse(filtering.text or screen.filter_input.value)
        if query is None:
            query, _error = parse("")
        assert query is not None
        filtering.wanted = filtering.run_query(query)
        filtering.forget()
        screen.rerun()
        hidden = filtering.hide_read
        screen.notify(
            "Read articles are hidden (u shows them)." if hidden else "Showing read articles too.",
            title="Hide read: on" if hidden else "Hide read: off",
            timeout=3,
            markup=False,
        )


def short_title(article: Article | None) -> str:
    """An article's title for a one-line notification."""
    title = visible(" ".join((article.title if article is not None else "").split())) or "Untitled"
    return title if len(title) <= 60 else title[:59] + "…"
