"""Same-story groups in the list: finding them for each snapshot, and z (grouping on or off).

Each row carries its group (``story``), but the list reads the index a page at a time, so which
rows are grouped is asked of the index by a worker (`CollectionIndex.story_ids`, one indexed
read); the sidebar folds the groups when its answer comes (`StoriesFound`, dropped
if another snapshot is shown by then). Groups change only when an entity pass stored new articles
(`regrouped`), so the rows are read for the first snapshot and after such a pass; any other new
snapshot (a cold build's, a reload's) gets the groups known, carried over by article id: rows move
when articles arrive, ids do not.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from reader.ui.messages import StoriesFound, hand_back

if TYPE_CHECKING:
    from reader.session.source import IndexSource
    from reader.session.stories import StoryMap
    from reader.ui.features.host import FeatureHost

#: A new snapshot gets the known groups at once (on the UI thread) if there are at most this many
#: grouped articles (each is looked up in the index: ~2 µs); more are placed by the worker.
CARRIED_AT_MOST = 5000


class StoriesFeature:
    """Keeps the sidebar's same-story groups in step with the snapshot it shows."""

    def __init__(self, screen: FeatureHost) -> None:
        self.screen = screen
        self._ids: dict[int, int] | None = None  # article id → story id, as last read (None: never read)
        self._read_due = False  # an entity pass ended while grouping was off: read when it is turned on
        self._placed_for: IndexSource | None = None  # the snapshot whose groups are `_placed`
        self._placed: StoryMap | None = None
        self._working_on: IndexSource | None = None  # the snapshot a worker places (or last did)
        self._reading = False  # that worker reads the rows (a newer snapshot's worker reads them too)

    def shown(self, source: IndexSource) -> None:
        """The list shows a new snapshot: give it its groups."""
        if self.screen.sidebar.group_stories:  # (else found when grouping is turned on)
            self._follow(source, read=self._ids is None or self._read_due)

    def regrouped(self) -> None:
        """An entity pass stored new articles and grouped the stories again: read the rows shown."""
        source = self.screen.source
        if source is not None and self.screen.sidebar.group_stories:
            self._follow(source, read=True)
        else:
            self._read_due = True

    def _follow(self, source: IndexSource, read: bool) -> None:
        sidebar = self.screen.sidebar
        if source is self._placed_for and self._placed is not None and not read:
            sidebar.set_stories(self._placed)
            return
        if self._ids is not None and len(self._ids) <= CARRIED_AT_MOST:
            from reader.session.stories import place_stories

            placed = place_stories(self._ids, source.find)
            sidebar.set_stories(placed)
            if not read:
                self._placed_for, self._placed = source, placed
                return
        self._read_due = False
        self._working_on = source
        self._reading = read = read or self._reading
        work = partial(self._work, source, read)
        if self._ids is None:  # a read competes with drawing: the first frame goes out before it
            self.screen.call_after_refresh(self._start, work)
        else:
            self._start(work)

    def _start(self, work: Callable[[], None]) -> None:
        self.screen.run_worker(work, thread=True, exclusive=True, group="stories", exit_on_error=False)

    def _work(self, source: IndexSource, read: bool) -> None:
        """In a worker: the snapshot's groups (its rows read, or the known ones placed), handed
        back as `StoriesFound`; skipped once another snapshot is worked on."""
        from reader.session.stories import place_stories, read_story_ids

        if source is not self._working_on:
            return
        try:
            ids = read_story_ids(source.index) if read or self._ids is None else self._ids
            stories = place_stories(ids, source.find)
        except Exception:  # noqa: BLE001 - the index changed or closed under us: the next snapshot tries again
            return
        hand_back(self.screen, StoriesFound(source, ids, stories))

    def found(self, message: StoriesFound) -> None:
        if self.screen.closing or message.source is not self._working_on:
            return  # a newer read (or placing) is on its way
        self._ids = message.ids
        self._reading = False
        screen, sidebar = self.screen, self.screen.sidebar
        if message.source is screen.source:
            self._placed_for, self._placed = message.source, message.stories
            if sidebar.group_stories:
                sidebar.set_stories(message.stories)
        elif screen.source is not None and sidebar.group_stories:
            self._follow(screen.source, read=False)  # the list moved on meanwhile: the groups follow it

    def toggle(self) -> None:
        """z: the same story from several sources as one row (a count, space unfolds it), or every article."""
        screen = self.screen
        sidebar = screen.sidebar
        sidebar.group_stories = not sidebar.group_stories
        on = sidebar.group_stories
        if on and screen.source is not None:
            self._follow(screen.source, read=self._ids is None or self._read_due)
        said = "The same story from several sources is one row (space unfolds it)."
        screen.notify(
            said if on else "Every article has its row.",
            title="Same stories grouped" if on else "Same stories not grouped",
            timeout=3,
            markup=False,
        )
